package io.github.alexnet4j.spark;

import io.github.alexnet4j.cli.TrainTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The job class through Spark's own submit entry point (what the spark-submit script runs), in a
 * child JVM with the flags the README gives: the master comes from spark-submit, not from us.
 */
class SparkSubmitTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void setUp() {
        TrainTestSupport.setUp(dir.resolve("cache"));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void sparkSubmitRunsTheTrainingJob() throws Exception {
        Path run = dir.resolve("submitted");
        // spark-submit wants an application jar; our classes are on the class path already
        Path appJar = dir.resolve("app.jar");
        try (JarOutputStream ignored = new JarOutputStream(Files.newOutputStream(appJar))) {
            // empty
        }
        List<String> cmd = TrainTestSupport.childJvm(dir.resolve("cache"),
                "-Xmx4g", "@" + Path.of("java17.args").toAbsolutePath());   // the module's Java 17 options for Spark
        cmd.addAll(List.of("org.apache.spark.deploy.SparkSubmit", "--master", "local[2]",
                "--class", SparkTrainJob.class.getName(), appJar.toString()));
        List<String> train = TrainTestSupport.tinyTrain(run, 1);
        cmd.addAll(train.subList(1, train.size()));   // without the leading "train": the job class adds it
        Path log = dir.resolve("submit.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(8, TimeUnit.MINUTES), "spark-submit did not finish");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out.substring(Math.max(0, out.length() - 3000)));
        assertTrue(out.contains("Training on Spark local[2]"), "the master came from spark-submit");
        assertTrue(out.contains("Validation accuracy"), out.substring(Math.max(0, out.length() - 2000)));
        assertTrue(Files.isRegularFile(run.resolve("model.zip")) && new File(run.resolve("model.zip").toString()).length() > 0);
    }
}
