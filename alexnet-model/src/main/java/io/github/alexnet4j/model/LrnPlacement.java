package io.github.alexnet4j.model;

/**
 * Where local response normalisation sits relative to max-pooling in layers 1 and 2.
 * The paper (Section 3.5) applies LRN after the ReLU and pools after it; the CaffeNet reference
 * model swapped the two (pool, then LRN), and people compare both.
 */
public enum LrnPlacement {
    /** conv → ReLU → LRN → pool, as written in the paper. */
    BEFORE_POOL,
    /** conv → ReLU → pool → LRN, as in CaffeNet. */
    AFTER_POOL
}
