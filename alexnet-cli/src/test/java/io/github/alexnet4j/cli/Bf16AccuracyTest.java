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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 19's condition for bf16: accuracy on the CIFAR preset unchanged within noise. A CIFAR-preset network
 * trained briefly on real images (1,500, two epochs) is scored on 1,000 real test images. Inference: scored
 * with float32 and with bf16 convolutions ({@code -Dalexnet.bf16=true}), the two differ on few images, and where
 * they differ neither is right more often than chance allows (McNemar's test on the discordant images, 5 %
 * two-sided). Training: the same run in bf16 scores within the noise of the float32 run's accuracy.
 */
class Bf16AccuracyTest {

    @TempDir
    static Path dir;
    private static ModelPackage float32Model;

    @BeforeAll
    static void trainInFloat32() throws Exception {
        TrainTestSupport.setUp(dir.resolve("cache"));
        float32Model = train(dir.resolve("float32"));
    }

    /** The CIFAR preset trained on 150 real images per class for two epochs, with the precision the property says. */
    private static ModelPackage train(Path run) throws Exception {
        var train = TrainTestSupport.tinyTrain(run, 2);
        train.set(train.indexOf("--limit-per-class") + 1, "150");
        TrainTestSupport.cli(0, TrainTestSupport.array(train));
        return ModelPackage.read(run.resolve("model.zip"));
    }

    private static Evaluator.Scores scores(ModelPackage model) throws Exception {
        var test = new FileImageSource(ClassFolders.scan(TestDatasets.cifarTest()).perClassLimit(100), 32, false);
        InputPipeline pipeline = model.config().data().pipeline(model.config().model().inputSize(), model.stats());
        return Evaluator.scores(model.net(), test, pipeline, InputPipeline.Mode.CENTER, new BadImageReport());
    }

    @AfterEach
    void restore() {
        System.clearProperty(Dnnl.BF16_PROPERTY);
    }

    @Test
    void trainingWithBf16ConvolutionsReachesTheSameAccuracyWithinNoise() throws Exception {
        System.setProperty(Dnnl.BF16_PROPERTY, "true");
        Path run = dir.resolve("bf16");
        ModelPackage reduced = train(run);
        assertEquals(Dnnl.hasBf16Kernels(), Files.readString(run.resolve("result.json")).contains("convolutions in bf16"),
                "the run's provenance says whether its convolutions ran in bf16");
        assertEquals(Dnnl.hasBf16Kernels(), !float32Model.net().params().equals(reduced.net().params()),
                "bf16 training changes the weights exactly where it runs");
        System.clearProperty(Dnnl.BF16_PROPERTY);   // both networks scored in float32
        double a = accuracy(scores(float32Model)), b = accuracy(scores(reduced)), n = 1000;
        // the noise of one accuracy measured on n test images is √(p(1−p)/n); of a difference of two, √2 times that
        double noise = Math.sqrt(2 * a * (1 - a) / n);
        System.out.printf("bf16 training test: float32 run %.1f %%, bf16 run %.1f %% (difference %.1f points, 3 standard errors %.1f)%n",
                100 * a, 100 * b, 100 * (b - a), 300 * noise);
        assertTrue(a > 0.15 && b > 0.15, "both runs learnt something (chance is 10 %): " + a + ", " + b);
        assertTrue(Math.abs(b - a) < 3 * noise, "bf16 run's accuracy " + b + " against float32's " + a + ": more than 3 standard errors apart");
    }

    private static double accuracy(Evaluator.Scores s) {
        int right = 0;
        for (int i = 0; i < s.labels().length; i++) if (argMax(s.probabilities()[i]) == s.labels()[i]) right++;
        return right / (double) s.labels().length;
    }

    @Test
    void cifarPresetAccuracyIsUnchangedWithBf16Convolutions() throws Exception {
        Evaluator.Scores single = scores(float32Model);
        System.setProperty(Dnnl.BF16_PROPERTY, "true");
        Evaluator.Scores reduced = scores(float32Model);

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
