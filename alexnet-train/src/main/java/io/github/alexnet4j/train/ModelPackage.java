package io.github.alexnet4j.train;

import io.github.alexnet4j.data.DatasetStats;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * One self-contained model file: the DL4J network with its updater (momentum) state, plus what is
 * needed to use it without the training data: class names in label order, the run config (crop
 * and stored sizes) and the dataset statistics (the mean image to subtract). Checkpoints are the same
 * format with the training state added, so {@code eval} and {@code predict} work on them too.
 *
 * <p>The file is a zip that DL4J's {@code ModelSerializer.restoreComputationGraph} reads
 * ({@code configuration.json}, {@code coefficients.bin}, {@code updaterState.bin}), with this project's
 * entries as plain UTF-8 text under {@code alexnet/}. Reading never deserialises Java objects: the
 * network is rebuilt from its JSON and its arrays, an entry this project never writes (DL4J's
 * {@code preprocessor.bin} is a serialised Java object) is refused, and the entries of files written
 * before this format (Java-serialised strings) are read through a filter that admits only strings.
 * Entries are stored uncompressed: the weights do not compress, and the paper network's file is written
 * in seconds instead of a minute.
 */
public record ModelPackage(ComputationGraph net, List<String> labels, RunConfig config, DatasetStats stats,
                           TrainState state) {

    static final String CONFIGURATION = "configuration.json", COEFFICIENTS = "coefficients.bin",
            UPDATER = "updaterState.bin", NO_PARAMS = "noParams.marker";
    static final String LABELS = "alexnet/labels.txt", CONFIG = "alexnet/config.yaml", STATS = "alexnet/stats.json",
            STATE = "alexnet/state.json";
    /** This project's entries in files written before, Java-serialised strings (ModelSerializer.addObjectToFile). */
    static final Map<String, String> LEGACY = Map.of("objects/alexnet-labels", LABELS, "objects/alexnet-config", CONFIG,
            "objects/alexnet-stats", STATS, "objects/alexnet-train-state", STATE);
    static final Set<String> KNOWN = Set.of(CONFIGURATION, COEFFICIENTS, UPDATER, NO_PARAMS, LABELS, CONFIG, STATS, STATE,
            "objects/alexnet-labels", "objects/alexnet-config", "objects/alexnet-stats", "objects/alexnet-train-state");
    /** Classes moved when the model module got its layers/optim/backend packages; older files name the old ones. */
    static final Map<String, String> MOVED = Map.of(
            "io.github.alexnet4j.model.FastConvolution", "io.github.alexnet4j.model.layers.FastConvolution",
            "io.github.alexnet4j.model.FastDense", "io.github.alexnet4j.model.layers.FastDense",
            "io.github.alexnet4j.model.FastLrn", "io.github.alexnet4j.model.layers.FastLrn",
            "io.github.alexnet4j.model.PaperMomentum", "io.github.alexnet4j.model.optim.PaperMomentum",
            "io.github.alexnet4j.model.PaperWeightDecay", "io.github.alexnet4j.model.optim.PaperWeightDecay");

    /** Writes atomically: a temp file beside the target, fsync, rename. A crash leaves the old file intact. */
    public static void write(Path file, ComputationGraph net, List<String> labels, RunConfig config, DatasetStats stats,
                             TrainState state) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            // the file stream is its own resource: when the disk is full, the zip's close fails before it closes
            // what it wraps, and the half-written file would stay open (and its space taken) until the JVM ends
            try (java.io.OutputStream partial = Files.newOutputStream(tmp);
                 ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(partial, 1 << 20))) {
                stored(zip, CONFIGURATION, net.getConfiguration().toJson().getBytes(StandardCharsets.UTF_8));
                stored(zip, COEFFICIENTS, array(net.params()));
                INDArray updater = net.getUpdater() == null ? null : net.getUpdater().getStateViewArray();
                if (updater != null) stored(zip, UPDATER, array(updater));
                stored(zip, LABELS, String.join("\n", labels).getBytes(StandardCharsets.UTF_8));
                stored(zip, CONFIG, config.toYaml().getBytes(StandardCharsets.UTF_8));
                stored(zip, STATS, stats.toJson().getBytes(StandardCharsets.UTF_8));
                if (state != null) stored(zip, STATE, state.toJson().getBytes(StandardCharsets.UTF_8));
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException ignored) {
                // directories cannot be fsynced on every file system
            }
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            Files.deleteIfExists(tmp);   // after the rename there is nothing to delete; after a failure, the partial file
        }
    }

    private static byte[] array(INDArray a) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 64, a.length() * 4 + 1024));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Nd4j.write(a, out);
        }
        return bytes.toByteArray();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    /**
     * Reads a model file written by {@link #write}, or fails with a message saying what the file is
     * instead (not a zip, a damaged zip, a model from another tool, an entry that could run code).
     */
    public static ModelPackage read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such model file");
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (zip.getEntry(CONFIGURATION) == null) {
                throw new IOException(file + " is a zip file but not a DL4J model (no configuration.json)");
            }
            for (var it = zip.entries().asIterator(); it.hasNext(); ) {
                String name = it.next().getName();
                if (!KNOWN.contains(name)) {
                    throw new IOException(file + " holds an entry this project never writes ('" + name + "'"
                            + (name.equals("preprocessor.bin") ? ", a serialised Java object that could run code when read" : "")
                            + "): refused. Re-export the model from the tool that made it");
                }
            }
            Map<String, String> ours = new LinkedHashMap<>();
            for (String key : List.of(LABELS, CONFIG, STATS, STATE)) {
                ZipEntry e = zip.getEntry(key);
                if (e != null) ours.put(key, text(zip, e));
            }
            for (Map.Entry<String, String> legacy : LEGACY.entrySet()) {
                ZipEntry e = zip.getEntry(legacy.getKey());
                if (e != null) ours.put(legacy.getValue(), legacyString(file, zip, e));
            }
            for (String key : List.of(LABELS, CONFIG, STATS)) {
                if (!ours.containsKey(key)) {
                    throw new IOException(file + " is a DL4J model but not one written by this tool (missing '" + key
                            + "'); import it with `alexnet import` or train it with `alexnet train`");
                }
            }
            ComputationGraph net;
            try {
                net = network(zip);
            } catch (IOException | RuntimeException e) {
                throw new IOException(file + ": the network inside cannot be read (" + e.getMessage() + ")", e);
            }
            RunConfig config = RunConfig.parse(ours.get(CONFIG), List.of());
            DatasetStats stats = DatasetStats.fromJson(ours.get(STATS));
            TrainState state = ours.containsKey(STATE) ? TrainState.fromJson(ours.get(STATE)) : null;
            return new ModelPackage(net, Arrays.asList(ours.get(LABELS).split("\n")), config, stats, state);
        } catch (ZipException e) {
            throw new IOException(file + " is not a valid model file (not a zip, or damaged: " + e.getMessage() + ")");
        }
    }

    /** The network from its JSON configuration and its arrays, as ModelSerializer does it, minus its Java deserialisation. */
    private static ComputationGraph network(ZipFile zip) throws IOException {
        String json = text(zip, zip.getEntry(CONFIGURATION));
        for (Map.Entry<String, String> m : MOVED.entrySet()) json = json.replace("\"" + m.getKey() + "\"", "\"" + m.getValue() + "\"");
        ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(json);
        ZipEntry coefficients = zip.getEntry(COEFFICIENTS);
        if (coefficients == null) throw new IOException("no coefficients.bin");
        INDArray params = ndarray(zip, coefficients);
        conf.setDataType(params.dataType());
        ComputationGraph net = new ComputationGraph(conf);
        net.init(params, false);
        ZipEntry updater = zip.getEntry(UPDATER);
        if (updater != null && net.getUpdater() != null) net.getUpdater().setStateViewArray(ndarray(zip, updater));
        return net;
    }

    private static INDArray ndarray(ZipFile zip, ZipEntry e) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(zip.getInputStream(e), 1 << 20))) {
            return Nd4j.read(in);
        }
    }

    private static String text(ZipFile zip, ZipEntry e) throws IOException {
        try (InputStream in = zip.getInputStream(e)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A Java-serialised string of an older file: the filter admits java.lang.String and nothing else. */
    private static String legacyString(Path file, ZipFile zip, ZipEntry e) throws IOException {
        byte[] bytes;
        try (InputStream in = zip.getInputStream(e)) {
            bytes = in.readAllBytes();
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(info -> {
                if (info.depth() > 1 || info.references() > 1) return ObjectInputFilter.Status.REJECTED;
                Class<?> c = info.serialClass();
                return c == null || c == String.class ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
            });
            Object o = in.readObject();
            if (!(o instanceof String s)) throw new IOException("not a string");
            return s;
        } catch (ClassNotFoundException | IOException ex) {
            throw new IOException(file + ": entry " + e.getName() + " is not a plain string (" + ex.getMessage()
                    + "); refused without reading it further");
        }
    }
}
