package io.github.alexnet4j.interop;

import io.github.alexnet4j.data.DataSettings;
import io.github.alexnet4j.data.DatasetStats;
import io.github.alexnet4j.data.transforms.MeanSubtraction;
import io.github.alexnet4j.model.AlexNetGraph;
import io.github.alexnet4j.train.EngineSettings;
import io.github.alexnet4j.train.ModelPackage;
import io.github.alexnet4j.train.OptimizerSettings;
import io.github.alexnet4j.train.RunConfig;
import io.github.alexnet4j.train.TrainingSettings;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an imported network as this project's model file: the DL4J network with the file's weights,
 * the run config that describes it (so {@code eval}, {@code predict}, {@code figures} and
 * {@code train --init} treat it like a model trained here: 256-pixel stored images, crops of its input
 * size, its mean), its class labels, and its input mean as the dataset statistics.
 */
public final class ImportedModel {

    /** Side of the stored images the crops are cut from: ImageNet's 256, as Caffe prepared them. */
    public static final int STORED_SIZE = 256;

    private ImportedModel() {
    }

    /** The DL4J network with the mapped parameters. */
    public static ComputationGraph network(AlexNetMapping.Result mapped) {
        ComputationGraph net = AlexNetGraph.build(mapped.config());
        mapped.parameters().forEach((key, p) -> {
            String vertex = key.substring(0, key.lastIndexOf('/')), param = key.substring(key.lastIndexOf('/') + 1);
            long[] expected = net.getLayer(vertex).getParam(param).shape();
            long n = 1;
            for (long d : expected) n *= d;
            // biases are [n] or [1, n] depending on the layer; the values are the same
            boolean same = java.util.Arrays.equals(expected, p.shape()) || (param.equals("b") && n == p.values().length);
            if (!same) {
                throw new ImportException(vertex + "/" + param + " has shape " + java.util.Arrays.toString(p.shape())
                        + ", the network needs " + java.util.Arrays.toString(expected));
            }
            net.getLayer(vertex).setParam(param, Nd4j.create(p.values(), expected, 'c'));
        });
        return net;
    }

    /**
     * Writes the model file (atomically: nothing appears at {@code out} unless all of it was written).
     *
     * @param labels class names in output order; null names them {@code class0}, {@code class1}, ...
     */
    public static Path write(String name, AlexNetMapping.Result mapped, InputConvention input, List<String> labels,
                             Path out) throws IOException {
        int classes = mapped.config().numClasses();
        if (labels == null) {
            labels = new ArrayList<>();
            for (int i = 0; i < classes; i++) labels.add("class" + i);
        } else if (labels.size() != classes) {
            throw new ImportException("the labels name " + labels.size() + " classes, the network has " + classes);
        }
        ComputationGraph net = network(mapped);
        DatasetStats stats = stats(input);
        DataSettings data = new DataSettings("imagenet", null, null, stats.storedSize(),
                input.meanImage() != null ? MeanSubtraction.Mode.PER_PIXEL : MeanSubtraction.Mode.PER_CHANNEL,
                0.1, true, 1.0, 2, 0, 0, 600, 0.05);
        RunConfig config = new RunConfig(name, mapped.config(), OptimizerSettings.paper(), data, TrainingSettings.paper(),
                EngineSettings.local());
        ModelPackage.write(out, net, labels, config, stats, null);
        return out;
    }

    /** The input mean as dataset statistics (no colour PCA is known: lighting needs the new data's own). */
    static DatasetStats stats(InputConvention input) {
        int s = input.meanImage() != null ? input.meanSize() : STORED_SIZE;
        float[] mean = input.meanImage();
        double[] channel = input.channelMean();
        if (mean == null) {
            mean = new float[s * s * 3];
            for (int i = 0; i < s * s; i++) for (int c = 0; c < 3; c++) mean[i * 3 + c] = (float) channel[c];
        } else {
            channel = new double[3];
            for (int i = 0; i < s * s; i++) for (int c = 0; c < 3; c++) channel[c] += mean[i * 3 + c] / ((double) s * s);
        }
        double[][] zero = new double[3][3], identity = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        return new DatasetStats(s, 0, mean, channel, zero, new double[3], identity);
    }
}
