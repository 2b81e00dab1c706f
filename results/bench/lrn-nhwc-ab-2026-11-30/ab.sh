#!/bin/bash
# run from the project root after ./alexnet --version (it builds the jars and the classpath file)
# paired A/B for networks with LRN: channels-last end to end (default) against libnd4j's NCHW path (-Dalexnet.dnnl=false,
# which was their default before 75e7eb2), alternating, 2 rounds
CP=$(cat .alexnet/current-alexnet-cli-linux-x86_64-onednn-avx2.classpath)
for r in 1 2; do
  for c in paper-train-32 paper-train-128 paper-infer-128 paper-infer-1 cifar10-train-128 cifar10-infer-128; do
    for d in true false; do
      line=$(java -Xmx12g -Dalexnet.dnnl=$d -cp "$CP" io.github.alexnet4j.cli.AlexNetCli bench --case $c 2>/dev/null | tail -1)
      echo "$r,$c,$d,$(echo "$line" | grep -o '"images_per_second":[0-9.]*' | cut -d: -f2),$(echo "$line" | grep -o '"peak_rss_mb":[0-9.]*' | cut -d: -f2)"
    done
  done
done
