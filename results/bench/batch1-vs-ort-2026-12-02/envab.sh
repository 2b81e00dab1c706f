#!/bin/bash
# Paired A/B of an environment setting: each bench case in its own process, with and without the setting,
# alternating, for this project (DL4J), ONNX Runtime (the bench's own --ort-case, inference cases) and
# PyTorch (its best row, bench/peer/run CASE-best), ROUNDS rounds (default 1 2).
# usage (from the project root): envab.sh CLASSPATHFILE "VAR=value" case ...
# Output lines: round,case,peer,setting,images_per_second,peak_rss_mb
cp=$(cat "$1"); setting=$2; shift 2
field() { echo "$1" | grep -o "\"$2\": *[0-9.]*" | head -1 | sed 's/.*: *//'; }
for r in ${ROUNDS:-1 2}; do
  for c in "$@"; do
    for peer in dl4j ort pytorch; do
      [ $peer = ort ] && [[ $c != *-infer-* ]] && continue
      [ $peer = pytorch ] && [ -n "$NO_PYTORCH" ] && continue
      for v in X=1 "$setting"; do
        case $peer in
          dl4j) line=$(env $v java -Xmx12g -cp "$cp" io.github.alexnet4j.cli.AlexNetCli bench --case $c 2>/dev/null | tail -1);;
          ort) line=$(env $v java -Xmx12g -cp "$cp" io.github.alexnet4j.cli.AlexNetCli bench --ort-case $c 2>/dev/null | tail -1);;
          pytorch) line=$(env $v bench/peer/run $c-best 2>/dev/null | tail -1);;
        esac
        echo "$r,$c,$peer,$v,$(field "$line" images_per_second),$(field "$line" peak_rss_mb)"
      done
    done
  done
done
