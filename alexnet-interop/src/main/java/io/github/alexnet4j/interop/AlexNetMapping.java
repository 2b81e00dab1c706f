package io.github.alexnet4j.interop;

import io.github.alexnet4j.interop.NetSpec.Conv;
import io.github.alexnet4j.interop.NetSpec.Dropout;
import io.github.alexnet4j.interop.NetSpec.Fc;
import io.github.alexnet4j.interop.NetSpec.Lrn;
import io.github.alexnet4j.interop.NetSpec.Op;
import io.github.alexnet4j.interop.NetSpec.Pool;
import io.github.alexnet4j.interop.NetSpec.Relu;
import io.github.alexnet4j.interop.NetSpec.Softmax;
import io.github.alexnet4j.interop.NetSpec.Tanh;
import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.AlexNetGraph;
import io.github.alexnet4j.model.DropoutPlacement;
import io.github.alexnet4j.model.InvalidConfigException;
import io.github.alexnet4j.model.LrnPlacement;
import io.github.alexnet4j.model.Nonlinearity;
import io.github.alexnet4j.model.PoolRounding;
import io.github.alexnet4j.model.SpatialSizes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an AlexNet out of a {@link NetSpec}: walks its operations in the order the paper's Figure 2 has
 * them, and every one must fit a setting of {@link AlexNetConfig} (towers from the grouped convolutions,
 * LRN constants and placement, pooling, widths, dropout placement) or the import fails naming the layer
 * and what this project cannot express. The weights go to this project's layers, each tower's half of a
 * grouped convolution to that tower.
 */
public final class AlexNetMapping {

    /**
     * @param config     the network this project builds for the file
     * @param parameters "W" and "b" of every layer, by vertex name ({@code conv2_a/W}), in DL4J's shapes
     */
    public record Result(AlexNetConfig config, Map<String, Param> parameters) {
    }

    /** One parameter array in DL4J's layout, row-major. */
    public record Param(long[] shape, float[] values) {
    }

    private final NetSpec spec;
    private final List<Op> ops;
    private int at;

    private AlexNetMapping(NetSpec spec) {
        this.spec = spec;
        this.ops = spec.ops();
    }

    /** The config and parameters, with conv1 rewritten for {@code input} (see {@link InputConvention}). */
    public static Result map(NetSpec spec, InputConvention input) {
        return new AlexNetMapping(spec).run(input);
    }

