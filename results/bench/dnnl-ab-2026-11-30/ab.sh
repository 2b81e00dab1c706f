#!/bin/bash
# run from the project root after ./alexnet --version (it builds the jars and the classpath file)
# paired A/B: each case with oneDNN called directly (default) and with -Dalexnet.dnnl=false, alternating, 2 rounds
# cases: the arguments, or the six below
CP=$(cat .alexnet/current-alexnet-cli-linux-x86_64-onednn-avx2.classpath)
for r in 1 2; do
  for c in ${@:-torchvision-train-32 torchvision-train-128 torchvision-infer-128 torchvision-infer-1 paper-train-32 cifar10-train-128}; do
    for d in true false; do
      line=$(java -Xmx12g -Dalexnet.dnnl=$d -cp "$CP" io.github.alexnet4j.cli.AlexNetCli bench --case $c 2>/dev/null | tail -1)
      echo "$r,$c,$d,$(echo "$line" | grep -o '"images_per_second":[0-9.]*' | cut -d: -f2),$(echo "$line" | grep -o '"peak_rss_mb":[0-9.]*' | cut -d: -f2)"
    done
  done
done
