package io.github.alexnet4j.train.eval;

import io.github.alexnet4j.data.batches.ImageBatchIterator;
import io.github.alexnet4j.data.batches.ImageSource;
import io.github.alexnet4j.data.decoding.BadImageReport;
import io.github.alexnet4j.data.transforms.InputPipeline;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The one way a network is scored on a set of images, shared by training (every epoch and at the end),
 * {@code eval}, {@code figures} and the Spark driver: the centre crop, or the paper's ten crops with
 * their softmax outputs averaged.
 */
public final class Evaluator {

    private Evaluator() {
    }

    public static ErrorRates errorRates(ComputationGraph net, ImageSource images, InputPipeline pipeline,
                                        InputPipeline.Mode mode, BadImageReport bad) {
        // ten views per image: a tenth of the images per batch keeps the batch's memory the same
        int batch = mode == InputPipeline.Mode.TEN_CROP ? 25 : 250;
        try (ImageBatchIterator it = new ImageBatchIterator(images, pipeline, mode, batch, 0, 1, bad)) {
            return ErrorRates.run(net, it);
        }
    }
}
