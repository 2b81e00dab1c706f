package io.github.alexnet4j.cli;

import io.github.alexnet4j.ablation.ResolutionTable;
import io.github.alexnet4j.ablation.Sweep;
import io.github.alexnet4j.ablation.SweepReport;
import io.github.alexnet4j.ablation.SweepRunner;
import io.github.alexnet4j.train.report.MachineInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "ablate", mixinStandardHelpOptions = true,
        description = {"Run a sweep of the paper's ablations and write its table: alexnet ablate sweeps/cifar10-paper.yaml",
                "Restartable: finished runs are skipped, interrupted ones resumed from their checkpoints. Raising",
                "training.maxEpochs carries on the finished runs that ran out of epochs short of their target."})
public final class AblateCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "sweep file (YAML)")
    Path sweepFile;

    @Option(names = "--runs", defaultValue = "runs/ablation", description = "where the runs go (default: ${DEFAULT-VALUE})")
    Path runs;

    @Option(names = "--out", description = "where the table goes (default: results/ablation/<sweep>)")
    Path out;

    @Option(names = "--report-only", description = "do not train; write the table from the runs finished so far")
    boolean reportOnly;

    @Option(names = "--resolution-from", paramLabel = "<table.csv>", description = {"do not train; write resolution.md beside a finished "
            + "sweep's table.csv: per variant the smallest detectable effect and the verdict against the paper",
            "(for sweeps whose run folders are no longer on this machine; sweeps with their runs get these columns in table.md)"})
    Path resolutionFrom;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("alexnet.home", "."));
        Sweep sweep = Sweep.load(sweepFile, home);
        if (resolutionFrom != null) return writeResolution(sweep);
        SweepRunner runner = new SweepRunner(sweep, runs);
        long start = System.nanoTime();
        if (!reportOnly) runner.runAll(System.console() != null);
        Path target = out != null ? out : home.resolve("results/ablation").resolve(sweep.name());
        String provenance = MachineInfo.markdown(MachineInfo.describe(MachineInfo.commandLine("./alexnet ablate " + sweepFile + (reportOnly ? " --report-only" : ""))))
                + String.format("- wall time of this invocation: `%.0f s`%n", (System.nanoTime() - start) / 1e9);
        SweepReport.write(runner, sweep, target, provenance);
        System.out.println("Table: " + target.resolve("table.md"));
        return 0;
    }

    private int writeResolution(Sweep sweep) throws Exception {
        Path target = resolutionFrom.resolveSibling("resolution.md");
        String md = "# What the sweep `" + sweep.name() + "` can resolve\n\n"
                + "From `table.csv` beside this file (each variant's mean, standard deviation and seeds; the Welch interval of its Δ). "
                + "*Detectable*: the smallest change in top-1 error these seeds would have found significant with 80 % probability "
                + "(two-sided Welch test at 5 %). *Verdict*: agrees / disagrees with the paper when our change is significant; "
                + "disagrees too when it is not although a change of the paper's size was detectable; otherwise the sweep cannot "
                + "tell at this budget. The paper's Δ is for ImageNet, so only its sign and rough size compare.\n\n"
                + ResolutionTable.markdown(resolutionFrom)
                + "\n## Provenance\n\n" + MachineInfo.markdown(MachineInfo.describe(MachineInfo.commandLine(
                "./alexnet ablate " + sweepFile + " --resolution-from " + resolutionFrom)));
        java.nio.file.Files.writeString(target, md);
        System.out.println("Resolution: " + target);
        return 0;
    }
}
