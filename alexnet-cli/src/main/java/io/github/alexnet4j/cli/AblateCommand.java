package io.github.alexnet4j.cli;

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
                "Restartable: finished runs are skipped, interrupted ones resumed from their checkpoints."})
public final class AblateCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "sweep file (YAML)")
    Path sweepFile;

    @Option(names = "--runs", defaultValue = "runs/ablation", description = "where the runs go (default: ${DEFAULT-VALUE})")
    Path runs;

    @Option(names = "--out", description = "where the table goes (default: results/ablation/<sweep>)")
    Path out;

    @Option(names = "--report-only", description = "do not train; write the table from the runs finished so far")
    boolean reportOnly;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("alexnet.home", "."));
        Sweep sweep = Sweep.load(sweepFile, home);
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
}
