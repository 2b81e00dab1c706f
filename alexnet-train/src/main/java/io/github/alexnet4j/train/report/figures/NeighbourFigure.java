package io.github.alexnet4j.train.report.figures;

import io.github.alexnet4j.data.decoding.BadImageException;
import io.github.alexnet4j.data.decoding.BadImageReport;
import io.github.alexnet4j.data.batches.ImageBatchIterator;
import io.github.alexnet4j.data.batches.ImageSource;
import io.github.alexnet4j.data.transforms.InputPipeline;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The paper's Figure 4 (right) and its "feature similarity" test: for query images, the training
 * images whose last hidden layer (fc7) activations are closest in Euclidean distance. Features of
 * the training images are computed in batches once and cached next to the figure.
 */
public final class NeighbourFigure {

    private NeighbourFigure() {
    }

    /**
     * fc7 activations of every image of {@code source}, centre crop, row i for image i; an image that cannot
     * be read gets a row of +∞ (never anyone's neighbour), so the rows stay aligned with the images. Cached
     * in {@code cache} (ND4J binary), which the caller names after the model and the images.
     */
    public static INDArray features(ComputationGraph net, ImageSource source, InputPipeline pipeline, Path cache)
            throws IOException {
        if (cache != null && Files.isRegularFile(cache)) {
            INDArray f = Nd4j.readBinary(cache.toFile());
            if (f.rows() == source.size()) return f;
        }
        int c = pipeline.cropSize(), block = 3 * c * c, chunk = 256;
        INDArray all = null;
        for (int from = 0; from < source.size(); from += chunk) {
            int to = Math.min(source.size(), from + chunk);
            float[] data = new float[(to - from) * block];
            int[] rows = new int[to - from];
            int n = 0;
            for (int i = from; i < to; i++) {
                byte[] px;
                try {
                    px = source.prepared(i);
                } catch (BadImageException e) {
                    continue;
                }
                var views = pipeline.views(InputPipeline.Mode.CENTER, null);
                pipeline.write(px, views, InputPipeline.Mode.CENTER, null, data, n * block);
                rows[n++] = i;
            }
            if (n == 0) continue;
            INDArray x = Nd4j.create(java.util.Arrays.copyOf(data, n * block), new long[]{n, 3, c, c}, 'c');
            INDArray fc7 = net.feedForward(x, false).get("fc7");
            if (all == null) all = Nd4j.valueArrayOf(new long[]{source.size(), fc7.columns()}, Float.POSITIVE_INFINITY);
            for (int k = 0; k < n; k++) all.putRow(rows[k], fc7.getRow(k));
        }
        if (all == null) throw new IOException("none of the " + source.size() + " images could be read");
        if (cache != null) Nd4j.saveBinary(all, cache.toFile());
        return all;
    }

    public static BufferedImage draw(INDArray queryFeatures, int[] queries, ImageSource querySource, INDArray trainFeatures,
                                     ImageSource trainSource, int neighbours, int zoom) throws BadImageException {
        int side = querySource.storedSize() * zoom, cell = side + 8, labelH = 30;
        BufferedImage img = new BufferedImage((neighbours + 1) * cell + 20, queries.length * (cell + labelH) + 10,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Pictures.canvas(img);
        for (int q = 0; q < queries.length; q++) {
            int y0 = 5 + q * (cell + labelH);
            INDArray f = queryFeatures.getRow(q);
            INDArray d2 = trainFeatures.sub(f.reshape(1, f.length())).norm2(1); // Euclidean distance to every training image
            double[] d = d2.toDoubleVector();
            Integer[] order = new Integer[d.length];
            for (int i = 0; i < d.length; i++) order[i] = i;
            java.util.Arrays.sort(order, (a, b) -> Double.compare(d[a], d[b]));
            g.drawImage(Pictures.fromPrepared(querySource.prepared(queries[q]), querySource.storedSize(), zoom), 5, y0, null);
            g.setColor(Color.BLACK);
            g.drawString("query: " + querySource.classNames().get(querySource.label(queries[q])), 5, y0 + side + 14);
            for (int n = 0; n < neighbours; n++) {
                int idx = order[n], x0 = 20 + (n + 1) * cell;
                g.drawImage(Pictures.fromPrepared(trainSource.prepared(idx), trainSource.storedSize(), zoom), x0, y0, null);
                boolean same = trainSource.label(idx) == querySource.label(queries[q]);
                g.setColor(same ? new Color(0, 120, 0) : new Color(190, 0, 0));
                g.drawString(String.format("%.1f", d[idx]), x0, y0 + side + 14);
                g.drawString(trainSource.classNames().get(trainSource.label(idx)), x0, y0 + side + 27);
            }
        }
        g.dispose();
        return img;
    }
}
