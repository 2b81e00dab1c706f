package io.github.alexnet4j.train.eval;

import io.github.alexnet4j.data.transforms.InputPipeline;
import io.github.alexnet4j.data.transforms.View;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/** Class probabilities for one prepared image: the centre crop, or the paper's ten crops averaged. */
public final class Prediction {

    private Prediction() {
    }

    public static float[] probabilities(ComputationGraph net, InputPipeline pipeline, byte[] prepared, boolean tenCrop) {
        InputPipeline.Mode mode = tenCrop ? InputPipeline.Mode.TEN_CROP : InputPipeline.Mode.CENTER;
        List<View> views = pipeline.views(mode, null);
        int c = pipeline.cropSize();
        float[] data = new float[views.size() * 3 * c * c];
        pipeline.write(prepared, views, mode, null, data, 0);
        return TopK.averageViews(net.outputSingle(false, Nd4j.create(data, new long[]{views.size(), 3, c, c}, 'c')),
                views.size()).getRow(0).toFloatVector();
    }
}
