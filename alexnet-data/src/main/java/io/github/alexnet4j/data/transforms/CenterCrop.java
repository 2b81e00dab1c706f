package io.github.alexnet4j.data.transforms;

import java.util.Random;

/** Test-time single view: the central crop. For odd margins the extra pixel goes to the right/bottom. */
public final class CenterCrop extends ViewTransform {
    private final int size;

    public CenterCrop(int size) {
        this.size = size;
    }

    @Override
    public View choose(int stored, Random random) {
        return view(stored, size);
    }

    public static View view(int stored, int size) {
        if (size > stored) throw new IllegalArgumentException("crop " + size + " larger than stored image " + stored);
        return new View((stored - size) / 2, (stored - size) / 2, size, false);
    }
}