    private Result run(InputConvention input) {
        if (spec.channels() != 3) throw fail(null, "takes " + spec.channels() + " input channels; AlexNet takes 3 (RGB)");
        AlexNetConfig.Builder b = AlexNetConfig.builder().inputSize(spec.inputSize()).biasOne(0);

        Conv c1 = conv(1);
        if (c1.group() != 1) throw fail(c1, "conv1 with group " + c1.group() + ": conv1 sees the whole image in every tower (group 1)");
        b.conv1(c1.kernel(), c1.stride(), c1.pad());
        Nonlinearity nl = nonlinearity();
        Tail t1 = tail(1);
        Conv c2 = conv(2);
        int towers = c2.group();
        if (towers != 1 && towers != 2) throw fail(c2, "group " + towers + ": the paper's net has 1 or 2 towers");
        requireShape(c2, 5, 1, 2);
        same(nl, nonlinearity(), c2);
        Tail t2 = tail(2);
        Conv c3 = conv(3);
        if (c3.group() != 1) throw fail(c3, "conv3 with group " + c3.group() + ": conv3 is where the towers see each other's maps (group 1)");
        requireShape(c3, 3, 1, 1);
        same(nl, nonlinearity(), c3);
        Conv c4 = conv(4);
        Conv c5;
        requireShape(c4, 3, 1, 1);
        same(nl, nonlinearity(), c4);
        c5 = conv(5);
        requireShape(c5, 3, 1, 1);
        same(nl, nonlinearity(), c5);
        for (Conv c : List.of(c4, c5)) {
            if (c.group() != towers) throw fail(c, "group " + c.group() + " where conv2 has " + towers + ": a tower's conv4 and conv5 see only that tower");
        }
        Pool p5 = pool();
        if (p5 == null) throw fail(peek(), "expected pool5 (max pooling) after conv5");

        // the fully connected part: [dropout] fc6 relu [dropout] [dropout] fc7 relu [dropout] fc8 [softmax]
        List<Double> dropBefore = new ArrayList<>(), dropAfter = new ArrayList<>();
        collectDropout(dropBefore);
        Fc f6 = fc(6);
        same(nl, nonlinearity(), f6);
        collectDropout(dropAfter);
        collectDropout(dropBefore);
        Fc f7 = fc(7);
        same(nl, nonlinearity(), f7);
        collectDropout(dropAfter);
        Fc f8 = fc(8);
        if (at < ops.size() && ops.get(at) instanceof Softmax) at++;
        if (at < ops.size()) throw fail(ops.get(at), "is after the class scores (fc8); the paper's net ends there");

        // geometry: every layer's setting, then the sizes the file implies against the ones the config gives
        b.nonlinearity(nl).towers(towers)
                .convWidths(List.of(c1.out(), c2.out(), c3.out(), c4.out(), c5.out()))
                .fcWidth(f6.out()).numClasses(f8.out());
        Pool p1 = t1.pool(), p2 = t2.pool();
        for (Pool p : List.of(p2, p5)) {
            if (p.kernel() != p1.kernel() || p.stride() != p1.stride()) {
                throw fail(p, "pooling " + p.kernel() + "/" + p.stride() + " where pool1 has " + p1.kernel() + "/" + p1.stride()
                        + ": the paper's net pools the same way three times");
            }
        }
        b.pooling(p1.kernel(), p1.stride());
        if ((t1.lrn() == null) != (t2.lrn() == null) || (t1.lrn() != null && t1.lrnFirst() != t2.lrnFirst())) {
            throw fail(t2.lrn() != null ? t2.lrn() : p2, "layer 2 normalises and pools differently from layer 1");
        }
        if (t1.lrn() == null) {
            b.lrn(false);
        } else {
            Lrn l1 = t1.lrn(), l2 = t2.lrn();
            if (l1.size() != l2.size() || l1.alpha() != l2.alpha() || l1.beta() != l2.beta() || l1.k() != l2.k()
                    || l1.perTower() != l2.perTower()) {
                throw fail(l2, "LRN constants differ from " + l1.name() + "'s; the paper's net uses one set");
            }
            // Caffe's and ONNX's α is divided by n in the formula; the paper's (and this project's) is not
            b.lrn(true).lrnN(l1.size()).lrnK(l1.k()).lrnAlpha(l1.alpha() / l1.size()).lrnBeta(l1.beta())
                    .lrnPlacement(t1.lrnFirst() ? LrnPlacement.BEFORE_POOL : LrnPlacement.AFTER_POOL)
                    .lrnAcrossTowers(towers == 2 && !l1.perTower());
            if (towers == 1 && l1.perTower()) throw fail(l1, "normalises two halves of one tower's maps");
        }
        if (!dropBefore.isEmpty() && !dropAfter.isEmpty()) {
            throw fail(f7, "dropout both before and after fc6/fc7; the net drops either their inputs or their outputs");
        }
        List<Double> drops = dropBefore.isEmpty() ? dropAfter : dropBefore;
        if (drops.isEmpty()) {
            // inference graphs (PyTorch's exports) leave dropout out; for fine-tuning, the layout's own:
            // torchvision's (one tower, no LRN) drops the FC inputs, the paper's net their outputs, both at 0.5
            boolean torchvision = towers == 1 && t1.lrn() == null;
            b.dropout(0.5).dropoutPlacement(torchvision ? DropoutPlacement.FC_INPUTS : DropoutPlacement.FC_OUTPUTS);
        } else {
            b.dropout(drops.get(0))
                    .dropoutPlacement(dropBefore.isEmpty() ? DropoutPlacement.FC_OUTPUTS : DropoutPlacement.FC_INPUTS);
        }

        AlexNetConfig config;
        try {
            config = b.poolRounding(rounding(p1, p2, p5, b)).build();
        } catch (InvalidConfigException e) {
            throw new ImportException(spec.source() + ": this network cannot be expressed as an AlexNet: " + e.getMessage(), e);
        }
        for (int l = 1; l <= 5; l++) {
            if (config.convWidth(l) != List.of(c1, c2, c3, c4, c5).get(l - 1).out()) {
                throw fail(List.of(c1, c2, c3, c4, c5).get(l - 1), "has " + List.of(c1, c2, c3, c4, c5).get(l - 1).out()
                        + " kernels, not divisible into " + towers + " towers");
            }
        }
        SpatialSizes s = config.spatialSizes();
        int flat = s.pool5() * s.pool5() * c5.out();
        if (f6.in() != flat) {
            throw fail(f6, "takes " + f6.in() + " inputs, but pool5 gives " + c5.out() + "×" + s.pool5() + "×" + s.pool5()
                    + " = " + flat + " at a " + spec.inputSize() + "² input");
        }
        if (f7.in() != f6.out() || f8.in() != f7.out() || f7.out() != f6.out()) {
            throw fail(f7, "fc6, fc7 widths " + f6.out() + ", " + f7.out() + ": the net's two hidden FC layers are equally wide");
        }
        return new Result(config, parameters(config, input, c1, c2, c3, c4, c5, f6, f7, f8));
    }

