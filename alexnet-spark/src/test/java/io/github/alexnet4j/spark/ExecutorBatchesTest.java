package io.github.alexnet4j.spark;

import io.github.alexnet4j.cli.TrainTestSupport;
import io.github.alexnet4j.data.DatasetStats;
import io.github.alexnet4j.data.TestDatasets;
import io.github.alexnet4j.data.batches.BatchMaker;
import io.github.alexnet4j.data.batches.FileImageSource;
import io.github.alexnet4j.data.decoding.BadImageReport;
import io.github.alexnet4j.data.layouts.ClassFolders;
import io.github.alexnet4j.data.transforms.InputPipeline;
import io.github.alexnet4j.train.RunConfig;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Distributed training is the same training: a batch that a Spark executor makes from the broadcast
 * {@link TrainingSet} holds exactly (bit for bit) the images, crops, flips, PCA lighting and labels of
 * the batch with the same (seed, epoch, batch number) that training on one machine makes.
 */
class ExecutorBatchesTest {

    @TempDir
    Path dir;

    @Test
    void anExecutorsBatchEqualsTheLocalBatchBitForBit() throws Exception {
        TrainTestSupport.setUp(dir.resolve("cache"));
        RunConfig cfg = RunConfig.load(TrainTestSupport.HOME.resolve("configs/cifar10.yaml"), List.of("training.batchSize=8"));
        FileImageSource source = new FileImageSource(ClassFolders.scan(TestDatasets.cifarTrain()).perClassLimit(3),
                cfg.data().storedSize(), false);
        DatasetStats stats = DatasetStats.compute(source, 1, new BadImageReport(), false);
        // as EpochLoop makes the training batches on one machine
        InputPipeline pipeline = cfg.data().pipeline(cfg.model().inputSize(), stats);
        BatchMaker local = new BatchMaker(source, pipeline, InputPipeline.Mode.TRAIN, cfg.training().batchSize(), cfg.training().seed());
        int epoch = 1;
        int[] order = local.order(epoch);

        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("executor-batches").set("spark.ui.enabled", "false");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            var data = sc.broadcast(TrainingSet.of(cfg, source, stats));
            List<DataSet> remote = sc.parallelize(List.of(0, 1, 2, 3), 2)
                    .mapPartitions(new MakeBatches(data, epoch, sc.sc().collectionAccumulator("bad"))).collect();
            assertEquals(4, remote.size());
            for (int b = 0; b < 4; b++) {
                DataSet mine = local.make(b, epoch, order, new BadImageReport());
                assertArrayEquals(mine.getFeatures().shape(), remote.get(b).getFeatures().shape());
                assertArrayEquals(mine.getFeatures().data().asFloat(), remote.get(b).getFeatures().data().asFloat(), "batch " + b);
                assertArrayEquals(mine.getLabels().data().asFloat(), remote.get(b).getLabels().data().asFloat(), "labels of batch " + b);
            }
            DataSet otherEpoch = local.make(0, epoch + 1, local.order(epoch + 1), new BadImageReport());
            assertFalse(java.util.Arrays.equals(otherEpoch.getFeatures().data().asFloat(), remote.get(0).getFeatures().data().asFloat()),
                    "another epoch's batch 0 differs (the comparison can fail)");
        }
    }
}
