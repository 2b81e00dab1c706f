package io.github.alexnet4j.interop.onnx;

import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.AlexNetGraph;
import io.github.alexnet4j.model.LrnPlacement;
import io.github.alexnet4j.model.Nonlinearity;
import io.github.alexnet4j.model.PoolRounding;
import io.github.alexnet4j.train.ModelPackage;
import onnx.OnnxMl;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.protobuf.ByteString;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code alexnet export onnx}: any model of this project as an ONNX graph (opset 13). The two towers
 * become group-2 convolutions (each tower's kernels one group, tower A first); LRN within a tower becomes
 * Split → LRN, LRN → Concat, LRN across the towers one LRN. The graph takes exactly what the DL4J network
 * takes (NCHW float, RGB, mean subtracted, times the scale) and gives {@code logits} and
 * {@code probabilities}; the metadata says how inputs are made (mean per channel, scale) and holds the labels.
 */
public final class OnnxExport {

    private final ModelPackage model;
    private final AlexNetConfig config;
    private final ComputationGraph net;
    private final List<OnnxMl.NodeProto> nodes = new ArrayList<>();
    private final List<OnnxMl.TensorProto> weights = new ArrayList<>();

    private OnnxExport(ModelPackage model) {
        this.model = model;
        this.config = model.config().model().requireAlexNet("export onnx");
        this.net = model.net();
    }

    public static OnnxMl.ModelProto graph(ModelPackage model) {
        return new OnnxExport(model).build();
    }

    /** Writes the graph to {@code out} atomically (a temporary file beside it, then a rename). */
    public static void write(ModelPackage model, Path out) throws IOException {
        OnnxMl.ModelProto proto = graph(model);
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + out.getFileName(), ".tmp");
        try {
            try (OutputStream o = Files.newOutputStream(tmp)) {
                proto.writeTo(o);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private OnnxMl.ModelProto build() {
        String x = "image";
        int t = config.towers();
        x = conv(1, x, 1);
        x = normaliseAndPool(1, x);
        x = conv(2, x, t);
        x = normaliseAndPool(2, x);
        for (int l = 3; l <= 5; l++) {
            if (config.hasConvLayer(l)) x = conv(l, x, l == 3 ? 1 : t);
        }
        x = maxPool("pool5", x);
        x = node("Flatten", "flatten", List.of(x), List.of(attr("axis", 1)));
        x = fc("fc6", x, true);
        x = fc("fc7", x, true);
        String logits = fc(AlexNetGraph.OUTPUT, x, false);
        nodes.add(OnnxMl.NodeProto.newBuilder().setOpType("Softmax").setName("probabilities").addInput(logits)
                .addOutput("probabilities").addAttribute(attr("axis", 1)).build());

        int side = config.inputSize();
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder().setName(model.config().name())
                .addAllNode(nodes).addAllInitializer(weights)
                .addInput(value("image", List.of(-1L, 3L, (long) side, (long) side)))
                .addOutput(value("logits", List.of(-1L, (long) config.numClasses())))
                .addOutput(value("probabilities", List.of(-1L, (long) config.numClasses())))
                .build();
        OnnxMl.ModelProto.Builder m = OnnxMl.ModelProto.newBuilder().setIrVersion(7).setProducerName("alexnet4j")
                .setProducerVersion("0.1.0").setDocString("AlexNet (Krizhevsky, Sutskever & Hinton, 2012), exported by alexnet4j")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).setGraph(graph);
        double[] mean = model.stats().channelMean();
        double scale = model.config().data().scale();
        meta(m, OnnxImporter.BGR, "false");
        meta(m, OnnxImporter.MEAN, String.format(Locale.ROOT, "%s,%s,%s", mean[0], mean[1], mean[2]));
        meta(m, OnnxImporter.MULTIPLIER, String.format(Locale.ROOT, "%s,%s,%s", scale, scale, scale));
        meta(m, OnnxImporter.LABELS, String.join("\n", model.labels()));
        meta(m, "alexnet.input", "NCHW float32, RGB, pixel values 0-255 minus the mean (per channel: alexnet.input.mean"
                + (model.config().data().mean().name().equals("PER_PIXEL") ? "; the model was trained with a per-pixel mean "
                + "image, whose channel averages these are" : "") + "), times alexnet.input.multiplier; crop "
                + side + "x" + side + " of the image resized to " + model.config().data().storedSize() + " on its shorter side");
        return m.build();
    }

    /** Conv layer {@code l}: the towers' kernels stacked (tower A first), one group per tower where they are separate. */
    private String conv(int l, String in, int groups) {
        List<INDArray> w = new ArrayList<>(), b = new ArrayList<>();
        for (int t = 0; t < config.towers(); t++) {
            var layer = net.getLayer(AlexNetGraph.vertexName(config, "conv" + l, t));
            w.add(layer.getParam("W"));
            b.add(layer.getParam("b").reshape(-1));
        }
        INDArray weightsAll = w.size() == 1 ? w.get(0) : Nd4j.concat(0, w.toArray(INDArray[]::new));
        INDArray biasAll = b.size() == 1 ? b.get(0) : Nd4j.concat(0, b.toArray(INDArray[]::new));
        String name = "conv" + l;
        weight(name + ".W", weightsAll);
        weight(name + ".b", biasAll);
        int k = (int) weightsAll.size(2);
        int stride = l == 1 ? config.conv1Stride() : 1;
        int pad = l == 1 ? config.conv1Padding() : l == 2 ? 2 : 1;
        String out = node("Conv", name, List.of(in, name + ".W", name + ".b"), List.of(
                ints("kernel_shape", k, k), ints("strides", stride, stride), ints("pads", pad, pad, pad, pad),
                attr("group", groups)));
        return activation(name, out);
    }

    private String activation(String layer, String in) {
        return node(config.nonlinearity() == Nonlinearity.TANH ? "Tanh" : "Relu", layer + ".act", List.of(in), List.of());
    }

    private String normaliseAndPool(int l, String in) {
        if (!config.lrn()) return maxPool("pool" + l, in);
        if (config.lrnPlacement() == LrnPlacement.BEFORE_POOL) return maxPool("pool" + l, lrn("lrn" + l, in));
        return lrn("lrn" + l, maxPool("pool" + l, in));
    }

    /**
     * ONNX's LRN divides α by the window: α_onnx = n · α here. Within each tower (the paper) the maps are
     * split in halves, normalised apart and joined again.
     */
    private String lrn(String name, String in) {
        List<OnnxMl.AttributeProto> a = List.of(attr("size", config.lrnN()), attr("alpha", (float) (config.lrnAlpha() * config.lrnN())),
                attr("beta", (float) config.lrnBeta()), attr("bias", (float) config.lrnK()));
        if (config.towers() == 1 || config.lrnAcrossTowers()) return node("LRN", name, List.of(in), a);
        OnnxMl.NodeProto split = OnnxMl.NodeProto.newBuilder().setOpType("Split").setName(name + ".split")
                .addInput(in).addOutput(name + ".split.a").addOutput(name + ".split.b").addAttribute(attr("axis", 1)).build();
        nodes.add(split);
        String a1 = node("LRN", name + ".a", List.of(name + ".split.a"), a);
        String b1 = node("LRN", name + ".b", List.of(name + ".split.b"), a);
        return node("Concat", name, List.of(a1, b1), List.of(attr("axis", 1)));
    }

    private String maxPool(String name, String in) {
        int z = config.poolSize(), s = config.poolStride();
        return node("MaxPool", name, List.of(in), List.of(ints("kernel_shape", z, z), ints("strides", s, s),
                attr("ceil_mode", config.poolRounding() == PoolRounding.CEIL ? 1 : 0)));
    }

    /** A fully connected layer; fc8's output is the graph's {@code logits}. */
    private String fc(String name, String in, boolean activation) {
        var layer = net.getLayer(name);
        weight(name + ".W", layer.getParam("W"));           // [in, out]: Gemm without transB
        weight(name + ".b", layer.getParam("b").reshape(-1));
        if (!activation) {
            nodes.add(OnnxMl.NodeProto.newBuilder().setOpType("Gemm").setName(name).addInput(in).addInput(name + ".W")
                    .addInput(name + ".b").addOutput("logits").build());
            return "logits";
        }
        return activation(name, node("Gemm", name, List.of(in, name + ".W", name + ".b"), List.of()));
    }

    private String node(String op, String name, List<String> inputs, List<OnnxMl.AttributeProto> attrs) {
        nodes.add(OnnxMl.NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(name + ".out")
                .addAllAttribute(attrs).build());
        return name + ".out";
    }

    private void weight(String name, INDArray a) {
        float[] v = a.dup('c').data().asFloat();
        ByteBuffer raw = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(v);
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(raw.array()));
        for (long d : a.shape()) t.addDims(d);
        weights.add(t.build());
    }

    private static OnnxMl.ValueInfoProto value(String name, List<Long> dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(d < 0 ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
                    : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder().setTensorType(
                OnnxMl.TypeProto.Tensor.newBuilder().setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    private static OnnxMl.AttributeProto attr(String name, long v) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT).setI(v).build();
    }

    private static OnnxMl.AttributeProto attr(String name, float v) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(v).build();
    }

    private static OnnxMl.AttributeProto ints(String name, long... v) {
        OnnxMl.AttributeProto.Builder b = OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long x : v) b.addInts(x);
        return b.build();
    }

    private static void meta(OnnxMl.ModelProto.Builder m, String key, String value) {
        m.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value));
    }
}
