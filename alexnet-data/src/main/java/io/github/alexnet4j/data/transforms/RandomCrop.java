package io.github.alexnet4j.data.transforms;

import java.util.Random;

/**
 * Training-time translation (Section 4.1): a crop of side {@code size} at a uniformly random position
 * of the stored image, every position equally likely.
 */
public final class RandomCrop extends ViewTransform {
    private final int size;

    public RandomCrop(int size) {
        this.size = size;
    }

    @Override
    public View choose(int stored, Random random) {
        if (size > stored) throw new IllegalArgumentException("crop " + size + " larger than stored image " + stored);
        return new View(random.nextInt(stored - size + 1), random.nextInt(stored - size + 1), size, false);
    }
}
