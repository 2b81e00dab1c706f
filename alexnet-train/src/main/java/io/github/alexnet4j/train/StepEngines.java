package io.github.alexnet4j.train;

import io.github.alexnet4j.data.DatasetStats;
import io.github.alexnet4j.data.batches.ImageSource;
import io.github.alexnet4j.data.decoding.BadImageReport;

import java.util.ServiceLoader;

/** The {@link StepEngine} a run's {@link EngineSettings} ask for. */
public final class StepEngines {

    /** Implemented by alexnet-spark and found with {@link ServiceLoader}, so this module needs no Spark. */
    public interface SparkProvider {
        StepEngine create(RunConfig effective, ImageSource train, DatasetStats stats, BadImageReport bad);
    }

    private StepEngines() {
    }

    public static StepEngine create(RunConfig effective, ImageSource train, DatasetStats stats, BadImageReport bad) {
        EngineSettings e = effective.engine();
        if (e.spark() != null) {
            SparkProvider spark = ServiceLoader.load(SparkProvider.class).findFirst().orElseThrow(() -> new IllegalStateException(
                    "engine.spark needs the alexnet-spark module on the classpath: run through ./alexnet (it adds the "
                            + "module when --spark is given) or spark-submit alexnet-spark's jar"));
            return spark.create(effective, train, stats, bad);
        }
        if (e.workers() > 1) {
            return new ParallelWorkers(e.workers(), e.averagingFrequency(), e.batchesPerJob(effective.training()));
        }
        return new LocalSteps();
    }
}
