package io.github.alexnet4j.train;

import io.github.alexnet4j.data.DatasetStats;
import io.github.alexnet4j.data.batches.BatchMaker;
import io.github.alexnet4j.data.batches.ImageBatchIterator;
import io.github.alexnet4j.data.batches.ImageSource;
import io.github.alexnet4j.data.batches.SubsetImageSource;
import io.github.alexnet4j.data.decoding.BadImageReport;
import io.github.alexnet4j.data.layouts.DatasetLayout;
import io.github.alexnet4j.data.transforms.InputPipeline;
import io.github.alexnet4j.train.eval.ErrorRates;
import io.github.alexnet4j.train.eval.Evaluator;
import io.github.alexnet4j.train.schedule.LearningRateSchedule;
import io.github.alexnet4j.train.schedule.Progress;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.CrashReportingUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Epochs of SGD steps (taken by a {@link StepEngine}) with what the paper's procedure and a safe run need
 * between them: the learning rate of every step, metrics and validation at each epoch's end, checkpoints
 * every N steps and every epoch, and a stop with a clear message when the loss diverges or memory or disk
 * runs out.
 */
final class EpochLoop {
    private static final Logger log = LoggerFactory.getLogger(EpochLoop.class);

    private final RunConfig cfg;
    private final Path runDir;
    private final ComputationGraph net;
    private final DatasetStats stats;
    private final DatasetLayout.Split split;
    private final InputPipeline pipeline;
    private final CheckpointStore store;
    private final MetricsLog metrics;
    private final LearningRateSchedule schedule;
    private final BadImageReport bad;
    private final long wallStart;
    private final StepEngine engine;
    private final boolean progressBar;
    private final GracefulStop stop;
    private final ImageSource trainSubset;
    private long lastLog = System.nanoTime();
    /** Training error of the last evaluation (the fixed subset), for training.stopAtTrainError. */
    private double lastTrainError = Double.NaN;

    EpochLoop(RunConfig cfg, Path runDir, ComputationGraph net, DatasetStats stats, DatasetLayout.Split split,
              InputPipeline pipeline, CheckpointStore store, MetricsLog metrics, LearningRateSchedule schedule,
              BadImageReport bad, long wallStart, StepEngine engine, boolean progressBar, GracefulStop stop) {
        this.cfg = cfg;
        this.runDir = runDir;
        this.net = net;
        this.stats = stats;
        this.split = split;
        this.pipeline = pipeline;
        this.store = store;
        this.metrics = metrics;
        this.schedule = schedule;
        this.bad = bad;
        this.wallStart = wallStart;
        this.engine = engine;
        this.progressBar = progressBar;
        this.stop = stop;
        this.trainSubset = new SubsetImageSource(split.train(), cfg.training().evalTrainImages(), cfg.training().seed() + 1);
    }

