package io.github.alexnet4j.train.report.figures;

import io.github.alexnet4j.data.decoding.BadImageException;
import io.github.alexnet4j.data.batches.ImageSource;
import io.github.alexnet4j.data.transforms.InputPipeline;
import io.github.alexnet4j.train.eval.Prediction;
import io.github.alexnet4j.train.eval.TopK;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * The paper's Figure 4 (left): test images, each with the five labels the network considers most
 * probable and a bar for each probability; the correct label's bar is red (if it is in the five).
 */
public final class PredictionFigure {

    private PredictionFigure() {
    }

    public static BufferedImage draw(ComputationGraph net, InputPipeline pipeline, ImageSource source, int[] images,
                                     int zoom) throws BadImageException {
        int side = source.storedSize() * zoom, cellW = Math.max(side, 160) + 20, cellH = side + 110;
        int cols = Math.min(images.length, 4), rows = (images.length + cols - 1) / cols;
        BufferedImage img = new BufferedImage(cols * cellW, rows * cellH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Pictures.canvas(img);
        for (int n = 0; n < images.length; n++) {
            int idx = images[n], x0 = (n % cols) * cellW + 10, y0 = (n / cols) * cellH + 5;
            byte[] px = source.prepared(idx);
            float[] p = Prediction.probabilities(net, pipeline, px, true);
            g.drawImage(Pictures.fromPrepared(px, source.storedSize(), zoom), x0, y0, null);
            g.setColor(Color.BLACK);
            g.drawString(source.classNames().get(source.label(idx)), x0, y0 + side + 14);
            int[] best = TopK.best(p, 5);
            for (int r = 0; r < best.length; r++) {
                int by = y0 + side + 22 + r * 17;
                boolean correct = best[r] == source.label(idx);
                g.setColor(correct ? new Color(200, 30, 30) : new Color(60, 90, 200));
                g.fillRect(x0, by, (int) Math.round(p[best[r]] * 80), 12);
                g.setColor(Color.BLACK);
                g.drawString(String.format("%s %.0f%%", source.classNames().get(best[r]), 100 * p[best[r]]), x0 + 84, by + 11);
            }
        }
        g.dispose();
        return img;
    }
}
