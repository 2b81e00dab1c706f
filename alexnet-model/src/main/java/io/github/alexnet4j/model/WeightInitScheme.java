package io.github.alexnet4j.model;

/**
 * How weights are drawn at initialisation.
 * <p>
 * The paper (Section 5) draws every weight from N(0, 0.01). That works for the 8-layer ImageNet net but
 * leaves a small-image net stuck at chance (loss flat at ln 10 = 2.30 for several epochs), the same
 * failure Caffe reported for the paper's bias-1 initialisation, so the small-image preset uses He
 * initialisation, which keeps the activation variance constant through ReLU layers.
 */
public enum WeightInitScheme {
    /** N(0, weightStd²) for every layer, as in the paper. */
    PAPER_GAUSSIAN,
    /** He et al. (2015): N(0, 2/fan_in). Used by the small-image presets. */
    HE
}
