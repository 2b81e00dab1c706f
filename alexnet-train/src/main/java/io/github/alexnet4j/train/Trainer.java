package io.github.alexnet4j.train;

import io.github.alexnet4j.data.BadImageReport;
import io.github.alexnet4j.data.BatchMaker;
import io.github.alexnet4j.data.DatasetStats;
import io.github.alexnet4j.data.ImageBatchIterator;
import io.github.alexnet4j.data.ImageSource;
import io.github.alexnet4j.data.InputPipeline;
import io.github.alexnet4j.data.MeanSubtraction;
import io.github.alexnet4j.data.PcaLighting;
import io.github.alexnet4j.data.SubsetImageSource;
import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.AlexNetGraph;
import io.github.alexnet4j.model.LayerSummary;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Trains a network as Section 5 describes (SGD with momentum, batch 128, weight decay, learning rate
 * divided by 10 on plateaus) and keeps the run safe: effective config saved, metrics appended every
 * epoch, checkpoints every N steps and every epoch, divergence and resource failures stopped with a
 * message naming the last good checkpoint. {@link #run(boolean)} with {@code resume} continues from
 * the newest usable checkpoint, with the same data order as an uninterrupted run.
 */
public final class Trainer {
    private static final Logger log = LoggerFactory.getLogger(Trainer.class);

    /**
     * @param engine where the SGD steps are taken (default: this machine)
     */
    public record Options(boolean progressBar, String command, boolean ui, StepEngine.Factory engine) {
        public Options(boolean progressBar, String command) {
            this(progressBar, command, false);
        }

        public Options(boolean progressBar, String command, boolean ui) {
            this(progressBar, command, ui, (cfg, train, stats, bad) -> new LocalSteps());
        }
    }

    public record Result(Path runDir, Path model, Evaluation center, Evaluation tenCrop, List<EpochMetrics> history,
                         TrainState finalState, BadImageReport badImages) {
    }

    private final RunConfig cfg;
    private final Path runDir;
    private final Options options;

    public Trainer(RunConfig cfg, Path runDir, Options options) {
        this.cfg = cfg;
        this.runDir = runDir;
        this.options = options;
    }

    public Result run(boolean resume) throws IOException {
        Files.createDirectories(runDir);
        CheckpointStore store = new CheckpointStore(runDir.resolve("checkpoints"), cfg.training().keepCheckpoints());
        if (!resume && !store.list().isEmpty()) {
            throw new IllegalStateException(runDir + " already holds checkpoints: continue it with `alexnet train --resume "
                    + runDir + "` or choose another --run-dir");
        }
        log.info("Effective configuration:\n{}", cfg.toYaml());
        Files.writeString(runDir.resolve("config.yaml"), cfg.toYaml());
        long wallStart = System.nanoTime();

        BadImageReport bad = new BadImageReport();
        Datasets.Split split = Datasets.open(cfg.data());
        AlexNetConfig model = cfg.model();
        if (model.numClasses() != split.train().numClasses()) {
            log.info("The dataset has {} classes: fc8 gets {} outputs (config said {})", split.train().numClasses(),
                    split.train().numClasses(), model.numClasses());
            model = model.withNumClasses(split.train().numClasses());
        }
        RunConfig effective = new RunConfig(cfg.name(), model, cfg.optimizer(), cfg.data(), cfg.training());
        log.info("Training images: {}, validation images: {}, classes: {}", split.train().size(), split.validation().size(),
                split.train().numClasses());
        DatasetStats stats = Datasets.stats(split, cfg.data(), bad, options.progressBar());
        Files.write(runDir.resolve("labels.txt"), split.train().classNames());
        InputPipeline pipeline = pipeline(effective, stats);

        ComputationGraph net;
        TrainState state;
        LearningRateSchedule schedule;
        MetricsLog metrics = new MetricsLog(runDir);
        if (resume) {
            ModelPackage m = store.loadLatest().orElseThrow(() -> new IllegalStateException(
                    "No usable checkpoint in " + store.dir() + "; start a new run instead of --resume"));
            net = m.net();
            state = m.state();
            schedule = new LearningRateSchedule(cfg.training(), cfg.optimizer().learningRate(), state.schedule());
            metrics.truncateAfter(state.iteration());
        } else {
            net = AlexNetGraph.build(model, cfg.optimizer());
            schedule = new LearningRateSchedule(cfg.training(), cfg.optimizer().learningRate());
            state = new TrainState(0, 0, 0, schedule.state(), 0);
            log.info("Network ({} parameters):\n{}", net.numParams(), LayerSummary.of(net, model));
        }

        if (options.ui()) TrainingUi.attach(net, runDir);
        // DL4J writes a memory report when it runs out of memory: keep it with the run, not in the working directory
        org.deeplearning4j.util.CrashReportingUtil.crashDumpOutputDirectory(runDir.toFile());
        TrainingSettings t = cfg.training();
        TrainState last;
        try (StepEngine engine = options.engine().create(effective, split.train(), stats, bad)) {
            log.info("Training on {}", engine.describe());
            Loop loop = new Loop(net, effective, stats, split, pipeline, store, metrics, schedule, bad, wallStart, engine);
            last = loop.train(state);
        }

        Evaluation center = evaluate(net, split.validation(), pipeline, InputPipeline.Mode.CENTER, bad);
        log.info(center.summary("Validation, centre crop"));
        Evaluation tenCrop = null;
        if (t.tenCrop()) {
            tenCrop = evaluate(net, split.validation(), pipeline, InputPipeline.Mode.TEN_CROP, bad);
            log.info(tenCrop.summary("Validation, ten crops (paper)"));
        }
        Path modelFile = runDir.resolve("model.zip");
        ModelPackage.write(modelFile, net, split.train().classNames(), effective, stats, last);
        List<EpochMetrics> history = metrics.readAll();
        Charts.curves(history, cfg.name(), runDir.resolve("curves.png"));
        Charts.confusion(center, runDir.resolve("confusion.png"));
        Result result = new Result(runDir, modelFile, center, tenCrop, history, last, bad);
        RunSummary.of(result, net.numParams()).write(runDir.resolve("result.json"));
        Files.writeString(runDir.resolve("report.md"), RunReport.markdown(effective, result, net.numParams(),
                MachineInfo.describe(options.command()), (System.nanoTime() - wallStart) / 1e9));
        log.info(bad.summary());
        log.info("Run folder: {}", runDir);
        return result;
    }

    public static InputPipeline pipeline(RunConfig cfg, DatasetStats stats) {
        DataSettings d = cfg.data();
        return new InputPipeline(d.storedSize(), cfg.model().inputSize(), new MeanSubtraction(stats, d.mean()),
                d.lightingStd() > 0 ? new PcaLighting(stats, d.lightingStd()) : null, d.augment(), (float) d.scale());
    }

    static Evaluation evaluate(ComputationGraph net, ImageSource source, InputPipeline pipeline, InputPipeline.Mode mode,
                               BadImageReport bad) {
        int batch = mode == InputPipeline.Mode.TEN_CROP ? 25 : 250;
        try (ImageBatchIterator it = new ImageBatchIterator(source, pipeline, mode, batch, 0, 1, bad)) {
            return Evaluation.run(net, it);
        }
    }

    /** The epoch loop, with what it shares between epochs. */
    private final class Loop {
        final ComputationGraph net;
        final RunConfig effective;
        final DatasetStats stats;
        final Datasets.Split split;
        final InputPipeline pipeline;
        final CheckpointStore store;
        final MetricsLog metrics;
        final LearningRateSchedule schedule;
        final BadImageReport bad;
        final long wallStart;
        final ImageSource trainSubset;
        final StepEngine engine;

        Loop(ComputationGraph net, RunConfig effective, DatasetStats stats, Datasets.Split split, InputPipeline pipeline,
             CheckpointStore store, MetricsLog metrics, LearningRateSchedule schedule, BadImageReport bad, long wallStart,
             StepEngine engine) {
            this.engine = engine;
            this.net = net;
            this.effective = effective;
            this.stats = stats;
            this.split = split;
            this.pipeline = pipeline;
            this.store = store;
            this.metrics = metrics;
            this.schedule = schedule;
            this.bad = bad;
            this.wallStart = wallStart;
            this.trainSubset = new SubsetImageSource(split.train(), cfg.training().evalTrainImages(), cfg.training().seed() + 1);
        }

        TrainState train(TrainState start) {
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
            try (ImageBatchIterator it = new ImageBatchIterator(maker, loaders, bad)) {
                it.startEpoch(epoch, start.batchInEpoch());
                while (epoch < t.maxEpochs() && !budgetSpent) {
                    double lossSum = 0;
                    long examples = 0;
                    double epochSeconds = 0;
                    try (ProgressBar bar = progressBar(epoch, it)) {
                        while (true) {
                            long s = System.nanoTime();
                            if (it.batchesServed() >= it.batchesPerEpoch()) break;
                            // how far through the run we are (counting the batch about to be trained): by time
                            // or by epochs, whichever budget ends it first
                            double progress = Math.max(trainSeconds / budget,
                                    (epoch + (it.batchesServed() + 1.0) / it.batchesPerEpoch()) / t.maxEpochs());
                            double lr = schedule.lrAt(iteration, progress);
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
                            if (!Double.isFinite(loss) || loss > t.divergenceLoss()) {
                                throw diverged(iteration, epoch, loss);
                            }
                            lossSum += loss * step.examples();
                            examples += step.examples();
                            progress(bar, it, epoch, iteration, lossSum / examples, currentLr, examples / epochSeconds);
                            if (t.checkpointEvery() > 0 && iteration / t.checkpointEvery() != before / t.checkpointEvery()) {
                                checkpoint(new TrainState(epoch, it.batchesServed(), iteration, schedule.state(), trainSeconds));
                            }
                            if (trainSeconds >= budget) {
                                budgetSpent = true;
                                break;
                            }
                        }
                    }
                    boolean epochDone = it.batchesServed() >= it.batchesPerEpoch();
                    double position = epoch + (double) it.batchesServed() / it.batchesPerEpoch();
                    Evaluation val = evaluate(net, split.validation(), pipeline, InputPipeline.Mode.CENTER, bad);
                    Evaluation trn = evaluate(net, trainSubset, pipeline, InputPipeline.Mode.CENTER, bad);
                    if (epochDone && schedule.onValidation(val.top1Error())) {
                        log.info("Validation error stopped improving: learning rate divided to {}", schedule.state().lr());
                    }
                    EpochMetrics m = new EpochMetrics(position, iteration, examples == 0 ? Double.NaN : lossSum / examples,
                            trn.top1Error(), val.top1Error(), val.top5Error(), currentLr,
                            epochSeconds == 0 ? 0 : examples / epochSeconds, trainSeconds,
                            (System.nanoTime() - wallStart) / 1e9, bad.count());
                    metrics.append(m);
                    log.info(String.format("epoch %.2f  iter %d  loss %.4f  train err %.2f %%  val top-1 %.2f %%  top-5 %.2f %%"
                                    + "  lr %.3g  %.0f img/s  train time %.0f s", position, iteration, m.trainLoss(),
                            100 * m.trainTop1Error(), 100 * m.valTop1Error(), 100 * m.valTop5Error(), currentLr,
                            m.imagesPerSecond(), trainSeconds));
                    if (epochDone) {
                        epoch++;
                        it.startEpoch(epoch, 0);
                    }
                    last = new TrainState(epoch, epochDone ? 0 : it.batchesServed(), iteration, schedule.state(), trainSeconds);
                    checkpoint(last);
                }
            }
            if (budgetSpent) log.info("Training budget of {} min spent", t.budgetMinutes());
            return last;
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
                        org.deeplearning4j.util.CrashReportingUtil.writeMemoryCrashDump(net, c);
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

        private void checkpoint(TrainState s) {
            Path p = store.pathFor(s.iteration());
            try {
                ModelPackage.write(p, net, split.train().classNames(), effective, stats, s);
                store.prune();
            } catch (IOException | UncheckedIOException e) {
                throw new TrainingStoppedException("Could not write checkpoint " + p + " (" + e.getMessage()
                        + "; disk full?). " + lastGood().replace("the last good", "The previous") + " It is intact.", e);
            }
        }

        private ProgressBar progressBar(int epoch, ImageBatchIterator it) {
            if (!options.progressBar()) return null;
            ProgressBar bar = new ProgressBarBuilder().setTaskName("epoch " + (epoch + 1)).setInitialMax(it.batchesPerEpoch())
                    .setUpdateIntervalMillis(1000).continuousUpdate().build();
            bar.stepTo(it.batchesServed());
            return bar;
        }

        private long lastLog = System.nanoTime();

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
}
