package io.github.alexnet4j.model;

/**
 * How the number of pooling windows is rounded. The paper's sizes (55 → 27 → 13 → 6) come out the same
 * either way at 227 inputs; Caffe always rounds up, and the 224-input ONNX AlexNets depend on it.
 */
public enum PoolRounding {
    /** floor((in − z)/s) + 1 windows: each window lies inside the map. */
    FLOOR,
    /** ceil((in − z)/s) + 1 windows: a last window may hang over the edge and pools what it covers. */
    CEIL
}
