package io.github.alexnet4j.cli;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.nio.file.attribute.FileTime;

import static org.junit.jupiter.api.Assertions.*;

/** A real sweep, 3 variants × 1 seed on a slice of CIFAR-10, through the CLI; then restarted, which skips both runs. */
class SweepEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void tinySweepWritesTheTableAndSkipsFinishedRunsOnRestart() throws Exception {
        TrainTestSupport.setUp(dir.resolve("cache"));
        Path sweep = Files.writeString(dir.resolve("tiny.yaml"), """
                name: tiny
                config: configs/cifar10.yaml
                overrides: [data.limitPerClass=10, training.maxEpochs=1, training.budgetMinutes=0, training.batchSize=16,
                            training.evalTrainImages=20, optimizer.schedule.warmupIterations=0, training.tenCrop=false,
                            optimizer.learningRate=0.01]
                seeds: [5]
                variants: [baseline, no-lrn, tanh]
                """);
        Path runs = dir.resolve("runs"), out = dir.resolve("out");
        assertEquals(0, AlexNetCli.execute("ablate", sweep.toString(), "--runs", runs.toString(), "--out", out.toString()));
        String table = Files.readString(out.resolve("table.md"));
        assertTrue(table.contains("| baseline | 1 |") && table.contains("| no-lrn | 1 |"), table);
        assertTrue(table.contains("+1.40") && table.contains("n/a (1 seed)") && table.contains("commit"), table);
        assertTrue(Files.isRegularFile(out.resolve("table.csv")) && Files.isRegularFile(out.resolve("deltas.png")));
        // with tanh in the sweep, Figure 1: neither reached 25 % training error in one epoch of 100 images
        assertTrue(table.contains("## Figure 1") && table.contains("| 5 | > 1 | > 1 | — |"), table);
        assertTrue(Files.size(out.resolve("figure1.png")) > 0);
        List<String> curves = Files.readAllLines(out.resolve("figure1.csv"));
        assertEquals(List.of("nonlinearity,seed,epoch,train_top1_error,train_seconds"), curves.subList(0, 1));
        assertTrue(curves.get(1).startsWith("relu,5,1.0000,") && curves.get(2).startsWith("tanh,5,1.0000,"), curves.toString());
        assertTrue(table.contains("Training time of the 3 finished runs"), table);
        // no ten-crop evaluation in this sweep: its columns say so instead of NaN; training error is there
        assertFalse(table.contains("NaN"), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("\\| baseline \\| 1 \\| \\d+\\.\\d\\d ± 0\\.00 \\| .* \\| — \\| — \\| — \\|.*")), table);
        Path model = runs.resolve("tiny/no-lrn/seed-5/model.zip");
        assertTrue(Files.isRegularFile(model));
        String cfg = Files.readString(runs.resolve("tiny/no-lrn/seed-5/config.yaml"));
        assertTrue(cfg.contains("lrn: false") && cfg.contains("seed: 5"), cfg);

        FileTime before = Files.getLastModifiedTime(model);
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true));
        try {
            assertEquals(0, AlexNetCli.execute("ablate", sweep.toString(), "--runs", runs.toString(), "--out", out.toString()));
        } finally {
            System.setErr(err);
        }
        assertEquals(before, Files.getLastModifiedTime(model), "a finished run is not retrained");
        assertTrue(log.toString().contains("finished earlier, skipped"), log.toString());
    }
}
