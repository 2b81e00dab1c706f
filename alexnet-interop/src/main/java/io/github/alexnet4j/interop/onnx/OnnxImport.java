package io.github.alexnet4j.interop.onnx;

import io.github.alexnet4j.interop.ImportException;
import io.github.alexnet4j.interop.NetSpec;
import io.github.alexnet4j.interop.NetSpec.Op;
import onnx.OnnxMl;
import org.nd4j.shade.protobuf.CodedInputStream;
import org.nd4j.shade.protobuf.InvalidProtocolBufferException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an AlexNet-family ONNX graph (opset 7 and later) into a {@link NetSpec}: Conv (group 1 or 2,
 * symmetric pads), Relu, Tanh, LRN (also as Split → LRN, LRN → Concat: LRN within each tower), MaxPool
 * (ceil_mode or end padding), an AveragePool that is an identity (torchvision's adaptive pooling at 224),
 * Flatten or Reshape, Gemm or MatMul + Add, Dropout, Softmax, Identity; weights from the initializers.
 * The operations must form one chain from the graph's input; anything else fails naming the node.
 */
public final class OnnxImport {

    private final Path file;
    private final OnnxMl.GraphProto graph;
    private final Map<String, OnnxMl.TensorProto> constants = new HashMap<>();
    private final Map<String, List<OnnxMl.NodeProto>> consumers = new HashMap<>();
    private final Set<OnnxMl.NodeProto> done = new HashSet<>();

    private OnnxImport(Path file, OnnxMl.ModelProto model) {
        this.file = file;
        this.graph = model.getGraph();
        for (OnnxMl.TensorProto t : graph.getInitializerList()) constants.put(t.getName(), t);
        for (OnnxMl.NodeProto n : graph.getNodeList()) {
            if (n.getOpType().equals("Constant")) {
                for (OnnxMl.AttributeProto a : n.getAttributeList()) if (a.getName().equals("value")) constants.put(n.getOutput(0), a.getT());
            }
            for (String in : n.getInputList()) consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
        }
    }

    /** Reads the file; files over protobuf's old 64 MB default limit (a full AlexNet is ~240 MB) are read whole. */
    public static OnnxMl.ModelProto readModel(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            CodedInputStream coded = CodedInputStream.newInstance(in);
            coded.setSizeLimit(Integer.MAX_VALUE);
            OnnxMl.ModelProto m = OnnxMl.ModelProto.parseFrom(coded);
            if (!m.hasGraph() || m.getGraph().getNodeCount() == 0) {
                throw new ImportException(file + " holds no ONNX graph: it is not an ONNX model");
            }
            return m;
        } catch (InvalidProtocolBufferException e) {
            throw new ImportException(file + " is not an ONNX model or is damaged (truncated download?): " + e.getMessage());
        } catch (IOException e) {
            throw new ImportException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static NetSpec read(Path file, OnnxMl.ModelProto model) {
        return new OnnxImport(file, model).read();
    }

    private NetSpec read() {
        OnnxMl.ValueInfoProto input = null;
        for (OnnxMl.ValueInfoProto v : graph.getInputList()) {
            if (!constants.containsKey(v.getName())) {
                input = v;
                break;
            }
        }
        if (input == null) throw new ImportException(file + ": the graph has no input that is not a weight");
        List<OnnxMl.TensorShapeProto.Dimension> dims = input.getType().getTensorType().getShape().getDimList();
        if (dims.size() != 4 || !dims.get(1).hasDimValue() || !dims.get(2).hasDimValue() || !dims.get(3).hasDimValue()) {
            throw new ImportException(file + ": input '" + input.getName() + "' is not an N×C×H×W image of fixed size");
        }
        int channels = (int) dims.get(1).getDimValue(), h = (int) dims.get(2).getDimValue(), w = (int) dims.get(3).getDimValue();
        if (h != w) throw new ImportException(file + ": input " + h + "×" + w + " is not square");

        List<Op> ops = new ArrayList<>();
        String current = input.getName();
        int maps = channels;
        while (true) {
            OnnxMl.NodeProto n = next(current);
            if (n == null) break;
            String op = n.getOpType();
            switch (op) {
                case "Conv" -> {
                    NetSpec.Conv c = conv(n, maps);
                    ops.add(c);
                    maps = c.out();
                }
                case "Relu" -> ops.add(new NetSpec.Relu(name(n)));
                case "Tanh" -> ops.add(new NetSpec.Tanh(name(n)));
                case "LRN" -> ops.add(lrn(n, false));
                case "Split" -> n = perTowerLrn(n, ops);
                case "MaxPool" -> ops.add(maxPool(n));
                case "AveragePool" -> identityPool(n);
                case "Flatten" -> {
                    if (intAttr(n, "axis", 1) != 1) throw unsupported(n, "axis " + intAttr(n, "axis", 1) + " (only 1)");
                }
                case "Reshape" -> reshape(n);
                case "Gemm" -> ops.add(gemm(n));
                case "MatMul" -> {
                    NetSpec.Fc f = matMulAdd(n);
                    ops.add(f);
                    n = consumers.get(n.getOutput(0)).get(0);
                }
                case "Dropout" -> ops.add(new NetSpec.Dropout(name(n), dropoutRatio(n)));
                case "Softmax" -> ops.add(new NetSpec.Softmax(name(n)));
                case "Identity" -> { }
                default -> throw unsupported(n, "operator " + op + " is not part of the AlexNet family");
            }
            done.add(n);
            current = n.getOutput(0);
        }
        String last = current;
        if (graph.getOutputList().stream().noneMatch(o -> o.getName().equals(last))) {
            throw new ImportException(file + ": the chain of operations ends at '" + last + "', not at a graph output");
        }
        return new NetSpec(file.getFileName().toString(), h, channels, ops);
    }

    /** The one node that carries {@code tensor} on along the chain (Shape nodes reading it only size a Reshape). */
    private OnnxMl.NodeProto next(String tensor) {
        List<OnnxMl.NodeProto> readers = new ArrayList<>();
        for (OnnxMl.NodeProto n : consumers.getOrDefault(tensor, List.of())) {
            if (!n.getOpType().equals("Shape") && !done.contains(n)) readers.add(n);
        }
        if (readers.isEmpty()) return null;
        if (readers.size() > 1) {
            throw new ImportException(file + ": '" + tensor + "' feeds " + readers.size() + " nodes (" + readers.get(0).getName()
                    + ", " + readers.get(1).getName() + "); an AlexNet is one chain of operations");
        }
        OnnxMl.NodeProto n = readers.get(0);
        if (!n.getInput(0).equals(tensor)) throw unsupported(n, "takes '" + tensor + "' as a second input");
        return n;
    }

    private NetSpec.Conv conv(OnnxMl.NodeProto n, int in) {
        float[] w = tensor(n, 1);
        long[] shape = shape(n, 1);
        int out = (int) shape[0], group = (int) intAttr(n, "group", 1);
        List<Long> k = ints(n, "kernel_shape", List.of(shape[2], shape[3]));
        square(n, "kernel_shape", k);
        List<Long> strides = ints(n, "strides", List.of(1L, 1L));
        square(n, "strides", strides);
        List<Long> pads = ints(n, "pads", List.of(0L, 0L, 0L, 0L));
        if (pads.stream().distinct().count() != 1) throw unsupported(n, "pads " + pads + " (only equal padding on all sides)");
        for (long d : ints(n, "dilations", List.of(1L, 1L))) if (d != 1) throw unsupported(n, "dilation " + d);
        if (!strAttr(n, "auto_pad", "NOTSET").equals("NOTSET")) throw unsupported(n, "auto_pad " + strAttr(n, "auto_pad", ""));
        if (shape[1] * group != in || shape[2] != shape[3]) {
            throw unsupported(n, "weights of shape " + java.util.Arrays.toString(shape) + " for " + in + " input maps in group " + group);
        }
        float[] b = n.getInputCount() > 2 && !n.getInput(2).isEmpty() ? tensor(n, 2) : new float[out];
        return new NetSpec.Conv(name(n), out, in, k.get(0).intValue(), strides.get(0).intValue(), pads.get(0).intValue(),
                group, w, b);
    }

    private NetSpec.Lrn lrn(OnnxMl.NodeProto n, boolean perTower) {
        return new NetSpec.Lrn(name(n), (int) intAttr(n, "size", -1), floatAttr(n, "alpha", 1e-4f), floatAttr(n, "beta", 0.75f),
                floatAttr(n, "bias", 1f), perTower);
    }

    /** Split(axis 1, two equal halves) → LRN, LRN (same constants) → Concat(axis 1): LRN within each tower. */
    private OnnxMl.NodeProto perTowerLrn(OnnxMl.NodeProto split, List<Op> ops) {
        if (intAttr(split, "axis", 0) != 1 || split.getOutputCount() != 2) throw unsupported(split, "a split other than two halves of the maps");
        List<OnnxMl.NodeProto> a = consumers.getOrDefault(split.getOutput(0), List.of());
        List<OnnxMl.NodeProto> b = consumers.getOrDefault(split.getOutput(1), List.of());
        if (a.size() != 1 || b.size() != 1 || !a.get(0).getOpType().equals("LRN") || !b.get(0).getOpType().equals("LRN")) {
            throw unsupported(split, "a split that does not feed one LRN per half (the towers' own LRN)");
        }
        NetSpec.Lrn la = lrn(a.get(0), true), lb = lrn(b.get(0), true);
        if (la.size() != lb.size() || la.alpha() != lb.alpha() || la.beta() != lb.beta() || la.k() != lb.k()) {
            throw unsupported(b.get(0), "LRN constants that differ from '" + a.get(0).getName() + "'");
        }
        List<OnnxMl.NodeProto> joins = consumers.getOrDefault(a.get(0).getOutput(0), List.of());
        if (joins.size() != 1 || !joins.get(0).getOpType().equals("Concat") || intAttr(joins.get(0), "axis", 0) != 1
                || !joins.get(0).getInputList().equals(List.of(a.get(0).getOutput(0), b.get(0).getOutput(0)))) {
            throw unsupported(a.get(0), "towers' LRN outputs that are not concatenated back in order");
        }
        done.add(split);
        done.add(a.get(0));
        done.add(b.get(0));
        ops.add(la);
        return joins.get(0);
    }

    private NetSpec.Pool maxPool(OnnxMl.NodeProto n) {
        if (n.getOutputCount() > 1 && !n.getOutput(1).isEmpty()) throw unsupported(n, "the indices output");
        List<Long> k = ints(n, "kernel_shape", null);
        square(n, "kernel_shape", k);
        List<Long> s = ints(n, "strides", List.of(1L, 1L));
        square(n, "strides", s);
        List<Long> pads = ints(n, "pads", List.of(0L, 0L, 0L, 0L));
        if (!pads.get(0).equals(pads.get(1)) || !pads.get(2).equals(pads.get(3))) throw unsupported(n, "pads " + pads + " that differ between height and width");
        for (long d : ints(n, "dilations", List.of(1L, 1L))) if (d != 1) throw unsupported(n, "dilation " + d);
        if (!strAttr(n, "auto_pad", "NOTSET").equals("NOTSET")) throw unsupported(n, "auto_pad " + strAttr(n, "auto_pad", ""));
        return new NetSpec.Pool(name(n), true, k.get(0).intValue(), s.get(0).intValue(), pads.get(0).intValue(),
                pads.get(2).intValue() - pads.get(0).intValue(), intAttr(n, "ceil_mode", 0) == 1);
    }

    /** torchvision's AdaptiveAvgPool2d((6, 6)) at 224 inputs exports as a 1×1, stride-1 average: nothing to do. */
    private void identityPool(OnnxMl.NodeProto n) {
        List<Long> k = ints(n, "kernel_shape", null);
        List<Long> s = ints(n, "strides", List.of(1L, 1L));
        List<Long> pads = ints(n, "pads", List.of(0L, 0L, 0L, 0L));
        if (!k.equals(List.of(1L, 1L)) || !s.equals(List.of(1L, 1L)) || pads.stream().anyMatch(p -> p != 0)) {
            throw unsupported(n, "average pooling " + k + "/" + s + " (only the identity, kernel 1 stride 1, of adaptive pooling at 224)");
        }
    }

    /** A Reshape that flattens each image's maps into a vector (to [N, -1], [N, C·H·W] or [-1, C·H·W]). */
    private void reshape(OnnxMl.NodeProto n) {
        long[] target;
        if (n.getInputCount() > 1) {
            OnnxMl.TensorProto t = constants.get(n.getInput(1));
            if (t == null) return;   // computed from the input's shape by Shape/Gather/Concat: a flatten
            target = longs(t);
        } else {
            target = ints(n, "shape", List.of()).stream().mapToLong(Long::longValue).toArray();
        }
        if (target.length != 2) throw unsupported(n, "a reshape to " + java.util.Arrays.toString(target) + " (only a flatten to 2-d)");
    }

    private NetSpec.Fc gemm(OnnxMl.NodeProto n) {
        if (floatAttr(n, "alpha", 1f) != 1f || floatAttr(n, "beta", 1f) != 1f || intAttr(n, "transA", 0) != 0) {
            throw unsupported(n, "alpha, beta or transA other than 1, 1, 0");
        }
        long[] shape = shape(n, 1);
        boolean transB = intAttr(n, "transB", 0) == 1;
        float[] w = tensor(n, 1);
        int out = (int) (transB ? shape[0] : shape[1]), in = (int) (transB ? shape[1] : shape[0]);
        if (!transB) w = transpose(w, in, out);
        float[] b = n.getInputCount() > 2 && !n.getInput(2).isEmpty() ? tensor(n, 2) : new float[out];
        if (b.length != out) throw unsupported(n, "a bias of " + b.length + " values for " + out + " outputs");
        return new NetSpec.Fc(name(n), out, in, w, b);
    }

    private NetSpec.Fc matMulAdd(OnnxMl.NodeProto n) {
        long[] shape = shape(n, 1);
        int in = (int) shape[0], out = (int) shape[1];
        float[] w = transpose(tensor(n, 1), in, out);
        List<OnnxMl.NodeProto> next = consumers.getOrDefault(n.getOutput(0), List.of());
        if (next.size() != 1 || !next.get(0).getOpType().equals("Add")) throw unsupported(n, "a MatMul not followed by the Add of a bias");
        OnnxMl.NodeProto add = next.get(0);
        String bias = add.getInput(0).equals(n.getOutput(0)) ? add.getInput(1) : add.getInput(0);
        OnnxMl.TensorProto b = constants.get(bias);
        if (b == null) throw unsupported(add, "a bias that is not a weight");
        done.add(n);
        return new NetSpec.Fc(name(n), out, in, w, floats(b, add));
    }

    private double dropoutRatio(OnnxMl.NodeProto n) {
        if (n.getInputCount() > 1 && constants.containsKey(n.getInput(1))) return floats(constants.get(n.getInput(1)), n)[0];
        return floatAttr(n, "ratio", 0.5f);
    }

    // ----- tensors and attributes -----

    private float[] tensor(OnnxMl.NodeProto n, int input) {
        OnnxMl.TensorProto t = constants.get(n.getInput(input));
        if (t == null) throw unsupported(n, "input '" + n.getInput(input) + "' is not a weight (initializer or constant)");
        return floats(t, n);
    }

    private long[] shape(OnnxMl.NodeProto n, int input) {
        OnnxMl.TensorProto t = constants.get(n.getInput(input));
        if (t == null) throw unsupported(n, "input '" + n.getInput(input) + "' is not a weight (initializer or constant)");
        return t.getDimsList().stream().mapToLong(Long::longValue).toArray();
    }

    private float[] floats(OnnxMl.TensorProto t, OnnxMl.NodeProto n) {
        if (t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL) {
            throw unsupported(n, "weights in an external file ('" + t.getName() + "'); save the model with its weights inside");
        }
        if (t.getDataType() != OnnxMl.TensorProto.DataType.FLOAT_VALUE) {
            throw unsupported(n, "weights of ONNX data type " + t.getDataType() + " (only float32)");
        }
        long count = 1;
        for (long d : t.getDimsList()) count *= d;
        float[] out = new float[(int) count];
        if (!t.getRawData().isEmpty()) {
            ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            if (raw.remaining() != count * 4) throw unsupported(n, "'" + t.getName() + "' holds " + raw.remaining() / 4 + " values for " + count);
            raw.asFloatBuffer().get(out);
        } else {
            if (t.getFloatDataCount() != count) throw unsupported(n, "'" + t.getName() + "' holds " + t.getFloatDataCount() + " values for " + count);
            for (int i = 0; i < count; i++) out[i] = t.getFloatData(i);
        }
        return out;
    }

    private static long[] longs(OnnxMl.TensorProto t) {
        if (!t.getRawData().isEmpty()) {
            ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            long[] out = new long[raw.remaining() / 8];
            raw.asLongBuffer().get(out);
            return out;
        }
        return t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
    }

    private static float[] transpose(float[] w, int rows, int cols) {
        float[] t = new float[w.length];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) t[c * rows + r] = w[r * cols + c];
        return t;
    }

    private static OnnxMl.AttributeProto attr(OnnxMl.NodeProto n, String name) {
        for (OnnxMl.AttributeProto a : n.getAttributeList()) if (a.getName().equals(name)) return a;
        return null;
    }

    private static long intAttr(OnnxMl.NodeProto n, String name, long absent) {
        OnnxMl.AttributeProto a = attr(n, name);
        return a == null ? absent : a.getI();
    }

    private static float floatAttr(OnnxMl.NodeProto n, String name, float absent) {
        OnnxMl.AttributeProto a = attr(n, name);
        return a == null ? absent : a.getF();
    }

    private static String strAttr(OnnxMl.NodeProto n, String name, String absent) {
        OnnxMl.AttributeProto a = attr(n, name);
        return a == null ? absent : a.getS().toStringUtf8();
    }

    private List<Long> ints(OnnxMl.NodeProto n, String name, List<Long> absent) {
        OnnxMl.AttributeProto a = attr(n, name);
        if (a == null) {
            if (absent == null) throw unsupported(n, "no " + name);
            return absent;
        }
        return a.getIntsList();
    }

    private void square(OnnxMl.NodeProto n, String name, List<Long> v) {
        if (v.size() != 2 || !v.get(0).equals(v.get(1))) throw unsupported(n, name + " " + v + " (only square, 2-d)");
    }

    private static String name(OnnxMl.NodeProto n) {
        return n.getName().isEmpty() ? n.getOpType() + "→" + n.getOutput(0) : n.getName();
    }

    private ImportException unsupported(OnnxMl.NodeProto n, String what) {
        return new ImportException(file + ": node '" + name(n) + "' (" + n.getOpType() + "): " + what + " is not supported");
    }
}
