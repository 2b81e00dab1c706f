package io.github.alexnet4j.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Running out of memory for real, in a child JVM that JavaCPP stops at 2 GB of physical memory (its
 * {@code maxphysicalbytes}, the limit that trips here; a batch of 2048 of the test network peaks at about
 * 2.6 GiB resident, so a 3 GB limit no longer stops it): one clear line (what happened, what to change),
 * exit code 3, and DL4J's memory report kept in the run folder rather than dropped into the working directory.
 */
class OutOfMemoryTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void setUp() {
        TrainTestSupport.setUp(dir.resolve("cache"));
    }

    @Test
    void runningOutOfMemoryStopsWithAClearMessage() throws Exception {
        Path run = dir.resolve("run");
        Path cwd = Files.createDirectories(dir.resolve("cwd"));
        List<String> cmd = TrainTestSupport.childJvm(dir.resolve("cache"), "-Xmx2g", "-Dorg.bytedeco.javacpp.maxbytes=400m",
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=2g");
        cmd.add(AlexNetCli.class.getName());
        cmd.addAll(List.of("train", "--run-dir", run.toString(), "--no-progress", "--limit-per-class", "300", "--epochs", "1",
                "--set", "training.budgetMinutes=0", "--set", "training.batchSize=2048",
                "--set", "training.evalTrainImages=20", "--set", "data.cacheMegabytes=64"));
        Path log = dir.resolve("oom.log");
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the child did not finish");
        String out = Files.readString(log);
        assertEquals(3, p.exitValue(), out.substring(Math.max(0, out.length() - 3000)));
        assertTrue(out.contains("alexnet: Out of memory at iteration 0 (batch size 2048). Lower training.batchSize"), out);
        try (Stream<Path> inRun = Files.list(run); Stream<Path> inCwd = Files.list(cwd)) {
            assertTrue(inRun.anyMatch(f -> f.getFileName().toString().startsWith("dl4j-memory-crash-dump")),
                    "DL4J's memory report is kept with the run");
            assertEquals(0, inCwd.count(), "nothing is left in the working directory");
        }
    }
}
