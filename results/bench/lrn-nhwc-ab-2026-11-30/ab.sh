#!/bin/bash
# run from the project root after ./alexnet --version (it builds the jars and the classpath file)
# paired A/B for networks with LRN: channels-last end to end (default) against libnd4j's NCHW path (-Dalexnet.dnnl=false,
# which was their default before 75e7eb2), alternating, 2 rounds
exec results/bench/dnnl-ab-2026-11-30/ab.sh paper-train-32 paper-train-128 paper-infer-128 paper-infer-1 cifar10-train-128 cifar10-infer-128
