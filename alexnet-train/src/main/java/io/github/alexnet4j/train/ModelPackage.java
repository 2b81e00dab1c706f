package io.github.alexnet4j.train;

import io.github.alexnet4j.data.DatasetStats;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipFile;

/**
 * One self-contained model file: the DL4J network with its updater (momentum) state, plus what is
 * needed to use it without the training data: class names in label order, the run config (crop
 * and stored sizes) and the dataset statistics (the mean image to subtract). Checkpoints are the same
 * format with the training state added, so {@code eval} and {@code predict} work on them too.
 */
public record ModelPackage(ComputationGraph net, List<String> labels, RunConfig config, DatasetStats stats,
                           TrainState state) {

    static final String LABELS = "alexnet-labels", CONFIG = "alexnet-config", STATS = "alexnet-stats",
            STATE = "alexnet-train-state";

    /** Writes atomically: a temp file beside the target, fsync, rename. A crash leaves the old file intact. */
    public static void write(Path file, ComputationGraph net, List<String> labels, RunConfig config, DatasetStats stats,
                             TrainState state) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            ModelSerializer.writeModel(net, tmp.toFile(), true);
            File f = tmp.toFile();
            ModelSerializer.addObjectToFile(f, LABELS, String.join("\n", labels));
            ModelSerializer.addObjectToFile(f, CONFIG, config.toYaml());
            ModelSerializer.addObjectToFile(f, STATS, stats.toJson());
            if (state != null) ModelSerializer.addObjectToFile(f, STATE, state.toJson());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException ignored) {
                // directories cannot be fsynced on every file system
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    /**
     * Reads a model file written by {@link #write}, or fails with a message saying what the file is
     * instead (not a zip, a damaged zip, a model from another tool).
     */
    public static ModelPackage read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such model file");
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (zip.getEntry("configuration.json") == null) {
                throw new IOException(file + " is a zip file but not a DL4J model (no configuration.json)");
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(file + " is not a valid model file (not a zip, or damaged: " + e.getMessage() + ")");
        }
        List<String> objects = ModelSerializer.listObjectsInFile(file.toFile());
        for (String key : List.of(LABELS, CONFIG, STATS)) {
            if (!objects.contains(key)) {
                throw new IOException(file + " is a DL4J model but not one written by this tool (missing '" + key
                        + "'); train it with `alexnet train` or convert it first");
            }
        }
        ComputationGraph net;
        try {
            net = ModelSerializer.restoreComputationGraph(file.toFile(), true);
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": the network inside cannot be read (" + e.getMessage() + ")", e);
        }
        String labels = ModelSerializer.getObjectFromFile(file.toFile(), LABELS);
        RunConfig config = RunConfig.parse(ModelSerializer.getObjectFromFile(file.toFile(), CONFIG), List.of());
        DatasetStats stats = DatasetStats.fromJson(ModelSerializer.getObjectFromFile(file.toFile(), STATS));
        TrainState state = objects.contains(STATE)
                ? TrainState.fromJson(ModelSerializer.getObjectFromFile(file.toFile(), STATE)) : null;
        return new ModelPackage(net, Arrays.asList(labels.split("\n")), config, stats, state);
    }
}
