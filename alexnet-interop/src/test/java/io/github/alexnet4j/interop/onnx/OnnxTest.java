package io.github.alexnet4j.interop.onnx;

import io.github.alexnet4j.data.DataSettings;
import io.github.alexnet4j.data.DatasetStats;
import io.github.alexnet4j.interop.AlexNetMapping;
import io.github.alexnet4j.interop.Dl4jLogits;
import io.github.alexnet4j.interop.ImportException;
import io.github.alexnet4j.interop.ImportedModel;
import io.github.alexnet4j.interop.InputConvention;
import io.github.alexnet4j.interop.NetSpec;
import io.github.alexnet4j.interop.OnnxRuntime;
import io.github.alexnet4j.interop.RealImages;
import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.AlexNetGraph;
import io.github.alexnet4j.model.DropoutPlacement;
import io.github.alexnet4j.model.LrnPlacement;
import io.github.alexnet4j.model.PoolRounding;
import io.github.alexnet4j.train.EngineSettings;
import io.github.alexnet4j.train.ModelPackage;
import io.github.alexnet4j.train.OptimizerSettings;
import io.github.alexnet4j.train.RunConfig;
import io.github.alexnet4j.train.TrainingSettings;
import onnx.OnnxMl;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * ONNX files made by PyTorch (src/test/resources/onnx, made by src/test/fixtures/make_onnx_fixtures.py)
 * import into networks whose outputs equal ONNX Runtime's on real images; this project's models export
 * to ONNX files whose outputs in ONNX Runtime equal DL4J's, and import back unchanged.
 */
class OnnxTest {

    static final Path FIXTURES = Path.of("src/test/resources/onnx");
    static final InputConvention RAW = InputConvention.ofScale(new double[]{0, 0, 0}, 1);

    @TempDir
    Path dir;

    @Test
    void thePaperNetFromPyTorchImportsWithLrnWithinEachTower() throws Exception {
        AlexNetConfig c = importAndCompare("paper-small.onnx", "logits", false).config();
        assertEquals(2, c.towers());
        assertFalse(c.lrnAcrossTowers(), "Split → LRN, LRN → Concat is LRN within each tower");
        assertEquals(2.0, c.lrnK());
        assertEquals(1e-4, c.lrnAlpha(), 1e-9, "ONNX's α 5e-4 over n = 5 is the paper's 1e-4");
        assertEquals(LrnPlacement.BEFORE_POOL, c.lrnPlacement());
        assertEquals(DropoutPlacement.FC_OUTPUTS, c.dropoutPlacement());
    }

    @Test
    void torchvisionsLayoutImportsAsTheTorchvisionShape() throws Exception {
        AlexNetConfig c = importAndCompare("torchvision-small.onnx", "logits", false).config();
        assertEquals(1, c.towers());
        assertFalse(c.lrn());
        assertEquals(224, c.inputSize());
        assertEquals(2, c.conv1Padding());
        assertEquals(DropoutPlacement.FC_INPUTS, c.dropoutPlacement());
        AlexNetConfig full = AlexNetConfig.torchvision();
        assertEquals(c.toBuilder().convWidths(full.convWidths()).fcWidth(4096).numClasses(1000).dropout(0.5).biasOne(1)
                .build(), full, "the preset is exactly this layout at full width");
        assertEquals(61_100_840, AlexNetGraph.build(full).numParams(), "torchvision.models.alexnet's parameter count");
    }

    @Test
    void theModelZoosShapeImportsWithCeilPoolingAndLrnAcrossTowers() throws Exception {
        AlexNetConfig c = importAndCompare("zoo-small.onnx", "logits", true).config();
        assertEquals(224, c.inputSize());
        assertEquals(PoolRounding.CEIL, c.poolRounding(), "224 inputs give 54 → 27 only when pooling rounds up");
        assertTrue(c.lrnAcrossTowers());
        assertEquals(6, c.spatialSizes().pool5());
    }

