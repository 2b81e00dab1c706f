package io.github.alexnet4j.data.transforms;

import java.util.Random;

/** Training-time reflection (Section 4.1): mirror the whole image left-right with probability p. */
public final class HorizontalFlip extends ViewTransform {
    private final double probability;

    public HorizontalFlip(double probability) {
        if (probability < 0 || probability > 1) throw new IllegalArgumentException("p must be in [0,1]: " + probability);
        this.probability = probability;
    }

    /** The whole image, mirrored or not. */
    @Override
    public View choose(int stored, Random random) {
        return new View(0, 0, stored, flips(random));
    }

    public boolean flips(Random random) {
        return random.nextDouble() < probability;
    }
}
