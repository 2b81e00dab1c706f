package io.github.alexnet4j.train.report.figures;

import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.AlexNetGraph;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The paper's Figure 3: the first layer's kernels as small colour images, one block of rows per
 * tower. The paper saw largely colour-agnostic kernels on one GPU and colour-specific ones on the
 * other; {@link #colourSpecificity} turns that into a number per tower: the share of a kernel's
 * energy that differs between the R, G and B channels (0 = the same pattern in every channel, grey;
 * near 1 = purely chromatic).
 */
public final class KernelFigure {

    public record Result(BufferedImage image, List<Double> towerColourSpecificity) {
    }

    private KernelFigure() {
    }

    /** ‖W − mean_c W‖² / ‖W‖² for one kernel W[c][y][x]. */
    static double colourSpecificity(INDArray kernel) {
        INDArray mean = kernel.mean(0);
        double total = kernel.norm2Number().doubleValue();
        if (total == 0) return 0;
        double chroma = 0;
        for (int c = 0; c < kernel.size(0); c++) {
            double d = kernel.slice(c).sub(mean).norm2Number().doubleValue();
            chroma += d * d;
        }
        return chroma / (total * total);
    }

    public static Result draw(ComputationGraph net, AlexNetConfig config, int zoom) {
        int towers = config.towers(), perTower = config.perTowerWidth(1), k = config.conv1Kernel();
        int cols = Math.min(perTower, 16), rowsPerTower = (perTower + cols - 1) / cols;
        int tile = k * zoom + 2, header = 22;
        BufferedImage img = new BufferedImage(cols * tile + 4, towers * (rowsPerTower * tile + header) + 4,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Pictures.canvas(img);
        List<Double> specificity = new ArrayList<>();
        for (int t = 0; t < towers; t++) {
            INDArray w = net.getParam(AlexNetGraph.vertexName(config, "conv1", t) + "_W"); // [out, in, k, k]
            double sum = 0;
            int top = t * (rowsPerTower * tile + header);
            for (int f = 0; f < perTower; f++) {
                INDArray kernel = w.slice(f);
                sum += colourSpecificity(kernel);
                drawKernel(img, kernel, 2 + (f % cols) * tile, top + header + (f / cols) * tile, zoom);
            }
            specificity.add(sum / perTower);
            g.setColor(Color.BLACK);
            g.drawString(String.format("tower %s: colour specificity %.2f", (char) ('A' + t), sum / perTower), 4, top + 15);
        }
        g.dispose();
        return new Result(img, specificity);
    }

    /** Each kernel stretched to 0..255 over its own range, as the paper's figure does. */
    private static void drawKernel(BufferedImage img, INDArray kernel, int x0, int y0, int zoom) {
        double min = kernel.minNumber().doubleValue(), max = kernel.maxNumber().doubleValue();
        double range = max - min == 0 ? 1 : max - min;
        int k = (int) kernel.size(1);
        boolean rgb = kernel.size(0) == 3;
        for (int y = 0; y < k * zoom; y++) {
            for (int x = 0; x < k * zoom; x++) {
                int[] c = new int[3];
                for (int ch = 0; ch < 3; ch++) {
                    double v = kernel.getDouble(rgb ? ch : 0, y / zoom, x / zoom);
                    c[ch] = (int) Math.round(255 * (v - min) / range);
                }
                img.setRGB(x0 + x, y0 + y, c[0] << 16 | c[1] << 8 | c[2]);
            }
        }
    }
}
