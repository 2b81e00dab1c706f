package io.github.alexnet4j.interop.caffe;

import io.github.alexnet4j.interop.AlexNetMapping;
import io.github.alexnet4j.interop.Dl4jLogits;
import io.github.alexnet4j.interop.ImportException;
import io.github.alexnet4j.interop.ImportedModel;
import io.github.alexnet4j.interop.InputConvention;
import io.github.alexnet4j.interop.NetSpec;
import io.github.alexnet4j.interop.ReferenceNet;
import io.github.alexnet4j.interop.caffe.proto.Caffe;
import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.LrnPlacement;
import io.github.alexnet4j.train.ModelPackage;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Caffe files of both forms, written here with known random weights, import into networks whose logits
 * equal an independent computation of the Caffe network ({@link ReferenceNet}) on the same image; the
 * weights land where they belong; bad files fail with one line naming the file and the layer.
 */
class CaffeImportTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} form, caffenet order {1}")
    @CsvSource({"LAYER, false", "V1, false", "LAYER, true", "V1, true"})
    void importedLogitsEqualTheCaffeNetworks(CaffeFixtures.Form form, boolean caffenetOrder) throws Exception {
        Path[] files = CaffeFixtures.write(dir, CaffeFixtures.Shape.small(), form, caffenetOrder, 11);
        NetSpec spec = CaffeImport.read(files[0], files[1]);
        AlexNetMapping.Result mapped = AlexNetMapping.map(spec, InputConvention.caffe());
        AlexNetConfig c = mapped.config();
        assertEquals(2, c.towers(), "group 2 in conv2, conv4, conv5 is the paper's two towers");
        assertEquals(caffenetOrder ? LrnPlacement.AFTER_POOL : LrnPlacement.BEFORE_POOL, c.lrnPlacement());
        assertTrue(c.lrnAcrossTowers(), "Caffe normalises over all maps of a layer, across the towers");
        assertEquals(1.0, c.lrnK());
        assertEquals(5e-3 / 5, c.lrnAlpha(), 1e-9, "Caffe's α is divided by n; the paper's form is not");
        ComputationGraph net = ImportedModel.network(mapped);

        // the same image: this project's input is RGB; Caffe's is the same planes in BGR order
        Random r = new Random(5);
        double[][][] bgr = new double[3][227][227];
        INDArray rgb = Nd4j.create(1, 3, 227, 227);
        for (int ch = 0; ch < 3; ch++) {
            for (int y = 0; y < 227; y++) {
                for (int x = 0; x < 227; x++) {
                    double v = r.nextGaussian() * 60;
                    bgr[ch][y][x] = v;
                    rgb.putScalar(new int[]{0, 2 - ch, y, x}, v);
                }
            }
        }
        double[] expected = ReferenceNet.logits(spec, bgr);
        double[] actual = Dl4jLogits.of(net, rgb)[0];
        assertTrue(Dl4jLogits.relativeError(expected, actual) < 1e-4,
                "logits differ by " + Dl4jLogits.relativeError(expected, actual) + " of the largest: "
                        + java.util.Arrays.toString(expected) + " vs " + java.util.Arrays.toString(actual));

        // and where each weight went: tower halves, BGR → RGB, fc6's [out][in] → [in][out]
        NetSpec.Conv conv2 = (NetSpec.Conv) spec.ops().stream().filter(o -> o.name().equals("conv2")).findFirst().orElseThrow();
        float[] b2 = net.getLayer("conv2_b").getParam("W").dup().data().asFloat();
        float[] second = java.util.Arrays.copyOfRange(conv2.weights(), conv2.weights().length / 2, conv2.weights().length);
        assertArrayEquals(second, b2, "conv2_b holds the second group's kernels");
        NetSpec.Conv conv1 = (NetSpec.Conv) spec.ops().get(0);
        INDArray w1 = net.getLayer("conv1_a").getParam("W");
        assertEquals(conv1.weights()[(0 * 3 + 2) * 121], w1.getFloat(0, 0, 0, 0), "R weights of conv1 came from Caffe's third (R) plane");
        NetSpec.Fc fc6 = (NetSpec.Fc) spec.ops().stream().filter(o -> o.name().equals("fc6")).findFirst().orElseThrow();
        assertEquals(fc6.weights()[3 * fc6.in() + 7], net.getLayer("fc6").getParam("W").getFloat(7, 3));
    }

    @Test
    void lrnWithinTowersWouldGiveOtherLogits() throws Exception {
        // the guard against a mapping that normalised each tower alone: Caffe's LRN spans the towers
        Path[] files = CaffeFixtures.write(dir, CaffeFixtures.Shape.small(), CaffeFixtures.Form.LAYER, false, 11);
        NetSpec spec = CaffeImport.read(files[0], files[1]);
        AlexNetMapping.Result mapped = AlexNetMapping.map(spec, InputConvention.caffe());
        AlexNetMapping.Result perTower = new AlexNetMapping.Result(mapped.config().toBuilder().lrnAcrossTowers(false).build(),
                mapped.parameters());
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.randn(1, 3, 227, 227).muli(60);
        double[] across = Dl4jLogits.of(ImportedModel.network(mapped), x)[0];
        double[] within = Dl4jLogits.of(ImportedModel.network(perTower), x)[0];
        assertTrue(Dl4jLogits.relativeError(across, within) > 1e-3, "the fixture's LRN is strong enough to tell them apart");
    }

    @Test
    void theModelFileCarriesTheMeanLabelsAndLoadsWithDl4j() throws Exception {
        Path[] files = CaffeFixtures.write(dir, CaffeFixtures.Shape.small(), CaffeFixtures.Form.V1, false, 4);
        Path mean = CaffeFixtures.writeMean(dir.resolve("mean.binaryproto"), 256);
        Path labels = dir.resolve("synset_words.txt");
        StringBuilder words = new StringBuilder();
        for (int i = 0; i < 10; i++) words.append(String.format("n%08d class number %d%n", 1440764 + i, i));
        Files.writeString(labels, words);
        Path out = dir.resolve("imported.zip");
        CaffeImporter.Report report = CaffeImporter.run(files[0], files[1], mean, labels, out);
        assertEquals(CaffeFiles.sha1(files[1]), report.sha1());
        assertNull(report.knownAs(), "a test file is no model-zoo file");

        ModelPackage m = ModelPackage.read(out);
        assertEquals("n01440764", m.labels().get(0), "synset_words.txt gives WordNet ids, ImageNet's folder names");
        assertEquals(256, m.stats().storedSize());
        // binaryproto: plane c (B, G, R) at pixel i holds c·1000 + i % 997; the model's mean is HWC RGB
        int px = 300;
        assertEquals(2 * 1000 + px % 997, m.stats().meanImage()[px * 3], "R came from Caffe's third plane");
        assertEquals(px % 997, m.stats().meanImage()[px * 3 + 2], "B came from the first");
        assertEquals(1.0, m.config().data().scale(), "Caffe's inputs are on the 0–255 scale");
        assertEquals(227, m.config().model().inputSize());
        // the network inside is an ordinary DL4J model file
        ComputationGraph plain = org.deeplearning4j.util.ModelSerializer.restoreComputationGraph(out.toFile(), false);
        INDArray x = Nd4j.rand(1, 3, 227, 227);
        assertEquals(m.net().outputSingle(x), plain.outputSingle(x));
    }

    @Test
    void aTruncatedModelIsNamedAndNothingIsWritten() throws Exception {
        Path[] files = CaffeFixtures.write(dir, CaffeFixtures.Shape.small(), CaffeFixtures.Form.LAYER, false, 1);
        byte[] all = Files.readAllBytes(files[1]);
        Path truncated = dir.resolve("truncated.caffemodel");
        Files.write(truncated, java.util.Arrays.copyOf(all, all.length / 2));
        assertRefused(files[0], truncated, "truncated.caffemodel", "is not a Caffe model or is damaged");
    }

    @Test
    void aFileThatIsNoNetParameterIsNamed() throws Exception {
        Path[] files = CaffeFixtures.write(dir, CaffeFixtures.Shape.small(), CaffeFixtures.Form.LAYER, false, 1);
        Path png = dir.resolve("photo.caffemodel");
        Files.write(png, new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'});
        ImportException e = assertRefused(files[0], png, "photo.caffemodel", "");
        assertTrue(e.getMessage().contains("not a Caffe model") || e.getMessage().contains("no layer with weights"), e.getMessage());
        Path text = dir.resolve("notes.caffemodel");
        Files.writeString(text, "just some text, not a network\n");
        e = assertRefused(files[0], text, "notes.caffemodel", "");
        assertTrue(e.getMessage().contains("not a Caffe model") || e.getMessage().contains("no layer with weights"), e.getMessage());
    }

    @Test
    void prototxtAndWeightsThatDisagreeAreNamed() throws Exception {
        Path[] files = CaffeFixtures.write(dir, CaffeFixtures.Shape.small(), CaffeFixtures.Form.LAYER, false, 1);
        // weights without conv3
        Caffe.NetParameter.Builder w = CaffeImport.readBinary(files[1]).toBuilder();
        for (int i = 0; i < w.getLayerCount(); i++) {
            if (w.getLayer(i).getName().equals("conv3")) w.removeLayer(i);
        }
        Path missing = dir.resolve("missing.caffemodel");
        try (OutputStream o = Files.newOutputStream(missing)) {
            w.build().writeTo(o);
        }
        assertRefused(files[0], missing, "conv3", "different networks");
        // a prototxt whose conv2 has another kernel size than the weights
        Path other = dir.resolve("other.prototxt");
        Files.writeString(other, Files.readString(files[0]).replaceFirst("kernel_size: 5", "kernel_size: 3"));
        ImportException e = assertRefused(other, files[1], "conv2", "disagree");
        assertTrue(e.getMessage().contains("[32, 8, 5, 5]") && e.getMessage().contains("[32, 8, 3, 3]"), e.getMessage());
    }

    @Test
    void aLayerTypeTheProjectCannotExpressIsNamed() throws Exception {
        Path[] files = CaffeFixtures.write(dir, CaffeFixtures.Shape.small(), CaffeFixtures.Form.LAYER, false, 1);
        Path bn = dir.resolve("bn.prototxt");
        Files.writeString(bn, Files.readString(files[0]).replaceFirst("type: \"LRN\"", "type: \"BatchNorm\""));
        assertRefused(bn, files[1], "norm1", "BatchNorm is not part of the AlexNet family");
        Path dilated = dir.resolve("dilated.prototxt");
        Files.writeString(dilated, Files.readString(files[0]).replaceFirst("kernel_size: 5", "kernel_size: 5\n    dilation: 2"));
        assertRefused(dilated, files[1], "conv2", "dilation 2 is not supported");
    }

    private ImportException assertRefused(Path prototxt, Path weights, String... mentions) {
        Path out = dir.resolve("out-" + System.nanoTime() + ".zip");
        ImportException e = assertThrows(ImportException.class, () -> CaffeImporter.run(prototxt, weights, null, null, out));
        for (String m : mentions) assertTrue(e.getMessage().contains(m), "'" + e.getMessage() + "' should mention '" + m + "'");
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertFalse(Files.exists(out), "nothing is written at --out");
        return e;
    }

    @Test
    void bothLrnPlacementsAndWidthsComeFromThePrototxtNotFromAPreset() throws Exception {
        Path[] files = CaffeFixtures.write(dir, CaffeFixtures.Shape.small(), CaffeFixtures.Form.V1, true, 2);
        AlexNetConfig c = AlexNetMapping.map(CaffeImport.read(files[0], files[1]), InputConvention.caffe()).config();
        assertEquals(List.of(16, 32, 48, 48, 32), c.convWidths());
        assertEquals(64, c.fcWidth());
        assertEquals(10, c.numClasses());
        assertEquals(0.5, c.dropout());
    }
}
