package io.github.alexnet4j.ablation;

import io.github.alexnet4j.data.DatasetStats;
import io.github.alexnet4j.data.TestDatasets;
import io.github.alexnet4j.data.batches.BatchMaker;
import io.github.alexnet4j.data.batches.FileImageSource;
import io.github.alexnet4j.data.decoding.BadImageReport;
import io.github.alexnet4j.data.layouts.ClassFolders;
import io.github.alexnet4j.data.transforms.InputPipeline;
import io.github.alexnet4j.data.transforms.MeanSubtraction;
import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.Nonlinearity;
import io.github.alexnet4j.train.RunConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every ablation in {@link Variants} changes what its name says and nothing else: the effective config of
 * the sweep's run against the baseline's, and for the data variants the batches themselves.
 */
class VariantsTest {

    static final Path HOME = Path.of(System.getProperty("alexnet.home", "..")).toAbsolutePath().normalize();
    static Sweep sweep;
    static RunConfig baseline;
    static FileImageSource images;
    static DatasetStats stats;

    @BeforeAll
    static void setUp() {
        sweep = Sweep.load(HOME.resolve("sweeps/cifar10-paper.yaml"), HOME);
        baseline = config("baseline");
        images = new FileImageSource(ClassFolders.scan(TestDatasets.cifarTest()).perClassLimit(3), 32, false);
        stats = DatasetStats.compute(images, 1, new BadImageReport(), false);
    }

    static RunConfig config(String variant) {
        return RunConfig.load(sweep.config(), sweep.runOverrides(variant, 1));
    }

    @Test
    void eachModelVariantChangesExactlyItsSetting() {
        AlexNetConfig b = baseline.model();
        assertEquals(b.toBuilder().lrn(false).build(), config("no-lrn").model());
        assertEquals(b.toBuilder().pooling(2, 2).build(), config("non-overlapping-pooling").model());
        assertFalse(config("non-overlapping-pooling").model().overlappingPooling());
        assertEquals(b.singleTowerAsInPaper(), config("one-tower").model(), "the paper's one-GPU net: half the kernels but conv5's");
        assertEquals(b.toBuilder().dropout(0).build(), config("no-dropout").model());
        assertEquals(b.toBuilder().removedConvLayer(3).build(), config("no-conv3").model());
        assertEquals(b.toBuilder().removedConvLayer(4).build(), config("no-conv4").model());
        assertEquals(b.toBuilder().removedConvLayer(5).build(), config("no-conv5").model());
        assertEquals(b.toBuilder().nonlinearity(Nonlinearity.TANH).build(), config("tanh").model());
        for (String v : List.of("no-lrn", "non-overlapping-pooling", "one-tower", "no-dropout", "no-conv3", "no-conv4", "no-conv5", "tanh")) {
            RunConfig c = config(v);
            assertEquals(baseline.data(), c.data(), v + " leaves the data alone");
            assertEquals(baseline.optimizer(), c.optimizer(), v + " leaves the optimiser alone");
            assertEquals(baseline.training(), c.training(), v + " leaves the training alone");
        }
        Set<String> covered = new HashSet<>(List.of("baseline", "no-lrn", "non-overlapping-pooling", "one-tower", "no-dropout",
                "no-conv3", "no-conv4", "no-conv5", "tanh", "no-pca-lighting", "no-augmentation"));
        assertEquals(covered, Variants.names(), "every known variant is checked here");
    }

    @Test
    void withoutPcaLightingTheBatchesAreTheBaselinesCropsWithoutTheColourShift() {
        RunConfig c = config("no-pca-lighting");
        assertEquals(baseline.model(), c.model());
        assertEquals(0, c.data().lightingStd());
        assertTrue(baseline.data().lightingStd() > 0);
        // the baseline's own crops and mirrors with the lighting left out, for the same seed
        InputPipeline base = baseline.data().pipeline(28, stats);
        InputPipeline unlit = new InputPipeline(base.storedSize(), base.cropSize(), base.mean(), null, true, base.scale());
        DataSet expected = batch(unlit, InputPipeline.Mode.TRAIN, 0);
        DataSet actual = batch(c.data().pipeline(28, stats), InputPipeline.Mode.TRAIN, 0);
        assertEquals(expected.getFeatures(), actual.getFeatures());
        assertNotEquals(batch(base, InputPipeline.Mode.TRAIN, 0).getFeatures(), actual.getFeatures(), "the baseline is lit");
    }

    @Test
    void withoutAugmentationTheTrainingBatchesAreCentreCropsWithoutLighting() {
        RunConfig c = config("no-augmentation");
        assertEquals(baseline.model(), c.model());
        assertFalse(c.data().augment());
        assertEquals(0, c.data().lightingStd());
        InputPipeline p = c.data().pipeline(28, stats);
        BatchMaker train = new BatchMaker(images, p, InputPipeline.Mode.TRAIN, 8, 1);
        BatchMaker centre = new BatchMaker(images, p, InputPipeline.Mode.CENTER, 8, 1);
        int[] order = train.order(0);   // the training order, each image as its centre crop
        assertEquals(centre.make(0, 0, order, new BadImageReport()).getFeatures(),
                train.make(0, 0, order, new BadImageReport()).getFeatures());
    }

    private static DataSet batch(InputPipeline p, InputPipeline.Mode mode, int b) {
        BatchMaker maker = new BatchMaker(images, p, mode, 8, 1);
        return maker.make(b, 0, maker.order(0), new BadImageReport());
    }

    @Test
    void meanModeIsThePapersPerPixelMean() {
        assertEquals(MeanSubtraction.Mode.PER_PIXEL, baseline.data().mean());
    }
}
