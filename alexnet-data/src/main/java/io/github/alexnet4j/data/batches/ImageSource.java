package io.github.alexnet4j.data.batches;

import io.github.alexnet4j.data.decoding.BadImageException;
import java.util.List;

/**
 * A labelled collection of images, each served already prepared: square, {@link #storedSize()} on a
 * side, 8-bit, HWC, BGR. Implementations: image files on disk, the CIFAR-10 binary batches, and an
 * in-memory cache of either.
 */
public interface ImageSource {

    int size();

    int label(int index);

    /** Human-readable origin of image {@code index} (a path), for error messages. */
    String name(int index);

    /** Class names in label order. */
    List<String> classNames();

    int storedSize();

    /** The prepared pixels of image {@code index}, or a {@link BadImageException} naming the problem. */
    byte[] prepared(int index) throws BadImageException;

    default int numClasses() {
        return classNames().size();
    }
}
