package io.github.alexnet4j.model;

/**
 * Which classes compute the network. Every choice computes the same function; they differ in speed,
 * and in DL4J's LRN, in a wrong backward pass (see {@link io.github.alexnet4j.model.layers.FastLrn}).
 * Kept in the model's config so that a run's {@code config.yaml} says what ran.
 *
 * @param layers             FAST: convolution and fully connected layers whose ReLU backward pass reads
 *                           the derivative off the output, max-pooling that remembers its windows'
 *                           winners; DL4J: DL4J's own layers
 * @param lrn                FAST: {@code FastLrn} (correct backward pass); DL4J: DL4J's layer
 * @param conv1InputGradient whether conv1 computes the gradient for the image (only needed for
 *                           saliency maps; training never uses it, and it is conv1's slowest part)
 */
public record Implementation(Kind layers, Kind lrn, boolean conv1InputGradient) {

    public enum Kind { FAST, DL4J }

    /** This project's layers, conv1 without the image's gradient: what training uses by default. */
    public static final Implementation FAST = new Implementation(Kind.FAST, Kind.FAST, false);

    public Implementation {
        if (layers == null) throw new InvalidConfigException("implementation.layers", null, "FAST or DL4J");
        if (lrn == null) throw new InvalidConfigException("implementation.lrn", null, "FAST or DL4J");
    }
}
