package io.github.alexnet4j.model;

import io.github.alexnet4j.model.optim.OptimizerConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The whole two-tower graph learns: the CIFAR-scale net drives its loss on 32 real images towards zero. */
class OverfitTest {

    static Path cifarTrain() {
        String root = System.getenv("ALEXNET_DATA");
        if (root == null || root.isBlank()) root = System.getProperty("alexnet.data", "../shared/datasets");
        Path p = Path.of(root, "cifar10", "train");
        if (!Files.isDirectory(p)) {
            String msg = "CIFAR-10 JPEG folders not found at " + p + " (set ALEXNET_DATA)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(msg);
            Assumptions.abort(msg);
        }
        return p;
    }

    /** 32 images (a few per class), centre 28×28 crop, RGB, per-channel mean removed, scaled to unit range. */
    static DataSet realImages(Path train) throws Exception {
        String[] classes = new File(train.toString()).list();
        java.util.Arrays.sort(classes);
        INDArray x = Nd4j.create(32, 3, 28, 28);
        INDArray y = Nd4j.zeros(32, 10);
        for (int i = 0; i < 32; i++) {
            int c = i % 10;
            BufferedImage img = ImageIO.read(train.resolve(classes[c]).resolve(String.format("%04d.jpg", i / 10)).toFile());
            for (int r = 0; r < 28; r++) {
                for (int col = 0; col < 28; col++) {
                    int rgb = img.getRGB(col + 2, r + 2);
                    x.putScalar(new long[]{i, 0, r, col}, (rgb >> 16) & 0xFF);
                    x.putScalar(new long[]{i, 1, r, col}, (rgb >> 8) & 0xFF);
                    x.putScalar(new long[]{i, 2, r, col}, rgb & 0xFF);
                }
            }
            y.putScalar(i, c, 1);
        }
        x.subi(x.mean(0, 2, 3).reshape(1, 3, 1, 1)).divi(64);
        return new DataSet(x, y);
    }

    @Test
    void cifarScaleNetOverfitsThirtyTwoRealImages() throws Exception {
        DataSet data = realImages(cifarTrain());
        ComputationGraph net = AlexNetGraph.build(AlexNetConfig.cifar10().toBuilder().dropout(0).build(), OptimizerConfig.paper());
        double before = crossEntropy(net, data);
        for (int i = 0; i < 80; i++) net.fit(data);
        double after = crossEntropy(net, data);
        System.out.printf("cross-entropy on 32 images: %.4f -> %.4f%n", before, after);
        assertTrue(before > 1.5, "starts unfitted (He-initialised fc8 gives large logits, so above ln 10): " + before);
        assertTrue(after < before / 20, "loss should fall at least 20-fold: " + before + " -> " + after);
        INDArray predicted = net.outputSingle(data.getFeatures()).argMax(1);
        assertEquals(data.getLabels().argMax(1), predicted, "every training image classified correctly");
    }

    static double crossEntropy(ComputationGraph net, DataSet data) {
        return net.score(data, false) - net.calcRegularizationScore(true);
    }
}
