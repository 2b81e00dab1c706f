package io.github.alexnet4j.data.layouts;

import io.github.alexnet4j.data.DataLocations;
import io.github.alexnet4j.data.DatasetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The common layout {@code root/<class>/<images>} (CIFAR-10 as JPEG folders, ImageNet's
 * {@code train/<wnid>/}, a user's own photos). Class index = position of the folder name in sorted
 * order, so the mapping never depends on the file system's listing order.
 */
public final class ClassFolders {

    /** Extensions taken as images; anything else in a class folder (README, .DS_Store) is ignored. */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "gif", "bmp", "webp", "tif", "tiff");

    private ClassFolders() {
    }

    public static LabelledFiles scan(Path root) {
        requireDirectory(root);
        List<Path> classDirs;
        try (Stream<Path> s = Files.list(root)) {
            classDirs = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new DatasetException("Cannot list " + root + ": " + e.getMessage(), e);
        }
        if (classDirs.isEmpty()) {
            throw new DatasetException("No class folders in " + root + ": expected " + root + "/<class>/<image files>");
        }
        if (classDirs.size() == 1) {
            throw new DatasetException("Only one class folder (" + classDirs.get(0).getFileName() + ") in " + root
                    + ": a classifier needs at least 2 classes");
        }
        List<String> names = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classDirs.size(); c++) {
            Path dir = classDirs.get(c);
            names.add(dir.getFileName().toString());
            List<Path> images = imagesIn(dir);
            if (images.isEmpty()) {
                throw new DatasetException("Class folder " + dir + " has no image files (" + IMAGE_EXTENSIONS
                        + "); remove it or add images");
            }
            for (Path p : images) {
                files.add(p);
                labels.add(c);
            }
        }
        return new LabelledFiles(names, files, labels.stream().mapToInt(Integer::intValue).toArray());
    }

    public static List<Path> imagesIn(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(ClassFolders::isImageName).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    static boolean isImageName(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return !n.startsWith(".") && dot > 0 && IMAGE_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    static void requireDirectory(Path root) {
        if (!Files.exists(root)) {
            throw new DatasetException("Dataset folder " + root + " does not exist. Pass the right path (--data) or set "
                    + DataLocations.ENV + " to the folder that holds your datasets.");
        }
        if (!Files.isDirectory(root)) throw new DatasetException(root + " is a file, not a dataset folder");
    }
}
