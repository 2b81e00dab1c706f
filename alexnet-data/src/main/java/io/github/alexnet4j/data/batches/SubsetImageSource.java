package io.github.alexnet4j.data.batches;

import io.github.alexnet4j.data.decoding.BadImageException;
import java.util.List;

/** A fixed, seeded random subset of another source (e.g. the training images used to measure training error). */
public final class SubsetImageSource implements ImageSource {
    private final ImageSource source;
    private final int[] indices;

    public SubsetImageSource(ImageSource source, int n, long seed) {
        this.source = source;
        int[] all = BatchMaker.shuffled(source.size(), seed);
        this.indices = java.util.Arrays.copyOf(all, Math.min(n, source.size()));
        java.util.Arrays.sort(indices);
    }

    @Override public int size() { return indices.length; }
    @Override public int label(int index) { return source.label(indices[index]); }
    @Override public String name(int index) { return source.name(indices[index]); }
    @Override public List<String> classNames() { return source.classNames(); }
    @Override public int storedSize() { return source.storedSize(); }
    @Override public byte[] prepared(int index) throws BadImageException { return source.prepared(indices[index]); }
}
