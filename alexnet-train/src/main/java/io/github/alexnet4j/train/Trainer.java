package io.github.alexnet4j.train;

import io.github.alexnet4j.data.DatasetStats;
import io.github.alexnet4j.data.Datasets;
import io.github.alexnet4j.data.decoding.BadImageReport;
import io.github.alexnet4j.data.layouts.DatasetLayout;
import io.github.alexnet4j.data.transforms.InputPipeline;
import io.github.alexnet4j.model.Networks;
import io.github.alexnet4j.model.LayerSummary;
import io.github.alexnet4j.train.eval.ErrorRates;
import io.github.alexnet4j.train.eval.Evaluator;
import io.github.alexnet4j.train.report.Charts;
import io.github.alexnet4j.train.report.MachineInfo;
import io.github.alexnet4j.train.report.ResultJson;
import io.github.alexnet4j.train.report.RunReportMarkdown;
import io.github.alexnet4j.train.schedule.LearningRateSchedule;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.CrashReportingUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Trains a network as Section 5 describes and keeps the run safe. This class sets a run up (effective
 * config saved, data opened, statistics computed, network built or its newest checkpoint loaded), hands
 * the epochs to an {@link EpochLoop}, and finishes it: final evaluation (centre crop and the paper's ten
 * crops), model file, curves, {@code result.json} and {@code report.md}. {@link #run(boolean)} with
 * {@code resume} continues from the newest usable checkpoint, with the same data order as an
 * uninterrupted run.
 */
public final class Trainer {
    private static final Logger log = LoggerFactory.getLogger(Trainer.class);

    /**
     * @param progressBar a progress bar instead of log lines
     * @param command     the command line, for the report's provenance
     * @param onNetwork   called with the network and the run folder before training starts (e.g. to attach
     *                    DL4J's training UI)
     */
    public record Options(boolean progressBar, String command, BiConsumer<ComputationGraph, Path> onNetwork) {
        public Options(boolean progressBar, String command) {
            this(progressBar, command, (net, dir) -> { });
        }
    }

    private final RunConfig cfg;
    private final Path runDir;
    private final Options options;

    public Trainer(RunConfig cfg, Path runDir, Options options) {
        this.cfg = cfg;
        this.runDir = runDir;
        this.options = options;
    }

    public TrainingOutcome run(boolean resume) throws IOException {
        Files.createDirectories(runDir);
        try (RunLock lock = RunLock.acquire(runDir)) {
            return train(resume);
        }
    }

    private TrainingOutcome train(boolean resume) throws IOException {
        CheckpointStore store = new CheckpointStore(runDir.resolve("checkpoints"), cfg.training().keepCheckpoints());
        if (!resume && !store.list().isEmpty()) {
            throw new IllegalStateException(runDir + " already holds checkpoints: continue it with `alexnet train --resume "
                    + runDir + "` or choose another --run-dir");
        }
        store.removeUnfinished();
        log.info("Effective configuration:\n{}", cfg.toYaml());
        AtomicFiles.writeString(runDir.resolve("config.yaml"), cfg.toYaml());
        long wallStart = System.nanoTime();

        BadImageReport bad = new BadImageReport();
        DatasetLayout.Split split = Datasets.open(cfg.data());
        RunConfig effective = cfg;
        int classes = split.train().numClasses();
        ModelPackage init = null;
        if (cfg.training().init() != null && !resume) {
            Path initFile = Path.of(cfg.training().init());
            init = ModelPackage.read(initFile);
            effective = FineTuning.adopt(cfg, init, classes);
            String line = "Initialised from " + initFile.toAbsolutePath() + " (SHA-1 " + FileChecksum.sha1(initFile) + ")";
            log.info(line);
            AtomicFiles.writeString(runDir.resolve("init.txt"), line + "\n");
            AtomicFiles.writeString(runDir.resolve("config.yaml"), effective.toYaml());
        } else if (cfg.model().numClasses() != classes) {
            log.info("The dataset has {} classes: fc8 gets {} outputs (config said {})", classes, classes,
                    cfg.model().numClasses());
            effective = cfg.withClasses(classes);
        }
        log.info("Training images: {}, validation images: {}, classes: {}", split.train().size(), split.validation().size(),
                classes);
        DatasetStats stats = Datasets.stats(split, cfg.data(), bad, options.progressBar());
        AtomicFiles.writeString(runDir.resolve("labels.txt"), String.join("\n", split.train().classNames()) + "\n");

        ComputationGraph net;
        TrainState state;
        LearningRateSchedule schedule;
        MetricsLog metrics = new MetricsLog(runDir);
        if (resume) {
            ModelPackage m = store.loadLatest().orElseThrow(() -> new IllegalStateException(
                    "No usable checkpoint in " + store.dir() + "; start a new run instead of --resume"));
            SameRun.check(runDir, m, split.train().classNames(), stats);
            if (init == null && m.config().model().numClasses() == effective.model().numClasses()) {
                effective = new RunConfig(effective.name(), m.config().model(), effective.optimizer(), effective.data(),
                        effective.training(), effective.engine());
            }
            net = m.net();
            state = m.state();
            schedule = new LearningRateSchedule(cfg.optimizer().schedule(), cfg.optimizer().learningRate(), state.schedule());
            metrics.truncateAfter(state.iteration() - (state.evaluationPending() ? 1 : 0));
        } else if (init != null) {
            net = FineTuning.network(init, effective);
            schedule = new LearningRateSchedule(cfg.optimizer().schedule(), cfg.optimizer().learningRate());
            state = new TrainState(0, 0, 0, schedule.state(), 0);
            log.info("Network ({} parameters, from the init model):\n{}", net.numParams(), LayerSummary.of(net, effective.model()));
        } else {
            net = Networks.build(effective.model(), cfg.optimizer().updater());
            schedule = new LearningRateSchedule(cfg.optimizer().schedule(), cfg.optimizer().learningRate());
            state = new TrainState(0, 0, 0, schedule.state(), 0);
            log.info("Network ({} parameters):\n{}", net.numParams(), LayerSummary.of(net, effective.model()));
        }
        InputPipeline pipeline = effective.data().pipeline(effective.model().inputSize(), stats);

        options.onNetwork().accept(net, runDir);
        // DL4J writes a memory report when it runs out of memory: keep it with the run, not in the working directory
        CrashReportingUtil.crashDumpOutputDirectory(runDir.toFile());
        TrainState last;
        try (StepEngine engine = StepEngines.create(effective, split.train(), stats, bad); GracefulStop stop = new GracefulStop()) {
            log.info("Training on {}", engine.describe());
            last = new EpochLoop(effective, runDir, net, stats, split, pipeline, store, metrics, schedule, bad, wallStart,
                    engine, options.progressBar(), stop).run(state);
        }

        ErrorRates center = Evaluator.errorRates(net, split.validation(), pipeline, InputPipeline.Mode.CENTER, bad);
        log.info(center.summary("Validation, centre crop"));
        ErrorRates tenCrop = null;
        if (cfg.training().tenCrop()) {
            tenCrop = Evaluator.errorRates(net, split.validation(), pipeline, InputPipeline.Mode.TEN_CROP, bad);
            log.info(tenCrop.summary("Validation, ten crops (paper)"));
        }
        Path modelFile = runDir.resolve("model.zip");
        ModelPackage.write(modelFile, net, split.train().classNames(), effective, stats, last);
        List<EpochMetrics> history = metrics.readAll();
        Charts.curves(history, cfg.name(), runDir.resolve("curves.png"));
        Charts.confusion(center, runDir.resolve("confusion.png"));
        TrainingOutcome outcome = new TrainingOutcome(runDir, modelFile, center, tenCrop, history, last, bad, net.numParams());
        Map<String, String> provenance = MachineInfo.describe(options.command());
        ResultJson.of(outcome, provenance).write(runDir.resolve("result.json"));
        AtomicFiles.writeString(runDir.resolve("report.md"), RunReportMarkdown.of(effective, outcome,
                provenance, (System.nanoTime() - wallStart) / 1e9));
        log.info(bad.summary());
        log.info("Run folder: {}", runDir);
        return outcome;
    }
}
