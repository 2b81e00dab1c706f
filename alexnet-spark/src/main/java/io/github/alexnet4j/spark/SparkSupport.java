package io.github.alexnet4j.spark;

import io.github.alexnet4j.train.SparkOptions;
import io.github.alexnet4j.train.StepEngine;

/** Plugs Spark into `alexnet train --spark <master>` (found through java.util.ServiceLoader). */
public final class SparkSupport implements SparkOptions.Support {

    @Override
    public StepEngine.Factory engine(SparkOptions options) {
        return (cfg, train, stats, bad) -> new SparkSteps(options, TrainingSet.of(cfg, train, stats),
                cfg.training().batchSize(), cfg.training().seed(), bad, "alexnet train " + cfg.name());
    }
}
