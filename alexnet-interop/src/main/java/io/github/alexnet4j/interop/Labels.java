package io.github.alexnet4j.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Class labels for an imported network, one per line in output order. */
public final class Labels {
    private Labels() {
    }

    /**
     * Caffe's synset_words.txt ({@code n01440764 tench, Tinca tinca}) gives WordNet ids, the names of
     * ImageNet's class folders, so {@code eval} on ImageNet folders finds them; any other file gives one
     * label per non-empty line.
     */
    public static List<String> read(Path file) {
        List<String> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String t = line.strip();
                if (t.isEmpty()) continue;
                String first = t.split("\\s+", 2)[0];
                out.add(first.matches("n\\d{8}") ? first : t);
            }
        } catch (IOException e) {
            throw new ImportException("cannot read labels " + file + ": " + e.getMessage(), e);
        }
        return out;
    }
}
