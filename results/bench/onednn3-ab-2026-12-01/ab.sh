#!/bin/bash
# Paired A/B of two builds of the project, each bench case in its own JVM, alternating, 2 rounds
# (ROUNDS="3" runs one more, numbered 3).
# usage (from the project root): ab.sh OLD.classpath NEW.classpath [case ...]
# A classpath file is what ./alexnet leaves in .alexnet/current-alexnet-cli-<natives>.classpath;
# copy it aside before building the other commit (the launcher keeps its five newest lib copies).
# Output lines: round,case,build,images_per_second,peak_rss_mb
old=$(cat "$1"); new=$(cat "$2"); shift 2
for r in ${ROUNDS:-1 2}; do
  for c in ${@:-torchvision-train-32 torchvision-train-128 torchvision-infer-128 torchvision-infer-1 paper-train-32 paper-train-128 paper-infer-128 cifar10-train-128}; do
    for b in old new; do
      if [ $b = old ]; then cp="$old"; else cp="$new"; fi
      line=$(java -Xmx12g -cp "$cp" io.github.alexnet4j.cli.AlexNetCli bench --case $c 2>/dev/null | tail -1)
      echo "$r,$c,$b,$(echo "$line" | grep -o '"images_per_second":[0-9.]*' | cut -d: -f2),$(echo "$line" | grep -o '"peak_rss_mb":[0-9.]*' | cut -d: -f2)"
    done
  done
done
