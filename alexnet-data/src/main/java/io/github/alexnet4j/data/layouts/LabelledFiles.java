package io.github.alexnet4j.data.layouts;

import java.nio.file.Path;
import java.util.List;

/** Image files with their labels and the class names the labels index (sorted, so the order is stable). */
public record LabelledFiles(List<String> classNames, List<Path> files, int[] labels) {

    public LabelledFiles {
        classNames = List.copyOf(classNames);
        files = List.copyOf(files);
        if (files.size() != labels.length) throw new IllegalArgumentException("files and labels differ in length");
    }

    public int size() {
        return files.size();
    }

    /** The first {@code n} files of every class (for quick runs and tests on a slice of a dataset). */
    public LabelledFiles perClassLimit(int n) {
        int[] taken = new int[classNames.size()];
        java.util.List<Path> f = new java.util.ArrayList<>();
        java.util.List<Integer> l = new java.util.ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            if (taken[labels[i]]++ < n) {
                f.add(files.get(i));
                l.add(labels[i]);
            }
        }
        return new LabelledFiles(classNames, f, l.stream().mapToInt(Integer::intValue).toArray());
    }
}
