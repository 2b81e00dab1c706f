package io.github.alexnet4j.model.layers;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The paper's ReLU, f(x) = max(0, x) (Section 3.1), has the derivative 1 where x &gt; 0 and 0 elsewhere,
 * and f(x) &gt; 0 exactly where x &gt; 0: the derivative can be read off the layer's OUTPUT as well as off
 * its input. DL4J's convolution and dense layers recompute their whole forward pass (a convolution or a
 * matrix product) during backprop only to get the pre-activation for that derivative; a ReLU layer that
 * remembers its training output does not need to. Any other nonlinearity (the tanh ablation) keeps
 * DL4J's way.
 * <p>
 * The output kept is the very array the next layer received as its input, so it stays valid until
 * backprop has passed it: DL4J keeps every layer's input for the backward pass, and the layers above
 * (LRN, pooling, merge, dropout) never write into their input. DL4J's ReLU derivative writes into a new
 * array, so the kept output is not changed either.
 */
final class ReluFromOutput {

    private static final ActivationReLU PLAIN_RELU = new ActivationReLU();

    /** The training output of the last forward pass, or null: consumed by the next backward pass. */
    private INDArray output;

    /** True for DL4J's plain ReLU (no threshold, slope or cap), the only activation the trick is exact for. */
    static boolean applies(IActivation activation) {
        return activation instanceof ActivationReLU relu && relu.equals(PLAIN_RELU);
    }

    /** Remembers a training forward pass's output; an inference pass forgets it. */
    INDArray remember(INDArray output, boolean training, IActivation activation) {
        this.output = training && applies(activation) ? output : null;
        return output;
    }

    /** The output to take the ReLU's derivative from, once; null means "recompute as DL4J does". */
    INDArray take() {
        INDArray out = output;
        output = null;
        return out;
    }
}
