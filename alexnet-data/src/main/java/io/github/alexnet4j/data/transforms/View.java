package io.github.alexnet4j.data.transforms;

/**
 * One crop of a prepared (stored) image: the top-left corner, the side, and whether it is mirrored.
 * The crop transforms decide views; {@link ViewWriter} cuts them out.
 */
public record View(int x, int y, int size, boolean flip) {

    public View {
        if (x < 0 || y < 0 || size < 1) throw new IllegalArgumentException("bad view " + x + "," + y + " size " + size);
    }

    public View mirrored() {
        return new View(x, y, size, !flip);
    }

    public void checkFits(int stored) {
        if (x + size > stored || y + size > stored) {
            throw new IllegalArgumentException("view " + this + " does not fit a " + stored + "×" + stored + " image");
        }
    }
}
