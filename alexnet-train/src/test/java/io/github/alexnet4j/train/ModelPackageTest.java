package io.github.alexnet4j.train;

import io.github.alexnet4j.data.DataSettings;
import io.github.alexnet4j.data.DatasetStats;
import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.AlexNetGraph;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The model file: DL4J reads the network in it, this project reads all of it, files of the older
 * format still open, and nothing in a downloaded file is deserialised as a Java object.
 */
class ModelPackageTest {

    @TempDir
    Path dir;

    static final AlexNetConfig SMALL = AlexNetConfig.cifar10().toBuilder().numClasses(3).build();

    private static RunConfig config() {
        DataSettings d = new DataSettings("cifar10", null, null, 32, io.github.alexnet4j.data.transforms.MeanSubtraction.Mode.PER_PIXEL,
                0.1, true, 1 / 64.0, 1, 0, 0, 600, 0.05);
        return new RunConfig("t", SMALL, OptimizerSettings.paper(), d, TrainingSettings.paper(), EngineSettings.local());
    }

    private static DatasetStats stats() {
        return new DatasetStats(32, 1, new float[32 * 32 * 3], new double[]{1, 2, 3}, new double[3][3], new double[3],
                new double[][]{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
    }

    @Test
    void dl4jAndThisProjectReadTheSameNetwork() throws Exception {
        ComputationGraph net = AlexNetGraph.build(SMALL);
        Nd4j.getRandom().setSeed(1);
        net.fit(new org.nd4j.linalg.dataset.DataSet(Nd4j.randn(4, 3, 28, 28), Nd4j.eye(3).getRows(0, 1, 2, 0)));
        Path f = dir.resolve("m.zip");
        ModelPackage.write(f, net, List.of("a", "b", "c"), config(), stats(), null);
        ModelPackage m = ModelPackage.read(f);
        assertEquals(net.params(), m.net().params(), "weights, bit for bit");
        assertEquals(net.getUpdater().getStateViewArray(), m.net().getUpdater().getStateViewArray(), "momentum, bit for bit");
        assertEquals(List.of("a", "b", "c"), m.labels());
        assertEquals(config(), m.config());
        ComputationGraph plain = ModelSerializer.restoreComputationGraph(f.toFile(), true);
        assertEquals(net.params(), plain.params(), "ModelSerializer reads the same file");
        try (ZipFile z = new ZipFile(f.toFile())) {
            assertEquals("a\nb\nc", new String(z.getInputStream(z.getEntry("alexnet/labels.txt")).readAllBytes()), "plain text");
        }
    }

    @Test
    void filesOfTheOlderFormatStillOpen() throws Exception {
        // the older format: ModelSerializer's zip with this project's entries as Java-serialised strings
        ComputationGraph net = AlexNetGraph.build(SMALL);
        Path f = dir.resolve("old.zip");
        ModelSerializer.writeModel(net, f.toFile(), true);
        ModelSerializer.addObjectToFile(f.toFile(), "alexnet-labels", "a\nb\nc");
        ModelSerializer.addObjectToFile(f.toFile(), "alexnet-config", config().toYaml());
        ModelSerializer.addObjectToFile(f.toFile(), "alexnet-stats", stats().toJson());
        ModelPackage m = ModelPackage.read(f);
        assertEquals(List.of("a", "b", "c"), m.labels());
        assertEquals(net.params(), m.net().params());
    }

    @Test
    void aLabelsEntryHoldingAnythingButAStringIsRefusedUnread() throws Exception {
        ComputationGraph net = AlexNetGraph.build(SMALL);
        Path good = dir.resolve("old.zip");
        ModelSerializer.writeModel(net, good.toFile(), true);
        ModelSerializer.addObjectToFile(good.toFile(), "alexnet-config", config().toYaml());
        ModelSerializer.addObjectToFile(good.toFile(), "alexnet-stats", stats().toJson());
        // a HashSet nested 40 deep: a classic deserialisation bomb, and not a string
        Set<Object> root = new HashSet<>(), s = root;
        for (int i = 0; i < 40; i++) {
            Set<Object> t = new HashSet<>();
            s.add(t);
            s.add("x" + i);
            s = t;
        }
        Path bomb = withEntry(good, "objects/alexnet-labels", serialised(root));
        IOException e = assertThrows(IOException.class, () -> ModelPackage.read(bomb));
        assertTrue(e.getMessage().contains("objects/alexnet-labels") && e.getMessage().contains("not a plain string"), e.getMessage());
    }

    @Test
    void entriesThisProjectNeverWritesAreRefused() throws Exception {
        Path f = dir.resolve("m.zip");
        ModelPackage.write(f, AlexNetGraph.build(SMALL), List.of("a", "b", "c"), config(), stats(), null);
        Path pre = withEntry(f, "preprocessor.bin", serialised(new java.util.ArrayList<>(List.of("anything"))));
        IOException e = assertThrows(IOException.class, () -> ModelPackage.read(pre));
        assertTrue(e.getMessage().contains("preprocessor.bin") && e.getMessage().contains("could run code"), e.getMessage());
    }

    private static byte[] serialised(Object o) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(o);
        }
        return b.toByteArray();
    }

    /** A copy of {@code zip} with one more entry. */
    private Path withEntry(Path zip, String name, byte[] data) throws IOException {
        Path out = dir.resolve("with-" + name.replace('/', '-') + ".zip");
        try (ZipFile in = new ZipFile(zip.toFile()); ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(out))) {
            for (var it = in.entries().asIterator(); it.hasNext(); ) {
                ZipEntry e = it.next();
                z.putNextEntry(new ZipEntry(e.getName()));
                in.getInputStream(e).transferTo(z);
                z.closeEntry();
            }
            z.putNextEntry(new ZipEntry(name));
            z.write(data);
            z.closeEntry();
        }
        return out;
    }

}
