package io.github.alexnet4j.spark;


import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.AdaptiveThresholdAlgorithm;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;

/** DL4J's two ways of training on Spark, configured for our batches. */
final class TrainingMasters {
    private TrainingMasters() {
    }

    static TrainingMaster<?, ?> create(SparkOptions o, int batchSize, long seed, boolean local) {
        if (o.mode().equals("averaging")) {
            // synchronous: every worker takes averagingFrequency steps, then parameters and momentum are averaged
            return new ParameterAveragingTrainingMaster.Builder(batchSize)
                    .batchSizePerWorker(batchSize)
                    .averagingFrequency(o.averagingFrequency())
                    .saveUpdater(true)                        // average the momentum too, so it is one optimiser
                    .workerPrefetchNumBatches(2)
                    .rddTrainingApproach(RDDTrainingApproach.Direct)   // our partitions are made to be trained
                    .repartionData(Repartition.Never)
                    .rngSeed(seed)
                    .build();
        }
        // asynchronous: each worker sends thresholded, quantised updates over Aeron (UDP) to the others
        VoidConfiguration voidConf = VoidConfiguration.builder()
                .unicastPort(o.port())
                .networkMask(o.networkMask() != null ? o.networkMask() : local ? "127.0.0.0/8" : null)
                .controllerAddress(local ? "127.0.0.1" : null)
                .build();
        return new SharedTrainingMaster.Builder(voidConf, batchSize)
                .batchSizePerWorker(batchSize)
                .thresholdAlgorithm(new AdaptiveThresholdAlgorithm(1e-3))
                // one worker per node: with a ComputationGraph, two per node deadlocked in local mode (M2)
                .workersPerNode(1)
                .workerPrefetchNumBatches(2)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .repartitionData(Repartition.Never)
                .rngSeed(seed)
                .build();
    }
}
