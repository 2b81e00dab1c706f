package io.github.alexnet4j.spark;

import io.github.alexnet4j.data.decoding.BadImageReport;
import io.github.alexnet4j.data.batches.ImageBatchIterator;

import io.github.alexnet4j.train.StepEngine;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.CollectionAccumulator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * SGD steps taken on a Spark cluster. Each call trains a stretch of the epoch: its batch numbers
 * become an RDD with one partition per worker, each executor makes its batches from the image files
 * ({@link MakeBatches}), and DL4J's training master averages parameters (or shares gradients)
 * between the workers. The network object on the driver holds the result after every stretch, so
 * the {@link io.github.alexnet4j.train.Trainer} checkpoints, evaluates and resumes it as usual.
 */
final class SparkSteps implements StepEngine {
    private static final Logger log = LoggerFactory.getLogger(SparkSteps.class);

    private final SparkOptions options;
    private final JavaSparkContext sc;
    private final Broadcast<TrainingSet> data;
    private final CollectionAccumulator<String> badFiles;
    private final BadImageReport bad;
    private final int batchSize;
    private final long seed;
    private SparkComputationGraph sparkNet;

    SparkSteps(SparkOptions options, TrainingSet trainingSet, int batchSize, long seed, BadImageReport bad, String appName) {
        this.options = options;
        this.batchSize = batchSize;
        this.seed = seed;
        this.bad = bad;
        this.sc = new JavaSparkContext(conf(options, appName));
        this.data = sc.broadcast(trainingSet);
        this.badFiles = sc.sc().collectionAccumulator("bad image files");
    }

    private boolean isLocal() {
        return options.master().startsWith("local");
    }

    /**
     * The job's Spark settings: every {@code spark.*} system property (-D in JAVA_OPTS, or spark-submit's
     * --conf) passes through, e.g. spark.authenticate and its secret, fixed ports for a firewall, network
     * encryption; the web UI is off for local masters.
     */
    static SparkConf conf(SparkOptions options, String appName) {
        SparkConf conf = new SparkConf(true).setAppName(appName);
        if (!options.master().equals("submit")) conf.setMaster(options.master());
        if (options.master().startsWith("local") && !conf.contains("spark.ui.enabled")) conf.set("spark.ui.enabled", "false");
        return conf;
    }

    @Override
    public boolean loadsBatchesHere() {
        return false;
    }

    @Override
    public Step step(ComputationGraph net, ImageBatchIterator batches) {
        int first = batches.batchesServed(), end = Math.min(batches.batchesPerEpoch(), first + options.stretch());
        if (first >= end) return null;
        if (sparkNet == null || sparkNet.getNetwork() != net) {
            sparkNet = new SparkComputationGraph(sc, net, trainingMaster());
        }
        List<Integer> numbers = IntStream.range(first, end).boxed().toList();
        int partitions = Math.max(1, Math.min(numbers.size(), sc.defaultParallelism()));
        JavaRDD<DataSet> rdd = sc.parallelize(numbers, partitions)
                .mapPartitions(new MakeBatches(data, batches.epoch(), badFiles));
        sparkNet.fit(rdd);
        // the training master wrote the averaged parameters and updater state back into net
        batches.skip(end - first);
        collectBadFiles();
        long examples = IntStream.range(first, end).mapToLong(b -> batches.maker().imagesIn(b)).sum();
        return new Step(end - first, examples, loss(net, batches, end - 1));
    }

    /**
     * Parameter averaging reports the workers' mean minibatch score; gradient sharing reports none
     * (its score is 0), so there the loss is measured on the driver: the stretch's last batch, after
     * the stretch — one forward pass per Spark job.
     */
    private double loss(ComputationGraph net, ImageBatchIterator batches, int lastBatch) {
        if (options.mode().equals("averaging")) return StepEngine.crossEntropy(net, sparkNet.getScore());
        int e = batches.epoch();
        DataSet ds = batches.maker().make(lastBatch, e, batches.maker().order(e), bad);
        if (ds == null) return Double.NaN;
        return StepEngine.crossEntropy(net, net.score(ds, false));
    }

    private void collectBadFiles() {
        List<String> lines = new ArrayList<>(badFiles.value());
        badFiles.reset();
        for (String line : lines) bad.record(MakeBatches.decode(line));
    }

    private TrainingMaster<?, ?> trainingMaster() {
        return TrainingMasters.create(options, batchSize, seed, isLocal());
    }

    @Override
    public String describe() {
        return "Spark " + sc.master() + " (" + sc.defaultParallelism() + " workers), " + (options.mode().equals("averaging")
                ? "parameter averaging every " + options.averagingFrequency() + " batch(es) per worker"
                : "asynchronous gradient sharing") + ", " + options.stretch() + " batches per Spark job";
    }

    @Override
    public void close() {
        try {
            if (sparkNet != null) sparkNet.getTrainingMaster().deleteTempFiles(sc);
        } catch (RuntimeException e) {
            log.warn("Could not delete Spark's temporary training files: {}", e.toString());
        }
        sc.stop();
    }
}
