package io.github.alexnet4j.train.eval;

import io.github.alexnet4j.data.batches.ImageBatchIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.List;

/**
 * Top-1 and top-5 error, per-class accuracy and the confusion matrix of a network over an
 * iterator; in ten-crop mode the softmax outputs of each image's ten views are averaged first,
 * as in the paper.
 */
public record ErrorRates(long images, double top1Error, double top5Error, double[] perClassAccuracy,
                         long[][] confusion, List<String> classNames) {

    /** Scores every batch of {@code it} and counts as it goes (nothing is kept but the counts). */
    public static ErrorRates run(ComputationGraph net, ImageBatchIterator it) {
        Tally tally = new Tally(it.getLabels());
        Evaluator.forEachImage(net, it, tally::add);
        return tally.result();
    }

    /** The error rates of given class probabilities (e.g. an ensemble's average); {@code labels[i]} is image i's class. */
    public static ErrorRates of(float[][] probabilities, int[] labels, List<String> classNames) {
        Tally tally = new Tally(classNames);
        for (int i = 0; i < labels.length; i++) tally.add(probabilities[i], labels[i]);
        return tally.result();
    }

    /** Top-1 and top-5 hits and the confusion matrix, one image at a time. */
    static final class Tally {
        private final List<String> classNames;
        private final long[][] confusion;
        private long n, top1, top5;

        Tally(List<String> classNames) {
            this.classNames = classNames;
            this.confusion = new long[classNames.size()][classNames.size()];
        }

        void add(float[] p, int y) {
            int pred = TopK.best(p, 1)[0];
            confusion[y][pred]++;
            if (pred == y) top1++;
            if (TopK.hit(p, y, 5)) top5++;
            n++;
        }

        ErrorRates result() {
            int classes = classNames.size();
            double[] perClass = new double[classes];
            for (int c = 0; c < classes; c++) {
                long total = 0;
                for (long v : confusion[c]) total += v;
                perClass[c] = total == 0 ? Double.NaN : (double) confusion[c][c] / total;
            }
            return new ErrorRates(n, n == 0 ? Double.NaN : 1 - (double) top1 / n, n == 0 ? Double.NaN : 1 - (double) top5 / n,
                    perClass, confusion, classNames);
        }
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
