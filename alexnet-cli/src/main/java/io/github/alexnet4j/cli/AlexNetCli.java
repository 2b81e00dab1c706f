package io.github.alexnet4j.cli;

import io.github.alexnet4j.train.TrainingStoppedException;
import io.github.alexnet4j.cli.bench.BenchCommand;
import io.github.alexnet4j.cli.bench.BenchDataCommand;
import io.github.alexnet4j.cli.bench.ProfileCommand;
import io.github.alexnet4j.data.DatasetException;
import io.github.alexnet4j.interop.ImportException;
import io.github.alexnet4j.model.InvalidConfigException;
import io.github.alexnet4j.model.backend.OneDnn;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code alexnet}: train, evaluate and use the paper's network. */
@Command(name = "alexnet", mixinStandardHelpOptions = true, version = "alexnet 0.1.0 (DL4J 1.0.0-M2.1)",
        description = {"AlexNet (Krizhevsky, Sutskever & Hinton, 2012) on Deeplearning4j.", "",
                "Start with:  alexnet train            (the CIFAR-10 preset, ~15 min on 2 cores)",
                "Then:        alexnet eval --model runs/<run>/model.zip",
                "             alexnet predict --model runs/<run>/model.zip photo.jpg", "",
                "Datasets are found through --data or the ALEXNET_DATA environment variable."},
        subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, StatsCommand.class,
                PrepareCommand.class, FiguresCommand.class, AblateCommand.class, ImportCommand.class, ExportCommand.class, BenchCommand.class, BenchDataCommand.class, ProfileCommand.class,
                CommandLine.HelpCommand.class})
public final class AlexNetCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (used by tests without forking a JVM). */
    public static int execute(String... args) {
        System.setProperty("java.awt.headless", "true");
        // images are written and read in memory: no ImageIO cache files, so a full or missing temporary
        // folder cannot fail a run at its end, when the charts are drawn
        javax.imageio.ImageIO.setUseCache(false);
        OneDnn.enableHelpers();
        CommandLine cli = new CommandLine(new AlexNetCli());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // expected failures get one clear line, not a stack trace
            if (ex instanceof InvalidConfigException || ex instanceof DatasetException || ex instanceof ImportException
                    || ex instanceof TrainingStoppedException || ex instanceof java.io.IOException
                    || ex instanceof IllegalStateException || ex instanceof IllegalArgumentException
                    || ex instanceof java.io.UncheckedIOException) {
                commandLine.getErr().println("alexnet: " + ex.getMessage());
                return ex instanceof TrainingStoppedException ? 3 : 2;
            }
            throw ex;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // training has its own message (EpochLoop); this is for the other commands (import, export, eval)
            System.err.println("alexnet: out of Java heap (" + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB): give the JVM "
                    + "more with JAVA_OPTS=-Xmx4g (the default is -Xmx6g)");
            return 3;
        }
    }
}
