#!/bin/bash
# usage: envab.sh CLASSPATHFILE case... ; env variants in VARIANTS (| separated)
cp=$(cat "$1"); shift
IFS='|' read -r -a variants <<< "${VARIANTS:-X=1|GOMP_SPINCOUNT=0|OMP_WAIT_POLICY=passive}"
for r in ${ROUNDS:-1 2}; do
  for c in "$@"; do
    for v in "${variants[@]}"; do
      line=$(env $v java -Xmx12g -cp "$cp" io.github.alexnet4j.cli.AlexNetCli bench --case $c 2>/dev/null | tail -1)
      echo "$r,$c,$v,$(echo "$line" | grep -o '"images_per_second":[0-9.]*' | cut -d: -f2),$(echo "$line" | grep -o '"peak_rss_mb":[0-9.]*' | cut -d: -f2)"
    done
  done
done