    /** Trains from {@code start} until the epochs or the time budget are spent; returns where it ended. */
    TrainState run(TrainState start) {
        TrainingSettings t = cfg.training();
        double budget = t.budgetMinutes() > 0 ? t.budgetMinutes() * 60 : Double.POSITIVE_INFINITY;
        int epoch = start.epoch();
        long iteration = start.iteration();
        double trainSeconds = start.trainSeconds();
        double currentLr = Double.NaN;
        boolean budgetSpent = trainSeconds >= budget;
        TrainState last = start;
        BatchMaker maker = new BatchMaker(split.train(), pipeline, InputPipeline.Mode.TRAIN, t.batchSize(), t.seed());
        int loaders = engine.loadsBatchesHere() ? cfg.data().loaderThreads() : 0;
        try (ImageBatchIterator it = new ImageBatchIterator(maker, loaders, bad).timeout(cfg.data().loaderTimeoutSeconds())) {
            if (start.evaluationPending()) {
                // the run stopped between an epoch's checkpoint and its evaluation: evaluate that point now
                double position = start.epoch() + (double) start.batchInEpoch() / it.batchesPerEpoch();
                last = evaluate(start, position, start.batchInEpoch() == 0, nan(start.epochLoss()), nan(start.epochSpeed()));
            }
            it.startEpoch(epoch, start.batchInEpoch());
            while (epoch < t.maxEpochs() && !budgetSpent) {
                double lossSum = 0;
                long examples = 0;
                double epochSeconds = 0;
                try (ProgressBar bar = progressBar(epoch, it)) {
                    while (it.batchesServed() < it.batchesPerEpoch()) {
                        long s = System.nanoTime();
                        double done = epoch + (double) it.batchesServed() / it.batchesPerEpoch();
                        // the budget's share counts the batch about to be trained: by time or by epochs,
                        // whichever budget ends the run first
                        double share = Math.max(trainSeconds / budget,
                                (epoch + (it.batchesServed() + 1.0) / it.batchesPerEpoch()) / t.maxEpochs());
                        double lr = schedule.lrAt(new Progress(iteration, done, share));
                        if (lr != currentLr) {
                            net.setLearningRate(lr);
                            currentLr = lr;
                        }
                        StepEngine.Step step = stepOrStop(it, iteration);
                        if (step == null) break;
                        double loss = step.loss();
                        double dt = (System.nanoTime() - s) / 1e9;
                        trainSeconds += dt;
                        epochSeconds += dt;
                        long before = iteration;
                        iteration += step.batches();
                        if (!Double.isFinite(loss) || loss > t.divergenceLoss()) throw diverged(iteration, epoch, loss);
                        lossSum += loss * step.examples();
                        examples += step.examples();
                        progress(bar, it, epoch, iteration, lossSum / examples, currentLr, examples / epochSeconds);
                        checkBadShare();
                        TrainState now = new TrainState(epoch, it.batchesServed(), iteration, schedule.state(), trainSeconds);
                        if (stop.requested()) {
                            Path saved = checkpoint(now);
                            throw stopped("Stopped by a signal at iteration " + iteration + " (epoch " + (epoch + 1) + "); "
                                    + saved + " holds everything up to it: continue with `alexnet train --resume " + runDir + "`");
                        }
                        if (t.checkpointEvery() > 0 && iteration / t.checkpointEvery() != before / t.checkpointEvery()) {
                            checkpoint(now);
                        }
                        if (trainSeconds >= budget) {
                            budgetSpent = true;
                            break;
                        }
                    }
                }
                boolean epochDone = it.batchesServed() >= it.batchesPerEpoch();
                double position = epoch + (double) it.batchesServed() / it.batchesPerEpoch();
                double meanLoss = examples == 0 ? Double.NaN : lossSum / examples;
                double speed = epochSeconds == 0 ? 0 : examples / epochSeconds;
                if (epochDone) {
                    epoch++;
                    it.startEpoch(epoch, 0);
                }
                // the checkpoint comes first: evaluating can take long, and a stop during it loses nothing
                TrainState end = new TrainState(epoch, epochDone ? 0 : it.batchesServed(), iteration, schedule.state(),
                        trainSeconds, true, meanLoss, speed);
                checkpoint(end);
                last = evaluate(end, position, epochDone, meanLoss, speed);
                if (stop.requested()) {
                    throw stopped("Stopped by a signal after epoch " + position + "; the checkpoint of iteration " + iteration
                            + " holds it: continue with `alexnet train --resume " + runDir + "`");
                }
                if (epochDone && t.stopAtTrainError() > 0 && lastTrainError <= t.stopAtTrainError()) {
                    log.info(String.format("Training error %.2f %% reached training.stopAtTrainError = %.2f %% after epoch %d",
                            100 * lastTrainError, 100 * t.stopAtTrainError(), epoch));
                    break;
                }
            }
        }
        if (budgetSpent) log.info("Training budget of {} min spent", cfg.training().budgetMinutes());
        return last;
    }

    /**
     * Says why training stops, then lets the JVM exit: once {@link GracefulStop#saved()} is called the
     * shutdown may end this thread at any moment, so the message is logged first.
     */
    private StoppedBySignalException stopped(String message) {
        log.warn(message);
        stop.saved();
        return new StoppedBySignalException(message);
    }

    /**
     * Validation and training error at a point the checkpoint {@code at} was written: the metrics line, and
     * the schedule's plateau rule at an epoch's end. Returns the state after it.
     */
    private TrainState evaluate(TrainState at, double position, boolean epochDone, double meanLoss, double speed) {
        ErrorRates val = Evaluator.errorRates(net, split.validation(), pipeline, InputPipeline.Mode.CENTER, bad);
        ErrorRates trn = Evaluator.errorRates(net, trainSubset, pipeline, InputPipeline.Mode.CENTER, bad);
        double lr = schedule.state().lr();
        if (epochDone && schedule.onValidation(val.top1Error())) {
            log.info("Validation error stopped improving: learning rate divided to {}", schedule.state().lr());
        }
        lastTrainError = trn.top1Error();
        EpochMetrics m = new EpochMetrics(position, at.iteration(), meanLoss, trn.top1Error(), val.top1Error(),
                val.top5Error(), lr, speed, at.trainSeconds(), (System.nanoTime() - wallStart) / 1e9, bad.count());
        metrics.append(m);
        log.info(String.format("epoch %.2f  iter %d  loss %.4f  train err %.2f %%  val top-1 %.2f %%  top-5 %.2f %%"
                        + "  lr %.3g  %.0f img/s  train time %.0f s", position, at.iteration(), m.trainLoss(),
                100 * m.trainTop1Error(), 100 * m.valTop1Error(), 100 * m.valTop5Error(), lr, m.imagesPerSecond(),
                at.trainSeconds()));
        return new TrainState(at.epoch(), at.batchInEpoch(), at.iteration(), schedule.state(), at.trainSeconds());
    }

