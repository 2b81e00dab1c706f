package io.github.alexnet4j.interop;

import java.util.List;

/**
 * A network read from another framework's file, before it is mapped onto this project's model: the
 * input it takes and its operations in order, each with its weights in that framework's layout
 * (convolution weights [out][in/group][k][k], fully connected weights [out][in], both row-major).
 *
 * @param source      the file, for messages
 * @param inputSize   side of the square input
 * @param channels    input channels
 * @param ops         the chain of operations from the input to the class scores
 */
public record NetSpec(String source, int inputSize, int channels, List<Op> ops) {

    /** One operation; {@code name} is the layer's (Caffe) or node's (ONNX) name, for messages. */
    public sealed interface Op permits Conv, Relu, Tanh, Lrn, Pool, Fc, Dropout, Softmax {
        String name();
    }

    public record Conv(String name, int out, int in, int kernel, int stride, int pad, int group, float[] weights,
                       float[] bias) implements Op {
    }

    public record Relu(String name) implements Op {
    }

    public record Tanh(String name) implements Op {
    }

    /**
     * Local response normalisation in Caffe's and ONNX's form, b = a / (k + α/n · Σ a²)^β over n maps.
     *
     * @param perTower true when the maps were normalised in two halves (the paper's towers), false when
     *                 over all maps at once
     */
    public record Lrn(String name, int size, double alpha, double beta, double k, boolean perTower) implements Op {
    }

    /**
     * @param padEnd extra rows and columns at the bottom and right (asymmetric padding of ONNX files
     *               converted from Caffe); {@code ceil}: windows counted rounding up (Caffe, ONNX ceil_mode)
     */
    public record Pool(String name, boolean max, int kernel, int stride, int pad, int padEnd, boolean ceil) implements Op {
    }

    public record Fc(String name, int out, int in, float[] weights, float[] bias) implements Op {
    }

    public record Dropout(String name, double ratio) implements Op {
    }

    public record Softmax(String name) implements Op {
    }
}
