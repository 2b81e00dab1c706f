package io.github.alexnet4j.cli;

import io.github.alexnet4j.data.TestDatasets;
import io.github.alexnet4j.data.batches.FileImageSource;
import io.github.alexnet4j.data.decoding.BadImageReport;
import io.github.alexnet4j.data.layouts.ClassFolders;
import io.github.alexnet4j.data.transforms.InputPipeline;
import io.github.alexnet4j.model.backend.Dnnl;
import io.github.alexnet4j.train.ModelPackage;
import io.github.alexnet4j.train.eval.Evaluator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 19's condition for bf16: accuracy on the CIFAR preset unchanged within noise. A CIFAR-preset network
 * trained briefly on real images, then scored on 1,000 real test images with float32 and with bf16
 * convolutions ({@code -Dalexnet.bf16=true}): the two differ on few images, and where they differ neither is
 * right more often than chance allows (McNemar's test on the discordant images, 5 % two-sided).
 */
class Bf16AccuracyTest {

    @TempDir
    Path dir;

    @AfterEach
    void restore() {
        System.clearProperty(Dnnl.BF16_PROPERTY);
    }

    @Test
    void cifarPresetAccuracyIsUnchangedWithBf16Convolutions() throws Exception {
        TrainTestSupport.setUp(dir.resolve("cache"));
        Path run = dir.resolve("run");
        var train = TrainTestSupport.tinyTrain(run, 2);
        train.set(train.indexOf("--limit-per-class") + 1, "150");
        TrainTestSupport.cli(0, TrainTestSupport.array(train));
        ModelPackage model = ModelPackage.read(run.resolve("model.zip"));
        var test = new FileImageSource(ClassFolders.scan(TestDatasets.cifarTest()).perClassLimit(100), 32, false);
        InputPipeline pipeline = model.config().data().pipeline(model.config().model().inputSize(), model.stats());

        Evaluator.Scores single = Evaluator.scores(model.net(), test, pipeline, InputPipeline.Mode.CENTER, new BadImageReport());
        System.setProperty(Dnnl.BF16_PROPERTY, "true");
        Evaluator.Scores reduced = Evaluator.scores(model.net(), test, pipeline, InputPipeline.Mode.CENTER, new BadImageReport());

        int n = single.labels().length, onlySingleRight = 0, onlyReducedRight = 0, differ = 0, singleRight = 0;
        float largest = 0;
        for (int i = 0; i < n; i++) {
            int a = argMax(single.probabilities()[i]), b = argMax(reduced.probabilities()[i]), y = single.labels()[i];
            if (a != b) differ++;
            for (int k = 0; k < single.probabilities()[i].length; k++) {
                largest = Math.max(largest, Math.abs(single.probabilities()[i][k] - reduced.probabilities()[i][k]));
            }
            if (a == y) singleRight++;
            if (a == y && b != y) onlySingleRight++;
            if (b == y && a != y) onlyReducedRight++;
        }
        assertEquals(1000, n);
        assertEquals(Dnnl.hasBf16Kernels(), largest > 0, "bf16 changes the probabilities exactly where it runs: " + largest);
        assertTrue(singleRight > 15 * n / 100, "the network learnt something (chance is 10 %; above 15 %): " + singleRight + " of " + n);
        assertTrue(differ <= n / 50, "top-1 differs on at most 2 % of the images: " + differ);
        System.out.printf("bf16 accuracy test: float32 right on %d of %d, top-1 differs on %d, float32 alone right %d, bf16 alone %d, largest probability change %.2e%n", singleRight, n, differ, onlySingleRight, onlyReducedRight, largest);
        int discordant = onlySingleRight + onlyReducedRight;
        double chi2 = discordant == 0 ? 0 : Math.pow(Math.abs(onlySingleRight - onlyReducedRight) - 1, 2) / discordant;
        assertTrue(chi2 < 3.84, "McNemar: float32 alone right on " + onlySingleRight + ", bf16 alone on " + onlyReducedRight);
    }

    private static int argMax(float[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
        return best;
    }
}