    private static double nan(Double v) {
        return v == null ? Double.NaN : v;
    }

    /** A dataset that is mostly unreadable is a problem to fix, not a run to finish. */
    private void checkBadShare() {
        int images = split.train().size();
        if (bad.count() > cfg.data().maxBadShare() * images && bad.count() > 10) {
            throw new TrainingStoppedException(String.format("%d of the %d training images could not be read, more than "
                    + "data.maxBadShare = %.0f %% (the bad files are listed above): check the dataset; %s", bad.count(), images,
                    100 * cfg.data().maxBadShare(), lastGood()), null);
        }
    }

    private StepEngine.Step stepOrStop(ImageBatchIterator it, long iteration) {
        try {
            return engine.step(net, it);
        } catch (OutOfMemoryError e) {
            throw outOfMemory(iteration, e);
        } catch (RuntimeException e) {
            // DL4J's backprop wraps what it catches, an OutOfMemoryError included, and then writes no
            // memory report (its fit() does so only for an unwrapped one): write it here
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof OutOfMemoryError) {
                    CrashReportingUtil.writeMemoryCrashDump(net, c);
                    throw outOfMemory(iteration, e);
                }
            }
            if (String.valueOf(e.getMessage()).toLowerCase().contains("memory")) {
                throw new TrainingStoppedException("Out of (native) memory at iteration " + iteration + ": "
                        + e.getMessage() + ". Lower training.batchSize; " + lastGood(), e);
            }
            throw e;
        }
    }

    private TrainingStoppedException outOfMemory(long iteration, Throwable e) {
        return new TrainingStoppedException("Out of memory at iteration " + iteration + " (batch size "
                + cfg.training().batchSize() + "). Lower training.batchSize or give the JVM more memory "
                + "(JAVA_OPTS='-Xmx... -Dorg.bytedeco.javacpp.maxbytes=...': ND4J's arrays live outside the Java "
                + "heap); DL4J's memory report is in " + runDir + "; " + lastGood(), e);
    }

    private TrainingStoppedException diverged(long iteration, int epoch, double loss) {
        String next = store.newest().isPresent()
                ? "and start again, or resume from that checkpoint with `alexnet train --resume " + runDir + "`."
                : "and start again.";
        return new TrainingStoppedException(String.format("Training diverged at iteration %d (epoch %d): loss = %s. "
                        + "Nothing was saved after it; %s Lower the learning rate (--set optimizer.learningRate=...) %s",
                iteration, epoch + 1, loss, lastGood(), next), null);
    }

    private String lastGood() {
        return store.newest().map(p -> "the last good checkpoint is " + p + ".").orElse("no checkpoint was written yet.");
    }

    /** Writes a checkpoint of {@code s}; weights that are no longer finite are never written. */
    private Path checkpoint(TrainState s) {
        Path p = store.pathFor(s.iteration());
        if (!CheckpointStore.finite(net)) {
            throw new TrainingStoppedException("The weights became NaN or infinite by iteration " + s.iteration()
                    + " (the loss was still finite): training diverged and nothing was saved after it; " + lastGood()
                    + " Lower the learning rate (--set optimizer.learningRate=...)", null);
        }
        try {
            ModelPackage.write(p, net, split.train().classNames(), cfg, stats, s);
            store.prune();
        } catch (IOException | UncheckedIOException e) {
            throw new TrainingStoppedException("Could not write checkpoint " + p + " (" + e.getMessage()
                    + "; disk full?). " + lastGood().replace("the last good", "The previous") + " It is intact.", e);
        }
        return p;
    }

    private ProgressBar progressBar(int epoch, ImageBatchIterator it) {
        if (!progressBar) return null;
        ProgressBar bar = new ProgressBarBuilder().setTaskName("epoch " + (epoch + 1)).setInitialMax(it.batchesPerEpoch())
                .setUpdateIntervalMillis(1000).continuousUpdate().build();
        bar.stepTo(it.batchesServed());
        return bar;
    }

    private void progress(ProgressBar bar, ImageBatchIterator it, int epoch, long iteration, double loss, double lr,
                          double imgPerSec) {
        String msg = String.format("loss %.3f lr %.2g %.0f img/s", loss, lr, imgPerSec);
        if (bar != null) {
            bar.stepTo(it.batchesServed());
            bar.setExtraMessage(msg);
        } else if (System.nanoTime() - lastLog > 30e9) {
            lastLog = System.nanoTime();
            log.info("epoch {} batch {}/{} iter {}: {}", epoch + 1, it.batchesServed(), it.batchesPerEpoch(), iteration, msg);
        }
    }
}
