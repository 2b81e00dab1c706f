package io.github.alexnet4j.train;

import io.github.alexnet4j.data.DatasetStats;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A resumed run must continue the run it was: the checkpoint's classes must be the dataset's classes in
 * the same order (a renamed or added class folder would shift every label), and its input statistics
 * those of the training images on disk (other images would make it another run).
 */
final class SameRun {
    private SameRun() {
    }

    static void check(Path runDir, ModelPackage checkpoint, List<String> classes, DatasetStats stats) {
        if (!checkpoint.labels().equals(classes)) {
            List<String> added = new ArrayList<>(classes), removed = new ArrayList<>(checkpoint.labels());
            added.removeAll(checkpoint.labels());
            removed.removeAll(classes);
            throw new IllegalStateException("the dataset's classes changed since " + runDir + " started (now also "
                    + shortList(added) + "; no longer " + shortList(removed) + (added.isEmpty() && removed.isEmpty()
                    ? "; the same names in another order" : "") + "): resuming would shift the labels. Restore the "
                    + "data as it was, or start a new run");
        }
        DatasetStats saved = checkpoint.stats();
        if (saved.storedSize() != stats.storedSize() || saved.images() != stats.images()
                || maxDifference(saved.channelMean(), stats.channelMean()) > 1e-3) {
            throw new IllegalStateException("the training images changed since " + runDir + " started (" + saved.images()
                    + " images with mean RGB " + format(saved.channelMean()) + " then, " + stats.images() + " with "
                    + format(stats.channelMean()) + " now): restore the data as it was, or start a new run");
        }
    }

    private static double maxDifference(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
        return d;
    }

    private static String format(double[] rgb) {
        return String.format("(%.2f, %.2f, %.2f)", rgb[0], rgb[1], rgb[2]);
    }

    private static String shortList(List<String> names) {
        if (names.isEmpty()) return "none";
        return names.size() <= 5 ? String.join(", ", names) : String.join(", ", names.subList(0, 5)) + ", ...";
    }
}
