package io.github.alexnet4j.data.layouts;

import io.github.alexnet4j.data.DatasetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * ILSVRC-2012 as people have it on disk. Class index = position of the wnid in sorted order
 * (n01440764 "tench" = 0), the convention of Caffe, torchvision and the class-folder layout.
 * <ul>
 *   <li>training: {@code train/<wnid>/*.JPEG}</li>
 *   <li>validation: {@code val/<wnid>/*.JPEG}, or flat {@code val/*.JPEG} plus a label file:
 *       Kaggle's {@code LOC_val_solution.csv} ({@code ImageId,PredictionString} starting with the wnid),
 *       or a {@code <file> <index>} list such as Caffe's {@code val.txt}, or the devkit's
 *       {@code ILSVRC2012_validation_ground_truth.txt} together with the devkit's synset order
 *       (one wnid per line in ILSVRC2012_ID order, exported from {@code meta.mat})</li>
 *   <li>one image per class named {@code <wnid>_<anything>.JPEG} in one folder (the imagenet-samples set)</li>
 * </ul>
 */
public final class ImageNet {

    private ImageNet() {
    }

    public static LabelledFiles train(Path trainDir) {
        return ClassFolders.scan(trainDir);
    }

    /** Validation images in class folders, indexed by {@code classNames} (the training set's order). */
    public static LabelledFiles validationFolders(Path valDir, List<String> classNames) {
        LabelledFiles v = ClassFolders.scan(valDir);
        Map<String, Integer> index = indexOf(classNames);
        int[] labels = new int[v.size()];
        for (int i = 0; i < v.size(); i++) {
            String wnid = v.classNames().get(v.labels()[i]);
            Integer idx = index.get(wnid);
            if (idx == null) throw new DatasetException("Validation class " + wnid + " is not among the training classes");
            labels[i] = idx;
        }
        return new LabelledFiles(classNames, v.files(), labels);
    }

    /** Flat {@code val/*.JPEG} with Kaggle's LOC_val_solution.csv. */
    public static LabelledFiles validationFromLocCsv(Path valDir, Path csv, List<String> classNames) {
        Map<String, Integer> index = indexOf(classNames);
        Map<String, Integer> labelOf = new HashMap<>();
        List<String> lines = readLines(csv);
        for (int n = 1; n < lines.size(); n++) { // line 0 is the header
            String line = lines.get(n).trim();
            if (line.isEmpty()) continue;
            int comma = line.indexOf(',');
            if (comma < 0) throw new DatasetException(csv + " line " + (n + 1) + ": expected ImageId,PredictionString");
            String id = line.substring(0, comma);
            String wnid = line.substring(comma + 1).trim().split("\\s+")[0];
            Integer idx = index.get(wnid);
            if (idx == null) throw new DatasetException(csv + " line " + (n + 1) + ": unknown wnid " + wnid);
            labelOf.put(id, idx);
        }
        return flatWithLabels(valDir, labelOf, csv, classNames);
    }

    /** Flat {@code val/*.JPEG} with a {@code <file name> <class index>} list (Caffe's val.txt). */
    public static LabelledFiles validationFromIndexList(Path valDir, Path list, List<String> classNames) {
        Map<String, Integer> labelOf = new HashMap<>();
        List<String> lines = readLines(list);
        for (int n = 0; n < lines.size(); n++) {
            String[] parts = lines.get(n).trim().split("\\s+");
            if (parts.length < 2) continue;
            int idx;
            try {
                idx = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new DatasetException(list + " line " + (n + 1) + ": '" + parts[1] + "' is not a class index");
            }
            if (idx < 0 || idx >= classNames.size()) {
                throw new DatasetException(list + " line " + (n + 1) + ": class index " + idx + " outside 0.."
                        + (classNames.size() - 1));
            }
            labelOf.put(stripExtension(parts[0]), idx);
        }
        return flatWithLabels(valDir, labelOf, list, classNames);
    }

    /**
     * Flat {@code val/*.JPEG} with the devkit's ground truth: line i holds the ILSVRC2012_ID (1..1000) of
     * the i-th image in file-name order; {@code devkitSynsets} lists the wnids in ILSVRC2012_ID order.
     */
    public static LabelledFiles validationFromDevkit(Path valDir, Path groundTruth, Path devkitSynsets,
                                                     List<String> classNames) {
        List<String> ids = readLines(groundTruth).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        List<String> synsets = readLines(devkitSynsets).stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.split("\\s+")[0]).toList();
        Map<String, Integer> index = indexOf(classNames);
        List<Path> images = ClassFolders.imagesIn(valDir);
        if (images.size() != ids.size()) {
            throw new DatasetException(groundTruth + " has " + ids.size() + " labels but " + valDir + " has "
                    + images.size() + " images");
        }
        int[] labels = new int[images.size()];
        for (int i = 0; i < ids.size(); i++) {
            int id = Integer.parseInt(ids.get(i));
            if (id < 1 || id > synsets.size()) {
                throw new DatasetException(groundTruth + " line " + (i + 1) + ": ILSVRC2012_ID " + id + " outside 1.." + synsets.size());
            }
            Integer idx = index.get(synsets.get(id - 1));
            if (idx == null) throw new DatasetException("wnid " + synsets.get(id - 1) + " is not a training class");
            labels[i] = idx;
        }
        return new LabelledFiles(classNames, images, labels);
    }

    /** One folder of {@code <wnid>_<name>.JPEG} files; classes are the sorted distinct wnids. */
    public static LabelledFiles wnidPrefixedFolder(Path dir) {
        ClassFolders.requireDirectory(dir);
        List<Path> images = ClassFolders.imagesIn(dir);
        TreeSet<String> wnids = new TreeSet<>();
        for (Path p : images) wnids.add(wnidOf(p));
        if (wnids.size() < 2) throw new DatasetException(dir + " has fewer than 2 distinct <wnid>_ prefixes");
        List<String> classes = new ArrayList<>(wnids);
        Map<String, Integer> index = indexOf(classes);
        int[] labels = images.stream().mapToInt(p -> index.get(wnidOf(p))).toArray();
        return new LabelledFiles(classes, images, labels);
    }

    /** {@code synset_words.txt}: "n01440764 tench, Tinca tinca" per line → wnid → names. */
    public static Map<String, String> synsetWords(Path file) {
        Map<String, String> names = new LinkedHashMap<>();
        for (String line : readLines(file)) {
            String t = line.trim();
            int space = t.indexOf(' ');
            if (space > 0) names.put(t.substring(0, space), t.substring(space + 1).trim());
        }
        return names;
    }

    private static String wnidOf(Path p) {
        String n = p.getFileName().toString();
        int us = n.indexOf('_');
        if (!n.startsWith("n") || us < 2) {
            throw new DatasetException(p + ": expected a name of the form <wnid>_<name>.JPEG");
        }
        return n.substring(0, us);
    }

    private static LabelledFiles flatWithLabels(Path valDir, Map<String, Integer> labelOf, Path labelFile,
                                                List<String> classNames) {
        List<Path> images = ClassFolders.imagesIn(valDir);
        List<Path> kept = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> unlabelled = new ArrayList<>();
        for (Path p : images) {
            Integer l = labelOf.get(stripExtension(p.getFileName().toString()));
            if (l == null) {
                unlabelled.add(p.getFileName().toString());
            } else {
                kept.add(p);
                labels.add(l);
            }
        }
        if (!unlabelled.isEmpty()) {
            throw new DatasetException(unlabelled.size() + " image(s) in " + valDir + " have no label in " + labelFile
                    + ", e.g. " + unlabelled.get(0));
        }
        return new LabelledFiles(classNames, kept, labels.stream().mapToInt(Integer::intValue).toArray());
    }

    private static Map<String, Integer> indexOf(List<String> classNames) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < classNames.size(); i++) m.put(classNames.get(i), i);
        return m;
    }

    public static String stripExtension(String n) {
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static List<String> readLines(Path file) {
        try (Stream<String> s = Files.lines(file)) {
            return s.toList();
        } catch (IOException e) {
            throw new DatasetException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
