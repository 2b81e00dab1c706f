package io.github.alexnet4j.train.eval;

import io.github.alexnet4j.data.batches.ImageBatchIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.List;

/**
 * Top-1 and top-5 error, per-class accuracy and the confusion matrix of a network over an
 * iterator; in ten-crop mode the softmax outputs of each image's ten views are averaged first,
 * as in the paper.
 */
public record ErrorRates(long images, double top1Error, double top5Error, double[] perClassAccuracy,
                         long[][] confusion, List<String> classNames) {

    public static ErrorRates run(ComputationGraph net, ImageBatchIterator it) {
        int classes = it.totalOutcomes(), views = it.viewsPerImage();
        long[][] confusion = new long[classes][classes];
        long n = 0, top1 = 0, top5 = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            INDArray probs = TopK.averageViews(net.outputSingle(false, ds.getFeatures()), views);
            INDArray labels = views == 1 ? ds.getLabels()
                    : ds.getLabels().reshape('c', ds.getLabels().rows() / views, views, classes).mean(1);
            for (int i = 0; i < probs.rows(); i++) {
                float[] p = probs.getRow(i).toFloatVector();
                int y = TopK.argmax(labels.getRow(i));
                int pred = TopK.best(p, 1)[0];
                confusion[y][pred]++;
                if (pred == y) top1++;
                if (TopK.hit(p, y, 5)) top5++;
                n++;
            }
        }
        double[] perClass = new double[classes];
        for (int c = 0; c < classes; c++) {
            long total = 0;
            for (long v : confusion[c]) total += v;
            perClass[c] = total == 0 ? Double.NaN : (double) confusion[c][c] / total;
        }
        return new ErrorRates(n, n == 0 ? Double.NaN : 1 - (double) top1 / n, n == 0 ? Double.NaN : 1 - (double) top5 / n,
                perClass, confusion, it.getLabels());
    }

    public String summary(String what) {
        return String.format("%s: top-1 error %.2f %%, top-5 error %.2f %% (%d images)", what, 100 * top1Error,
                100 * top5Error, images);
    }

    public String perClassTable() {
        StringBuilder sb = new StringBuilder("| class | accuracy |\n|---|---|\n");
        for (int c = 0; c < perClassAccuracy.length; c++) {
            sb.append(String.format("| %s | %.1f %% |%n", classNames.get(c), 100 * perClassAccuracy[c]));
        }
        return sb.toString();
    }
}
