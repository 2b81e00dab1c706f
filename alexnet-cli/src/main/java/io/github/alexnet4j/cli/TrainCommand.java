package io.github.alexnet4j.cli;

import io.github.alexnet4j.train.RunConfig;
import io.github.alexnet4j.train.Trainer;
import io.github.alexnet4j.train.TrainingOutcome;
import io.github.alexnet4j.train.report.MachineInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a network. With no arguments: the CIFAR-10 preset (configs/cifar10.yaml) within its",
                "15-minute training budget, then evaluation, curves, the model and a report in runs/<name>-<time>/.",
                "Interrupted? `alexnet train --resume runs/<run>` continues from the last checkpoint."})
final class TrainCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--run-dir", description = "where to write the run (default: runs/<name>-<date-time>)")
    Path runDir;

    @Option(names = "--resume", description = "continue the run in this folder from its newest usable checkpoint")
    Path resume;

    @Option(names = "--epochs", description = "override training.maxEpochs")
    Integer epochs;

    @Option(names = "--budget-minutes", description = "override training.budgetMinutes (0 = no limit)")
    Double budget;

    @Option(names = "--limit-per-class", description = "use only the first N images of each class (quick runs)")
    Integer limit;

    @Option(names = "--no-progress", description = "plain log lines instead of a progress bar")
    boolean noProgress;

    @Option(names = "--init", description = {"fine-tune: start from this model file (e.g. one `alexnet import` made); fc8 is",
            "replaced when the classes differ (training.init)"})
    Path init;

    @Option(names = "--freeze-through", description = "with --init: keep layers up to and including this vertex fixed, e.g. pool5 (training.freezeThrough)")
    String freezeThrough;

    @Option(names = "--ui", description = "serve DL4J's training UI on http://127.0.0.1:9000/train (this machine only)")
    boolean ui;

    @Option(names = "--ui-host", defaultValue = "127.0.0.1", description = {"with --ui: the address to listen on (default: ${DEFAULT-VALUE});",
            "another address opens the UI, which has no login, to the network"})
    String uiHost;

    @Option(names = "--ui-port", defaultValue = "9000", description = "with --ui: the port (default: ${DEFAULT-VALUE})")
    int uiPort;

    @Option(names = "--workers", description = {"train with N workers in this JVM (a copy of the network each, one batch each,",
            "parameters and momentum averaged; for several GPUs in one machine). Sets engine.workers (default 1: plain SGD)"})
    Integer workers;

    @Option(names = "--averaging-frequency", description = "with --workers or --spark averaging: rounds between two averagings (engine.averagingFrequency, default 1)")
    Integer averagingFrequency;

    @Option(names = "--stretch", description = {"with --workers or --spark: batches per distributed job (engine.stretch; default: the",
            "checkpoint interval, else 50); the learning rate is set per stretch"})
    Integer stretch;

    @Option(names = "--spark", paramLabel = "<master>", description = {"train on Apache Spark: local[2], spark://host:7077, yarn,",
            "or 'submit' for the master spark-submit was given (engine.spark.master). Needs the alexnet-spark module (./alexnet adds it)"})
    String spark;

    @Option(names = "--spark-mode", description = "averaging (synchronous parameter averaging, default) or sharing (asynchronous gradient sharing)")
    String sparkMode;

    @Option(names = "--spark-network-mask", description = "gradient sharing: the workers' network, e.g. 10.0.0.0/16 (default 127.0.0.0/8 for local masters)")
    String networkMask;

    @Option(names = "--spark-port", description = "gradient sharing: UDP port of the parameter server (default 40123)")
    Integer sparkPort;

    @Override
    public Integer call() throws Exception {
        RunConfig cfg;
        Path dir;
        if (resume != null) {
            if (config.config != null) {
                throw new IllegalArgumentException("--config cannot be combined with --resume: a resumed run keeps its own "
                        + resume.resolve("config.yaml") + "; change a budget with --epochs, --budget-minutes or --set");
            }
            Path saved = resume.resolve("config.yaml");
            if (!Files.isRegularFile(saved)) throw new IllegalStateException(resume + " is not a run folder (no config.yaml)");
            cfg = RunConfig.forResume(saved, config.overrides(overrides()));
            dir = resume;
        } else {
            cfg = config.load(overrides());
            dir = runDir != null ? runDir : Path.of("runs", cfg.name() + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        boolean bar = !noProgress && System.console() != null;
        TrainingUi server = ui ? TrainingUi.start(uiHost, uiPort) : null;
        Trainer.Options options = new Trainer.Options(bar, MachineInfo.commandLine("alexnet train"),
                server != null ? server::attach : (net, run) -> { });
        TrainingOutcome r = new Trainer(cfg, dir, options).run(resume != null);
        System.out.printf("%nValidation accuracy %.2f %% (centre crop)%s. Model: %s%n", 100 * (1 - r.center().top1Error()),
                r.tenCrop() == null ? "" : String.format(", %.2f %% (ten crops)", 100 * (1 - r.tenCrop().top1Error())),
                r.model());
        return 0;
    }

    /** The options that are shorthands for config values. */
    private List<String> overrides() {
        if (workers != null && workers < 1) throw new IllegalArgumentException("--workers must be ≥ 1, got " + workers);
        List<String> o = new ArrayList<>();
        if (epochs != null) o.add("training.maxEpochs=" + epochs);
        if (budget != null) o.add("training.budgetMinutes=" + budget);
        if (limit != null) o.add("data.limitPerClass=" + limit);
        if (init != null) o.add("training.init=" + init.toAbsolutePath());
        if (freezeThrough != null) o.add("training.freezeThrough=" + freezeThrough);
        if (workers != null) o.add("engine.workers=" + workers);
        if (averagingFrequency != null) o.add("engine.averagingFrequency=" + averagingFrequency);
        if (stretch != null) o.add("engine.stretch=" + stretch);
        if (spark != null) o.add("engine.spark.master=" + spark);
        if (sparkMode != null) o.add("engine.spark.mode=" + sparkMode);
        if (networkMask != null) o.add("engine.spark.networkMask=" + networkMask);
        if (sparkPort != null) o.add("engine.spark.port=" + sparkPort);
        return o;
    }
}