    /**
     * FLOOR (the paper's) when it gives the file's pooled sizes; CEIL when the file rounds up (Caffe, ONNX
     * ceil_mode, or padding at the end) and only that gives them; otherwise the import fails.
     */
    private PoolRounding rounding(Pool p1, Pool p2, Pool p5, AlexNetConfig.Builder b) {
        for (Pool p : List.of(p1, p2, p5)) {
            if (!p.max()) throw fail(p, "average pooling where the paper's net has max pooling");
            if (p.pad() != 0) throw fail(p, "pads its input by " + p.pad() + "; the paper's pooling is unpadded");
        }
        String floor = mismatch(b.poolRounding(PoolRounding.FLOOR).build(), p1, p2, p5);
        if (floor == null) return PoolRounding.FLOOR;
        if (mismatch(b.poolRounding(PoolRounding.CEIL).build(), p1, p2, p5) == null) return PoolRounding.CEIL;
        throw new ImportException(spec.source() + ": " + floor);
    }

    /** Where the file's own pooled sizes differ from the ones {@code probe} gives, or null. */
    private String mismatch(AlexNetConfig probe, Pool p1, Pool p2, Pool p5) {
        SpatialSizes s = probe.spatialSizes();
        int[] in = {s.conv1(), s.conv2(), s.conv345()};
        int[] ours = {s.pool1(), s.pool2(), s.pool5()};
        Pool[] pools = {p1, p2, p5};
        for (int i = 0; i < 3; i++) {
            Pool p = pools[i];
            int side = in[i] + p.padEnd(), span = side - p.kernel();
            int theirs = p.ceil() ? (span + p.stride() - 1) / p.stride() + 1 : span / p.stride() + 1;
            if (p.ceil() && (theirs - 1) * p.stride() >= in[i]) theirs--;
            if (theirs != ours[i]) {
                return "pooling '" + p.name() + "' gives " + theirs + "×" + theirs + " maps from " + in[i] + "×" + in[i]
                        + ", which neither rounding of this project's pooling gives";
            }
        }
        return null;
    }

