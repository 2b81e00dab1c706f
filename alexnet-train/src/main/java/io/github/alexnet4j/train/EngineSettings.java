package io.github.alexnet4j.train;

import io.github.alexnet4j.model.InvalidConfigException;

/**
 * Where the SGD steps are taken: this machine (the default), several workers in this JVM ({@link ParallelWorkers},
 * e.g. for several GPUs), or a Spark cluster. Recorded with the run like every other
 * setting; {@code alexnet train --workers N} and {@code --spark <master>} set it.
 *
 * @param workers            workers in this JVM (1 = plain SGD)
 * @param averagingFrequency with several workers or Spark averaging: rounds between two averagings
 * @param stretch            with several workers or Spark: batches per distributed job (0 = the checkpoint
 *                           interval, else 50); the learning rate is set per stretch
 * @param spark              null, or the Spark cluster to train on
 */
public record EngineSettings(int workers, int averagingFrequency, int stretch, Spark spark) {

    /**
     * @param master      {@code local[2]}, {@code spark://host:7077}, {@code yarn}, or {@code submit} for the
     *                    master spark-submit was given
     * @param mode        {@code averaging} (synchronous parameter averaging) or {@code sharing} (asynchronous,
     *                    thresholded gradient sharing)
     * @param networkMask gradient sharing: the workers' network, e.g. 10.0.0.0/16 (null: 127.0.0.0/8 for local masters)
     * @param port        gradient sharing: UDP port of the parameter server (Aeron); unset: 40123
     */
    public record Spark(String master, String mode, String networkMask, Integer port) {
        public Spark {
            if (master == null || master.isBlank()) throw new InvalidConfigException("engine.spark.master", master, "a Spark master URL");
            if (mode == null) mode = "averaging";
            if (!mode.equals("averaging") && !mode.equals("sharing")) {
                throw new InvalidConfigException("engine.spark.mode", mode, "averaging or sharing");
            }
            if (port == null) port = 40123;
            if (port < 1 || port > 65535) throw new InvalidConfigException("engine.spark.port", port, "1..65535");
        }
    }

    public EngineSettings {
        if (workers < 1) throw new InvalidConfigException("engine.workers", workers, "at least 1");
        if (averagingFrequency < 1) throw new InvalidConfigException("engine.averagingFrequency", averagingFrequency, "at least 1");
        if (stretch < 0) throw new InvalidConfigException("engine.stretch", stretch, "0 (the checkpoint interval) or more");
        if (spark != null && workers != 1) {
            throw new InvalidConfigException("engine.workers", workers, "1 with Spark: the cluster's executors are the workers");
        }
    }

    public static EngineSettings local() {
        return new EngineSettings(1, 1, 0, null);
    }

    /** Batches per distributed job. */
    public int batchesPerJob(TrainingSettings t) {
        return stretch > 0 ? stretch : t.checkpointEvery() > 0 ? t.checkpointEvery() : 50;
    }
}
