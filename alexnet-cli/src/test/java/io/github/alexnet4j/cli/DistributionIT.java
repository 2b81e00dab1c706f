package io.github.alexnet4j.cli;

import io.github.alexnet4j.data.DataLocations;
import io.github.alexnet4j.data.TestDatasets;
import io.github.alexnet4j.train.report.ResultJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The tarball {@code mvn package} makes runs with a JDK alone: unpacked into an empty folder, away from
 * the checkout and with no Maven on the path, {@code bin/alexnet --help} answers and a tiny training run
 * finishes with a model file.
 */
class DistributionIT {

    @Test
    void theUnpackedDistributionTrains(@TempDir Path dir) throws Exception {
        Path tarball = Path.of(System.getProperty("alexnet.distribution"));
        assertTrue(Files.isRegularFile(tarball), "no distribution at " + tarball + " (mvn package makes it)");
        Path data = TestDatasets.cifarTrain().getParent().getParent();
        run(dir, List.of("tar", "-xzf", tarball.toString(), "-C", dir.toString()), data);
        Path home;
        try (var s = Files.list(dir)) {
            home = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        assertTrue(Files.isExecutable(home.resolve("bin/alexnet")));
        try (var s = Files.list(home.resolve("lib"))) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("nd4j-native-")), "ND4J natives in lib/");
        }

        String help = run(home, List.of(home.resolve("bin/alexnet").toString(), "--help"), data);
        assertTrue(help.contains("train") && help.contains("predict") && help.contains("ablate"), help);

        Path run = dir.resolve("run");
        String out = run(dir, List.of(home.resolve("bin/alexnet").toString(), "train", "--run-dir", run.toString(),
                "--no-progress", "--limit-per-class", "10", "--epochs", "1", "--set", "training.budgetMinutes=0",
                "--set", "training.batchSize=20", "--set", "training.evalTrainImages=20", "--set", "training.tenCrop=false",
                "--set", "data.cacheMegabytes=16"), data);
        assertTrue(out.contains("Validation accuracy"), out);
        assertTrue(Files.isRegularFile(run.resolve("model.zip")));
        // the low-memory setting (README) given to the command reaches the run, and its provenance says so
        assertEquals("MALLOC_MMAP_THRESHOLD_=4194304", ResultJson.read(run.resolve("result.json")).provenance().get("malloc"));
        // oneDNN's binding and its library came with the distribution and load from it
        assertTrue(ResultJson.read(run.resolve("result.json")).provenance().get("convolution").startsWith("oneDNN 3.3.4 called directly"),
                ResultJson.read(run.resolve("result.json")).provenance().toString());
    }

    /** Runs a command in {@code cwd} with PATH stripped to the JDK and the basics, so Maven cannot be used. */
    private static String run(Path cwd, List<String> cmd, Path data) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("JAVA_OPTS", "-Xmx2g");
        pb.environment().put(DataLocations.ENV, data.toString());
        pb.environment().put(DataLocations.OFFLINE_ENV, "1");
        pb.environment().put(DataLocations.CACHE_ENV, cwd.resolve("cache").toString());
        pb.environment().remove("MAVEN_HOME");
        pb.environment().put("MALLOC_MMAP_THRESHOLD_", "4194304");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "timed out: " + cmd);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed:\n" + output);
        return output;
    }
}
