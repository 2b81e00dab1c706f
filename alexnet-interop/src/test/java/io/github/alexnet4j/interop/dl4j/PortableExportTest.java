package io.github.alexnet4j.interop.dl4j;

import io.github.alexnet4j.interop.RealImages;
import io.github.alexnet4j.interop.TestModels;
import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.train.ModelPackage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The portable export loads in a JVM whose class path has DL4J and ND4J but none of this project's
 * classes, and gives the same class probabilities as the project's own network.
 */
class PortableExportTest {

    @TempDir
    Path dir;

    /** Run in the child JVM (Java's source-file mode): restores the model with stock DL4J and writes its output. */
    static final String CHECK = """
            import org.deeplearning4j.nn.graph.ComputationGraph;
            import org.deeplearning4j.util.ModelSerializer;
            import org.nd4j.linalg.api.ndarray.INDArray;
            import org.nd4j.linalg.factory.Nd4j;
            import java.io.*;

            public class Check {
                public static void main(String[] a) throws Exception {
                    try {
                        Class.forName("io.github.alexnet4j.model.AlexNetGraph");
                        throw new IllegalStateException("this project's classes are on the class path");
                    } catch (ClassNotFoundException expected) {
                    }
                    ComputationGraph net = ModelSerializer.restoreComputationGraph(new File(a[0]), false);
                    INDArray x;
                    try (DataInputStream in = new DataInputStream(new FileInputStream(a[1]))) { x = Nd4j.read(in); }
                    try (DataOutputStream out = new DataOutputStream(new FileOutputStream(a[2]))) { Nd4j.write(net.outputSingle(x), out); }
                }
            }
            """;

    @ParameterizedTest
    @ValueSource(strings = {"paper-towers", "lrn-across-towers"})
    void thePortableModelLoadsWithoutThisProjectAndGivesTheSameOutputs(String variant) throws Exception {
        AlexNetConfig c = variant.equals("paper-towers") ? TestModels.small() : TestModels.small().toBuilder().lrnAcrossTowers(true).build();
        ModelPackage m = TestModels.write(c, dir.resolve("m.zip"));
        Path portable = dir.resolve("portable.zip");
        PortableExport.write(m, portable);
        try (ZipFile zip = new ZipFile(portable.toFile())) {
            String json = new String(zip.getInputStream(zip.getEntry("configuration.json")).readAllBytes());
            assertFalse(json.contains("io.github.alexnet4j"), "no class of this project in the configuration");
            assertNotNull(zip.getEntry("labels.txt"));
            assertTrue(new String(zip.getInputStream(zip.getEntry("input.txt")).readAllBytes()).contains("RGB"));
        }

        INDArray x = RealImages.batch(2, c.inputSize(), 115);
        Path in = dir.resolve("x.bin"), out = dir.resolve("y.bin");
        try (var o = new java.io.DataOutputStream(Files.newOutputStream(in))) {
            Nd4j.write(x, o);
        }
        Path source = dir.resolve("Check.java");
        Files.writeString(source, CHECK);
        runChild(source, portable, in, out);
        INDArray theirs;
        try (var i = new java.io.DataInputStream(Files.newInputStream(out))) {
            theirs = Nd4j.read(i);
        }
        INDArray ours = m.net().outputSingle(x);
        double diff = ours.sub(theirs).amaxNumber().doubleValue() / ours.amaxNumber().doubleValue();
        assertTrue(diff < 1e-5, "plain DL4J's probabilities differ by " + diff + " of the largest");
    }

    /** A JVM with this test's class path minus every module of this project. */
    private void runChild(Path source, Path model, Path in, Path out) throws IOException, InterruptedException {
        List<String> cp = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.contains("alexnet-") && !e.contains("/alexnet4j/")) cp.add(e);
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-cp", String.join(File.pathSeparator, cp), source.toString(), model.toString(), in.toString(),
                out.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "child JVM timed out");
        assertEquals(0, p.exitValue(), "plain DL4J could not run the model:\n" + output);
        assertTrue(Arrays.stream(cp.toArray(String[]::new)).noneMatch(e -> e.contains("alexnet")), "class path: " + cp);
    }
}
