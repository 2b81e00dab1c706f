package io.github.alexnet4j.train.eval;

import io.github.alexnet4j.data.DatasetStats;
import io.github.alexnet4j.data.TestDatasets;
import io.github.alexnet4j.data.batches.FileImageSource;
import io.github.alexnet4j.data.decoding.BadImageReport;
import io.github.alexnet4j.data.layouts.ClassFolders;
import io.github.alexnet4j.data.transforms.InputPipeline;
import io.github.alexnet4j.data.transforms.MeanSubtraction;
import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.AlexNetGraph;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The paper's ten-crop test (Section 4.1: "the four corner patches and the center patch as well as their
 * horizontal reflections ... averaging the predictions made by the network's softmax layer on the ten
 * patches") computed here by plain loops, against what {@code eval} computes.
 */
class TenCropTest {

    @Test
    void evalsTenCropScoresEqualAnIndependentAverageOverTheTenViews() throws Exception {
        var files = ClassFolders.scan(TestDatasets.cifarTest()).perClassLimit(2);
        FileImageSource source = new FileImageSource(files, 32, false);
        DatasetStats stats = DatasetStats.compute(source, 1, new BadImageReport(), false);
        AlexNetConfig c = AlexNetConfig.cifar10().toBuilder().dropout(0).build();
        ComputationGraph net = AlexNetGraph.build(c);
        float scale = 1 / 64f;
        InputPipeline pipeline = new InputPipeline(32, 28, new MeanSubtraction(stats, MeanSubtraction.Mode.PER_PIXEL), null,
                true, scale);

        Evaluator.Scores scores = Evaluator.scores(net, source, pipeline, InputPipeline.Mode.TEN_CROP, new BadImageReport());
        assertEquals(source.size(), scores.labels().length);
        int s = 32, k = 28, wrong = 0;
        int[][] corners = {{0, 0}, {0, s - k}, {s - k, 0}, {s - k, s - k}, {(s - k) / 2, (s - k) / 2}};
        for (int i = 0; i < source.size(); i++) {
            byte[] px = source.prepared(i);                       // HWC, BGR, 0-255
            INDArray views = Nd4j.create(10, 3, k, k);
            int v = 0;
            for (boolean mirror : new boolean[]{false, true}) {
                for (int[] at : corners) {
                    for (int y = 0; y < k; y++) {
                        for (int x = 0; x < k; x++) {
                            int sy = at[0] + y, sx = at[1] + (mirror ? k - 1 - x : x);   // the stored pixel shown here
                            for (int rgb = 0; rgb < 3; rgb++) {
                                double value = (px[(sy * s + sx) * 3 + (2 - rgb)] & 0xFF) - stats.meanImage()[(sy * s + sx) * 3 + rgb];
                                views.putScalar(new int[]{v, rgb, y, x}, value * scale);
                            }
                        }
                    }
                    v++;
                }
            }
            INDArray avg = net.outputSingle(views).mean(0);
            for (int cls = 0; cls < 10; cls++) {
                assertEquals(avg.getDouble(cls), scores.probabilities()[i][cls], 1e-5, "image " + i + " class " + cls);
            }
            if (avg.argMax().getInt(0) != source.label(i)) wrong++;
        }
        ErrorRates e = ErrorRates.of(scores.probabilities(), scores.labels(), scores.classNames());
        assertEquals((double) wrong / source.size(), e.top1Error(), 1e-12);
    }
}
