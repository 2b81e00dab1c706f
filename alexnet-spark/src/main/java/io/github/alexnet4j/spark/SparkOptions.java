package io.github.alexnet4j.spark;

import io.github.alexnet4j.train.RunConfig;

/**
 * A run's engine settings as the Spark engine uses them.
 *
 * @param master             a Spark master URL, or {@code submit} to take the one spark-submit was given
 * @param mode               {@code averaging} or {@code sharing}
 * @param averagingFrequency batches each worker trains between two averagings
 * @param stretch            batches per Spark job (a checkpoint may follow each)
 * @param networkMask        gradient sharing: the network the workers talk on, or null
 * @param port               gradient sharing: UDP port of the parameter server (Aeron)
 */
record SparkOptions(String master, String mode, int averagingFrequency, int stretch, String networkMask, int port) {

    static SparkOptions of(RunConfig cfg) {
        var e = cfg.engine();
        return new SparkOptions(e.spark().master(), e.spark().mode(), e.averagingFrequency(),
                e.batchesPerJob(cfg.training()), e.spark().networkMask(), e.spark().port());
    }
}
