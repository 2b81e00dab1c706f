package io.github.alexnet4j.spark;

import io.github.alexnet4j.data.DatasetStats;
import io.github.alexnet4j.data.batches.ImageSource;
import io.github.alexnet4j.data.decoding.BadImageReport;
import io.github.alexnet4j.train.RunConfig;
import io.github.alexnet4j.train.StepEngine;
import io.github.alexnet4j.train.StepEngines;

/** Plugs Spark into training runs whose {@code engine.spark} is set (found through java.util.ServiceLoader). */
public final class SparkSupport implements StepEngines.SparkProvider {

    @Override
    public StepEngine create(RunConfig cfg, ImageSource train, DatasetStats stats, BadImageReport bad) {
        return new SparkSteps(SparkOptions.of(cfg), TrainingSet.of(cfg, train, stats), cfg.training().batchSize(),
                cfg.training().seed(), bad, "alexnet train " + cfg.name());
    }
}
