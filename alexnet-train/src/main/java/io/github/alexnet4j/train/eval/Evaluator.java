package io.github.alexnet4j.train.eval;

import io.github.alexnet4j.data.batches.ImageBatchIterator;
import io.github.alexnet4j.data.batches.ImageSource;
import io.github.alexnet4j.data.decoding.BadImageReport;
import io.github.alexnet4j.data.transforms.InputPipeline;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.List;

/**
 * The one way a network is scored on a set of images, shared by training (every epoch and at the end),
 * {@code eval} (one model or an ensemble), {@code figures} and the Spark driver: the centre crop, or the
 * paper's ten crops with their softmax outputs averaged.
 */
public final class Evaluator {

    /** Each image's class probabilities (views averaged) and its true class, in the source's order, bad images left out. */
    public record Scores(float[][] probabilities, int[] labels, List<String> classNames) {
    }

    /** Receives one image's probabilities and its class. */
    @FunctionalInterface
    interface ImageScore {
        void accept(float[] probabilities, int label);
    }

    private Evaluator() {
    }

    public static ErrorRates errorRates(ComputationGraph net, ImageSource images, InputPipeline pipeline,
                                        InputPipeline.Mode mode, BadImageReport bad) {
        try (ImageBatchIterator it = iterator(images, pipeline, mode, bad)) {
            return ErrorRates.run(net, it);
        }
    }

    /** Every image's probabilities, kept (for ensembles: the paper's Table 2 averages several CNNs' predictions). */
    public static Scores scores(ComputationGraph net, ImageSource images, InputPipeline pipeline, InputPipeline.Mode mode,
                                BadImageReport bad) {
        List<float[]> probs = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (ImageBatchIterator it = iterator(images, pipeline, mode, bad)) {
            forEachImage(net, it, (p, y) -> {
                probs.add(p);
                labels.add(y);
            });
            return new Scores(probs.toArray(float[][]::new), labels.stream().mapToInt(Integer::intValue).toArray(), it.getLabels());
        }
    }

    /** The average of several networks' scores on the same images. */
    public static Scores average(List<Scores> members) {
        Scores first = members.get(0);
        float[][] sum = new float[first.labels().length][];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = new float[first.probabilities()[i].length];
            for (Scores m : members) {
                if (m.labels().length != first.labels().length || m.labels()[i] != first.labels()[i]) {
                    throw new IllegalStateException("the ensemble's members did not score the same images");
                }
                for (int c = 0; c < sum[i].length; c++) sum[i][c] += m.probabilities()[i][c] / members.size();
            }
        }
        return new Scores(sum, first.labels(), first.classNames());
    }

    static void forEachImage(ComputationGraph net, ImageBatchIterator it, ImageScore out) {
        int classes = it.totalOutcomes(), views = it.viewsPerImage();
        while (it.hasNext()) {
            DataSet ds = it.next();
            INDArray probs = TopK.averageViews(net.outputSingle(false, ds.getFeatures()), views);
            INDArray labels = views == 1 ? ds.getLabels()
                    : ds.getLabels().reshape('c', ds.getLabels().rows() / views, views, classes).mean(1);
            for (int i = 0; i < probs.rows(); i++) out.accept(probs.getRow(i).toFloatVector(), TopK.argmax(labels.getRow(i)));
        }
    }

    private static ImageBatchIterator iterator(ImageSource images, InputPipeline pipeline, InputPipeline.Mode mode,
                                               BadImageReport bad) {
        // ten views per image: a tenth of the images per batch keeps the batch's memory the same
        int batch = mode == InputPipeline.Mode.TEN_CROP ? 25 : 250;
        return new ImageBatchIterator(images, pipeline, mode, batch, 0, 1, bad);
    }
}
