package io.github.alexnet4j.cli;

import io.github.alexnet4j.data.TestDatasets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** `train` on a slice of CIFAR-10, then `eval` and `predict` through the real command line. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliEndToEndTest {

    @TempDir
    static Path dir;
    static Path run;

    @BeforeAll
    static void setUp() {
        TrainTestSupport.setUp(dir.resolve("cache"));
        run = dir.resolve("run");
    }

    private static String[] captured(int expectedExit, String... args) {
        return TrainTestSupport.cli(expectedExit, args);
    }

    @Test
    @Order(1)
    void trainWritesACompleteRunFolder() throws Exception {
        String[] out = captured(0, TrainTestSupport.array(TrainTestSupport.tinyTrain(run, 2)));
        assertTrue(out[0].contains("Validation accuracy"), out[0]);
        for (String f : List.of("config.yaml", "labels.txt", "metrics.jsonl", "metrics.csv", "model.zip", "report.md",
                "curves.png", "confusion.png")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        }
        List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(3, csv.size(), "header + 2 epochs: " + csv);
        assertEquals("airplane", Files.readAllLines(run.resolve("labels.txt")).get(0));
        String report = Files.readString(run.resolve("report.md"));
        assertTrue(report.contains("top-1 error, ten crops") && report.contains("commit") && report.contains("cpu"), report);
    }

    @Test
    @Order(2)
    void evalReportsCentreAndTenCropErrorsAndPerClassAccuracy() {
        String[] out = captured(0, "eval", "--model", run.resolve("model.zip").toString(), "--out", dir.toString());
        assertTrue(out[0].contains("centre crop: top-1 error") && out[0].contains("ten crops: top-1 error"), out[0]);
        assertTrue(out[0].contains("| truck |"), out[0]);
        assertTrue(Files.isRegularFile(dir.resolve("confusion.png")));
    }

    @Test
    @Order(3)
    void predictPrintsTheTopFiveLabels() throws Exception {
        Path cat = TestDatasets.cifarTest().resolve("cat").resolve("0000.jpg");
        Path notImage = Files.writeString(dir.resolve("notes.jpg"), "not an image");
        String[] out = captured(1, "predict", "--model", run.resolve("model.zip").toString(), cat.toString(), notImage.toString());
        String[] lines = out[0].split("\n");
        assertEquals(cat.toString(), lines[0]);
        for (int i = 1; i <= 5; i++) assertTrue(lines[i].matches("\\s+\\d+\\.\\d\\d %  \\w+"), lines[i]);
        assertTrue(out[0].contains("notes.jpg: not an image"), "a bad image is named, the rest still predicted: " + out[0]);
    }

    @Test
    @Order(4)
    void figuresAreDrawnFromTheModel() throws Exception {
        Path figures = dir.resolve("figures");
        String[] out = captured(0, "figures", "--model", run.resolve("model.zip").toString(), "--out", figures.toString(),
                "--images", "4", "--queries", "2", "--neighbours", "3");
        for (String f : List.of("figure3-conv1-kernels.png", "figure4-predictions.png", "figure4-neighbours.png", "figures.md")) {
            assertTrue(Files.size(figures.resolve(f)) > 0, f);
        }
        assertTrue(out[0].matches("(?s).*tower A: 0\\.\\d{3}.*tower B: 0\\.\\d{3}.*"), out[0]);
        var img = javax.imageio.ImageIO.read(figures.resolve("figure4-neighbours.png").toFile());
        assertTrue(img.getHeight() > 2 * 96 && img.getWidth() > 4 * 96, img.getWidth() + "x" + img.getHeight());
    }

    @Test
    @Order(5)
    void damagedOrForeignModelFilesGiveAClearError() throws Exception {
        byte[] good = Files.readAllBytes(run.resolve("model.zip"));
        Path damaged = Files.write(dir.resolve("damaged.zip"), java.util.Arrays.copyOf(good, good.length / 2));
        String[] out = captured(2, "eval", "--model", damaged.toString());
        assertTrue(out[1].startsWith("alexnet: ") && out[1].contains("not a valid model file"), out[1]);
        assertFalse(out[1].contains("\tat "), "no stack trace");

        Path foreign = dir.resolve("foreign.zip");
        try (var z = new java.util.zip.ZipOutputStream(Files.newOutputStream(foreign))) {
            z.putNextEntry(new java.util.zip.ZipEntry("saved_model.pb"));
            z.write(1);
            z.closeEntry();
        }
        out = captured(2, "predict", "--model", foreign.toString(), "x.jpg");
        assertTrue(out[1].contains("not a DL4J model"), out[1]);
    }

    @Test
    @Order(6)
    void configMistakesAndMissingDataAreOneLineErrors() {
        String[] out = captured(2, "train", "--set", "training.batchsize=3");
        assertTrue(out[1].contains("unknown key 'training.batchsize'"), out[1]);
        out = captured(2, "train", "--data", dir.resolve("nowhere").toString(), "--run-dir", dir.resolve("r2").toString());
        assertTrue(out[1].contains("nowhere"), out[1]);
    }
}
