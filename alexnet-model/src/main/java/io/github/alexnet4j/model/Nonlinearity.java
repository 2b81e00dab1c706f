package io.github.alexnet4j.model;

import org.nd4j.linalg.activations.Activation;

/** The neuron model (Section 3.1): ReLU, or the saturating tanh the paper compares it with in Figure 1. */
public enum Nonlinearity {
    RELU(Activation.RELU),
    TANH(Activation.TANH);

    private final Activation activation;

    Nonlinearity(Activation activation) {
        this.activation = activation;
    }

    public Activation activation() {
        return activation;
    }
}
