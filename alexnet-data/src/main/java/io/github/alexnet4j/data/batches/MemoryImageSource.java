package io.github.alexnet4j.data.batches;

import java.util.List;

/** Prepared images held in memory (the CIFAR-10 binary batches, or a cache of decoded files). */
public final class MemoryImageSource implements ImageSource {
    private final List<String> classes;
    private final int side;
    private final List<byte[]> images;
    private final int[] labels;
    private final String origin;

    public MemoryImageSource(List<String> classes, int side, List<byte[]> images, int[] labels, String origin) {
        this.classes = List.copyOf(classes);
        this.side = side;
        this.images = images;
        this.labels = labels;
        this.origin = origin;
    }

    @Override public int size() { return images.size(); }
    @Override public int label(int index) { return labels[index]; }
    @Override public String name(int index) { return origin + "#" + index; }
    @Override public List<String> classNames() { return classes; }
    @Override public int storedSize() { return side; }
    @Override public byte[] prepared(int index) { return images.get(index); }
}