    /** Imports a fixture and checks DL4J's output on real images against ONNX Runtime's on the same tensor. */
    private AlexNetMapping.Result importAndCompare(String fixture, String output, boolean probabilities) throws Exception {
        Path file = FIXTURES.resolve(fixture);
        NetSpec spec = OnnxImport.read(file, OnnxImport.readModel(file));
        AlexNetMapping.Result mapped = AlexNetMapping.map(spec, RAW);
        ComputationGraph net = ImportedModel.network(mapped);
        INDArray x = RealImages.batch(3, spec.inputSize(), 110);
        float[][] expected = OnnxRuntime.run(file, x, output);
        double[][] actual = probabilities ? net.outputSingle(x).toDoubleMatrix() : Dl4jLogits.of(net, x);
        for (int i = 0; i < expected.length; i++) {
            double err = Dl4jLogits.relativeError(OnnxRuntime.toDouble(expected[i]), actual[i]);
            assertTrue(err < 1e-4, fixture + " image " + i + ": outputs differ by " + err + " of the largest");
        }
        return mapped;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"paper-towers", "lrn-across-towers", "torchvision", "caffenet-ceil", "one-tower-tanh"})
    void exportedModelsGiveDl4jsLogitsInOnnxRuntimeAndImportBack(String variant) throws Exception {
        AlexNetConfig small = io.github.alexnet4j.interop.TestModels.small();
        AlexNetConfig c = switch (variant) {
            case "paper-towers" -> small;
            case "lrn-across-towers" -> small.toBuilder().lrnAcrossTowers(true).build();
            case "torchvision" -> AlexNetConfig.torchvision().toBuilder().widthMultiplier(0.125).fcWidth(64).numClasses(10).build();
            case "caffenet-ceil" -> small.toBuilder().lrnPlacement(LrnPlacement.AFTER_POOL).inputSize(224)
                    .poolRounding(PoolRounding.CEIL).lrnAcrossTowers(true).build();
            case "one-tower-tanh" -> small.toBuilder().towers(1).nonlinearity(io.github.alexnet4j.model.Nonlinearity.TANH).build();
            default -> throw new IllegalArgumentException(variant);
        };
        Path zip = dir.resolve(variant + ".zip");
        ModelPackage m = model(c, zip);
        Path onnx = dir.resolve(variant + ".onnx");
        OnnxExport.write(m, onnx);

        INDArray x = RealImages.batch(3, c.inputSize(), 0).subi(m.stats().channelMean()[0]);
        float[][] ort = OnnxRuntime.run(onnx, x, "logits");
        double[][] dl4j = Dl4jLogits.of(m.net(), x);
        for (int i = 0; i < ort.length; i++) {
            double err = Dl4jLogits.relativeError(dl4j[i], OnnxRuntime.toDouble(ort[i]));
            assertTrue(err < 1e-4, variant + " image " + i + ": ONNX Runtime differs by " + err + " of the largest logit");
        }

        // and back: the exported file says how its inputs are made, so it imports without options
        Path back = dir.resolve(variant + "-back.zip");
        OnnxImporter.Report r = OnnxImporter.run(onnx, null, null, back);
        AlexNetConfig back2 = r.mapped().config();
        for (int l = 1; l <= 5; l++) assertEquals(c.convWidth(l), back2.convWidth(l), "conv" + l + " width");
        assertEquals(List.of(c.towers(), c.lrn(), c.lrnAcrossTowers(), c.lrnPlacement(), c.lrnN(), c.poolSize(), c.poolStride(),
                        c.poolRounding(), c.inputSize(), c.conv1Kernel(), c.conv1Stride(), c.conv1Padding(), c.fcWidth(),
                        c.numClasses(), c.nonlinearity()),
                List.of(back2.towers(), back2.lrn(), back2.lrnAcrossTowers(), back2.lrnPlacement(), back2.lrnN(), back2.poolSize(),
                        back2.poolStride(), back2.poolRounding(), back2.inputSize(), back2.conv1Kernel(), back2.conv1Stride(),
                        back2.conv1Padding(), back2.fcWidth(), back2.numClasses(), back2.nonlinearity()),
                "the same network comes back");
        assertEquals(c.lrnAlpha(), back2.lrnAlpha(), 1e-10);
        assertEquals(c.lrnK(), back2.lrnK(), 1e-7);
        ModelPackage again = ModelPackage.read(back);
        assertEquals(m.labels(), again.labels());
        double[][] reimported = Dl4jLogits.of(again.net(), x);
        for (int i = 0; i < dl4j.length; i++) {
            assertTrue(Dl4jLogits.relativeError(dl4j[i], reimported[i]) < 1e-5, "re-imported logits of image " + i);
        }
    }

    static ModelPackage model(AlexNetConfig c, Path zip) throws Exception {
        return io.github.alexnet4j.interop.TestModels.write(c, zip);
    }

    @Test
    void aNodeTheImporterCannotMapIsNamedAndNothingIsWritten() throws Exception {
        OnnxMl.ModelProto m = OnnxImport.readModel(FIXTURES.resolve("torchvision-small.onnx"));
        OnnxMl.GraphProto.Builder g = m.getGraph().toBuilder();
        for (int i = 0; i < g.getNodeCount(); i++) {
            if (g.getNode(i).getOpType().equals("Relu")) {
                g.setNode(i, g.getNode(i).toBuilder().setOpType("Sigmoid").setName("the_sigmoid"));
                break;
            }
        }
        Path bad = dir.resolve("sigmoid.onnx");
        try (OutputStream o = Files.newOutputStream(bad)) {
            m.toBuilder().setGraph(g).build().writeTo(o);
        }
        Path out = dir.resolve("out.zip");
        ImportException e = assertThrows(ImportException.class, () -> OnnxImporter.run(bad, RAW, null, out));
        assertTrue(e.getMessage().contains("sigmoid.onnx") && e.getMessage().contains("the_sigmoid")
                && e.getMessage().contains("Sigmoid"), e.getMessage());
        assertFalse(Files.exists(out));

        Path truncated = dir.resolve("truncated.onnx");
        byte[] all = Files.readAllBytes(FIXTURES.resolve("paper-small.onnx"));
        Files.write(truncated, java.util.Arrays.copyOf(all, all.length * 2 / 3));
        e = assertThrows(ImportException.class, () -> OnnxImporter.run(truncated, RAW, null, out));
        assertTrue(e.getMessage().contains("truncated.onnx") && e.getMessage().contains("not an ONNX model or is damaged"), e.getMessage());
        assertFalse(Files.exists(out));

        e = assertThrows(ImportException.class, () -> OnnxImporter.run(FIXTURES.resolve("torchvision-small.onnx"), null, null, out));
        assertTrue(e.getMessage().contains("--preset"), "a file that does not say how its input is normalised: " + e.getMessage());
    }

    @Test
    void aFullSizeFileLargerThanProtobufsOldLimitLoads() throws Exception {
        ModelPackage m = model(AlexNetConfig.paper(), dir.resolve("paper.zip"));
        Path onnx = dir.resolve("paper.onnx");
        OnnxExport.write(m, onnx);
        assertTrue(Files.size(onnx) > 200L << 20, "the full network is " + Files.size(onnx) + " bytes");
        OnnxImporter.Report r = OnnxImporter.run(onnx, null, null, dir.resolve("back.zip"));
        assertEquals(AlexNetConfig.paper().convWidths(), r.mapped().config().convWidths());
        assertEquals(60_965_224, ModelPackage.read(dir.resolve("back.zip")).net().numParams());
    }
}