    private Map<String, Param> parameters(AlexNetConfig c, InputConvention input, Conv c1, Conv c2, Conv c3, Conv c4,
                                          Conv c5, Fc f6, Fc f7, Fc f8) {
        Map<String, Param> p = new LinkedHashMap<>();
        float[] w1 = input.foldIntoConv1(c1.weights(), c1.out(), c1.kernel());
        Conv folded = new Conv(c1.name(), c1.out(), c1.in(), c1.kernel(), c1.stride(), c1.pad(), 1, w1, c1.bias());
        List<Conv> convs = List.of(folded, c2, c3, c4, c5);
        for (int l = 1; l <= 5; l++) {
            Conv conv = convs.get(l - 1);
            int perTower = c.perTowerWidth(l);
            int in = conv.in() / conv.group();
            int block = in * conv.kernel() * conv.kernel();
            for (int t = 0; t < c.towers(); t++) {
                String name = AlexNetGraph.vertexName(c, "conv" + l, t);
                float[] w = new float[perTower * block];
                System.arraycopy(conv.weights(), t * perTower * block, w, 0, w.length);
                float[] bias = new float[perTower];
                System.arraycopy(conv.bias(), t * perTower, bias, 0, perTower);
                p.put(name + "/W", new Param(new long[]{perTower, in, conv.kernel(), conv.kernel()}, w));
                p.put(name + "/b", new Param(new long[]{1, perTower}, bias));
            }
        }
        for (Fc f : List.of(f6, f7, f8)) {
            String name = f == f8 ? AlexNetGraph.OUTPUT : "fc" + (f == f6 ? 6 : 7);
            // this project's dense weights are [in][out]; the files' are [out][in]
            float[] w = new float[f.in() * f.out()];
            for (int o = 0; o < f.out(); o++) {
                for (int i = 0; i < f.in(); i++) w[i * f.out() + o] = f.weights()[o * f.in() + i];
            }
            p.put(name + "/W", new Param(new long[]{f.in(), f.out()}, w));
            p.put(name + "/b", new Param(new long[]{1, f.out()}, f.bias()));
        }
        return p;
    }

    /** The LRN and pooling after a convolution, in the order the file has them. */
    private record Tail(Lrn lrn, Pool pool, boolean lrnFirst) {
    }

    private Tail tail(int layer) {
        Op a = next("LRN or pooling after conv" + layer);
        if (a instanceof Pool p) {
            if (at < ops.size() && ops.get(at) instanceof Lrn l) {
                at++;
                return new Tail(l, p, false);
            }
            return new Tail(null, p, false);
        }
        if (a instanceof Lrn l) {
            Op b = next("pooling after " + l.name());
            if (b instanceof Pool p) return new Tail(l, p, true);
            throw fail(b, "where pooling follows LRN in layer " + layer);
        }
        throw fail(a, "where layer " + layer + "'s LRN or pooling should be");
    }

    private Conv conv(int layer) {
        Op op = next("conv" + layer);
        if (op instanceof Conv c) return c;
        throw fail(op, "where conv" + layer + " (a convolution) should be");
    }

    private Fc fc(int layer) {
        Op op = next("fc" + layer);
        if (op instanceof Fc f) return f;
        throw fail(op, "where fc" + layer + " (fully connected) should be");
    }

    private Pool pool() {
        return at < ops.size() && ops.get(at) instanceof Pool p ? (Pool) ops.get(at++) : null;
    }

    private Nonlinearity nonlinearity() {
        Op op = next("a ReLU");
        if (op instanceof Relu) return Nonlinearity.RELU;
        if (op instanceof Tanh) return Nonlinearity.TANH;
        throw fail(op, "where a ReLU (or tanh) should follow the layer before");
    }

    private void same(Nonlinearity first, Nonlinearity now, Op at) {
        if (first != now) throw fail(at, "is followed by " + now + " where conv1 has " + first);
    }

    private void collectDropout(List<Double> into) {
        while (at < ops.size() && ops.get(at) instanceof Dropout d) {
            into.add(d.ratio());
            at++;
        }
    }

    private void requireShape(Conv c, int kernel, int stride, int pad) {
        if (c.kernel() != kernel || c.stride() != stride || c.pad() != pad) {
            throw fail(c, "kernel " + c.kernel() + " stride " + c.stride() + " pad " + c.pad() + "; the paper's net has "
                    + kernel + "/" + stride + "/" + pad + " there");
        }
    }

    private Op next(String expected) {
        if (at >= ops.size()) throw new ImportException(spec.source() + ": the network ends where " + expected + " should be");
        return ops.get(at++);
    }

    private Op peek() {
        return at < ops.size() ? ops.get(at) : null;
    }

    private ImportException fail(Op op, String what) {
        String where = op == null ? "" : " " + kind(op) + " '" + op.name() + "'";
        return new ImportException(spec.source() + ":" + where + " " + what);
    }

    private static String kind(Op op) {
        if (op instanceof Conv) return "convolution";
        if (op instanceof Lrn) return "LRN";
        if (op instanceof Pool) return "pooling";
        if (op instanceof Fc) return "fully connected layer";
        return op.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }
}
