package io.github.alexnet4j.train.report.figures;

import io.github.alexnet4j.data.DatasetStats;
import io.github.alexnet4j.data.TestDatasets;
import io.github.alexnet4j.data.batches.FileImageSource;
import io.github.alexnet4j.data.layouts.LabelledFiles;
import io.github.alexnet4j.data.transforms.InputPipeline;
import io.github.alexnet4j.data.transforms.MeanSubtraction;
import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.AlexNetGraph;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Figure 4's fc7 features stay one row per image when an image in the middle cannot be read. */
class NeighbourFeaturesTest {

    @TempDir
    Path dir;

    @Test
    void aBadImageGetsAnInfiniteRowAndTheOthersKeepTheirs() throws Exception {
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(TestDatasets.cifarTest().resolve("cat"))) {
            files.addAll(s.sorted().limit(5).toList());
        }
        Path bad = dir.resolve("broken.jpg");
        Files.writeString(bad, "not a picture");
        files.add(2, bad);
        int[] labels = new int[files.size()];
        FileImageSource source = new FileImageSource(new LabelledFiles(List.of("cat"), files, labels), 32, false);
        AlexNetConfig c = AlexNetConfig.cifar10();
        ComputationGraph net = AlexNetGraph.build(c);
        float[] mean = new float[32 * 32 * 3];
        DatasetStats stats = new DatasetStats(32, 1, mean, new double[3], new double[3][3], new double[3],
                new double[][]{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
        InputPipeline pipeline = new InputPipeline(32, 28, new MeanSubtraction(stats, MeanSubtraction.Mode.PER_PIXEL), null,
                false, 1 / 64f);
        INDArray all = NeighbourFigure.features(net, source, pipeline, null);
        assertEquals(6, all.rows());
        assertTrue(Double.isInfinite(all.getRow(2).getDouble(0)), "the broken image's row");
        // image 3 alone gives the same features as its row among all six
        FileImageSource alone = new FileImageSource(new LabelledFiles(List.of("cat"), List.of(files.get(3)), new int[1]), 32, false);
        INDArray one = NeighbourFigure.features(net, alone, pipeline, null);
        assertTrue(one.getRow(0).equalsWithEps(all.getRow(3), 1e-5), "rows stay aligned with their images");
    }
}
