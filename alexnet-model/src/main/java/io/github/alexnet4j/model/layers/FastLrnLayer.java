package io.github.alexnet4j.model.layers;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.LocalResponseNormalization;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.stream.IntStream;

/**
 * b_i = a_i / (k + α Σ_{j ∈ N(i)} a_j²)^β, with N(i) the n kernel maps centred on map i (clipped at
 * the ends), as in the paper; NCHW layout.
 * <p>
 * For each image the window sum over maps is kept as a running sum of whole H×W planes (add the map
 * entering the window, subtract the one leaving), so every inner loop runs over contiguous memory.
 * Backward: with s_i the denominator base and g the incoming gradient,
 * ∂L/∂a_i = g_i s_i^−β − 2αβ a_i Σ_{c ∈ N(i)} g_c a_c s_c^(−β−1) (the window is symmetric, so
 * "maps whose window holds i" is again N(i)). Images are processed in parallel. A channels-last input
 * (from a {@link ChannelsLastConvolution}) is normalised by oneDNN directly ({@link ChannelsLastLrn}), so the
 * maps stay channels-last. Other layouts fall back to DL4J's implementation.
 */
public class FastLrnLayer extends LocalResponseNormalization {

    /**
     * Working arrays, reused across calls because they are large (conv1's maps at batch 128: 18.6 M
     * values). One set per thread, shared by all LRN layers: a layer reads its input afresh in each pass
     * and is done with them when it returns, and the layers of one network run one after another on
     * the thread that runs the network. (A set per layer would hold 1.2 GB of heap for the paper net's
     * inference at batch 128.)
     */
    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private static final class Buffers {
        double[] x = new double[0], y = new double[0], g = new double[0];
        /** Floats pass through this small array on their way to and from native memory. */
        final float[] chunk = new float[1 << 16];
    }

    private ChannelsLastLrn channelsLast;

    public FastLrnLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private boolean channelsLastApplies() {
        double n = layerConf().getN();
        return layerConf().getDataFormat() == CNN2DFormat.NCHW && n == Math.rint(n) && ChannelsLastLrn.fits(input, (int) n);
    }

    private ChannelsLastLrn channelsLast() {
        org.deeplearning4j.nn.conf.layers.LocalResponseNormalization c = layerConf();
        return channelsLast = ChannelsLastLrn.plan(channelsLast, input, c.getK(), (int) c.getN(), c.getAlpha(), c.getBeta());
    }

    private INDArray channelsLastBackprop(INDArray epsilon, LayerWorkspaceMgr mgr) {
        INDArray dx = ChannelsLast.create(mgr, ArrayType.ACTIVATION_GRAD, input.shape());
        channelsLast().backward(input, ChannelsLast.of(epsilon, mgr, ArrayType.BP_WORKING_MEM), dx);
        return dx;
    }

    private boolean fastPathApplies() {
        return input.rank() == 4 && layerConf().getDataFormat() == CNN2DFormat.NCHW
                && (input.dataType() == DataType.FLOAT || input.dataType() == DataType.DOUBLE);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        if (channelsLastApplies()) {
            INDArray out = ChannelsLast.create(mgr, ArrayType.ACTIVATIONS, input.shape());
            channelsLast().forward(input, out);
            return out;
        }
        if (!fastPathApplies()) return super.activate(training, mgr);
        long[] shape = input.shape();
        int len = (int) input.length();
        Buffers buf = BUFFERS.get();
        double[] x = buf.x = read(input, buf.x, buf.chunk);
        double[] y = buf.y = grow(buf.y, len);
        Lrn lrn = lrn();
        IntStream.range(0, (int) shape[0]).parallel().forEach(b -> lrn.forward(x, y, b, (int) shape[1], (int) (shape[2] * shape[3])));
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), shape, 'c');
        write(y, out, buf.chunk);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        if (channelsLastApplies()) return new Pair<>(new DefaultGradient(), channelsLastBackprop(epsilon, mgr));
        if (!fastPathApplies()) return super.backpropGradient(epsilon, mgr);
        long[] shape = input.shape();
        int len = (int) input.length();
        Buffers buf = BUFFERS.get();
        double[] x = buf.x = read(input, buf.x, buf.chunk);
        double[] g = buf.g = read(epsilon, buf.g, buf.chunk);
        double[] dx = buf.y = grow(buf.y, len);
        Lrn lrn = lrn();
        IntStream.range(0, (int) shape[0]).parallel().forEach(b -> lrn.backward(x, g, dx, b, (int) shape[1], (int) (shape[2] * shape[3])));
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), shape, 'c');
        write(dx, out, buf.chunk);
        return new Pair<>(new DefaultGradient(), out);
    }

    private Lrn lrn() {
        org.deeplearning4j.nn.conf.layers.LocalResponseNormalization c = layerConf();
        return new Lrn(c.getK(), (int) c.getN(), c.getAlpha(), c.getBeta());
    }

    private static double[] grow(double[] a, int len) {
        return a.length >= len ? a : new double[len];
    }

    /** {@code a} as doubles in {@code into} (grown if needed): bulk copies out of native memory, then widening. */
    private static double[] read(INDArray a, double[] into, float[] chunk) {
        INDArray c = RowMajor.of(a);
        int len = (int) c.length();
        double[] d = grow(into, len);
        if (c.dataType() == DataType.DOUBLE) {
            c.data().asNioDouble().get(d, 0, len);
        } else {
            java.nio.FloatBuffer src = c.data().asNioFloat();
            for (int from = 0; from < len; from += chunk.length) {
                int n = Math.min(chunk.length, len - from);
                src.get(from, chunk, 0, n);
                for (int i = 0; i < n; i++) d[from + i] = chunk[i];
            }
        }
        return d;
    }

    private static void write(double[] v, INDArray out, float[] chunk) {
        int len = (int) out.length();
        if (out.dataType() == DataType.DOUBLE) {
            out.data().asNioDouble().put(v, 0, len);
        } else {
            java.nio.FloatBuffer dst = out.data().asNioFloat();
            for (int from = 0; from < len; from += chunk.length) {
                int n = Math.min(chunk.length, len - from);
                for (int i = 0; i < n; i++) chunk[i] = (float) v[from + i];
                dst.put(from, chunk, 0, n);
            }
        }
    }

    /** The arithmetic, on one image of C maps of P pixels each, at offset b·C·P. */
    record Lrn(double k, int n, double alpha, double beta) {

        /** Per-thread scratch, so the hot loops allocate nothing. */
        private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[3][0]);

        private static double[] scratch(int which, int size) {
            double[][] s = SCRATCH.get();
            if (s[which].length < size) s[which] = new double[size];
            return s[which];
        }

        /** s ← s^−β in place; exact fast forms for the paper's β = 0.75 and for 0.5 and 1, chosen outside the loop. */
        void powNegBeta(double[] s, int len) {
            if (beta == 0.75) {
                for (int i = 0; i < len; i++) {
                    double r = Math.sqrt(s[i]);
                    s[i] = 1.0 / (r * Math.sqrt(r));
                }
            } else if (beta == 0.5) {
                for (int i = 0; i < len; i++) s[i] = 1.0 / Math.sqrt(s[i]);
            } else if (beta == 1.0) {
                for (int i = 0; i < len; i++) s[i] = 1.0 / s[i];
            } else {
                for (int i = 0; i < len; i++) s[i] = Math.pow(s[i], -beta);
            }
        }

        /**
         * For every map c and pixel p: out[outBase + c·P + p] = add + scale · Σ_{j ∈ N(c)} f(v[vBase + j·P + p]),
         * f = square or identity. The window sum is kept as one running plane: add the map entering the
         * window, subtract the one leaving it, so every loop runs over contiguous memory.
         */
        void windowSums(double[] v, int vBase, boolean squares, int maps, int pixels, double scale, double add,
                        double[] out, int outBase) {
            int half = n / 2;
            double[] window = scratch(2, pixels);
            java.util.Arrays.fill(window, 0, pixels, 0.0);
            for (int j = 0; j <= Math.min(half, maps - 1); j++) accumulate(v, vBase + j * pixels, window, pixels, 1, squares);
            for (int c = 0; c < maps; c++) {
                if (c > 0) {
                    int in = c + half, leaving = c - half - 1;
                    if (in < maps) accumulate(v, vBase + in * pixels, window, pixels, 1, squares);
                    if (leaving >= 0) accumulate(v, vBase + leaving * pixels, window, pixels, -1, squares);
                }
                int o = outBase + c * pixels;
                for (int p = 0; p < pixels; p++) out[o + p] = add + scale * window[p];
            }
        }

        private static void accumulate(double[] v, int from, double[] window, int pixels, double sign, boolean squares) {
            if (squares) {
                for (int p = 0; p < pixels; p++) window[p] += sign * v[from + p] * v[from + p];
            } else {
                for (int p = 0; p < pixels; p++) window[p] += sign * v[from + p];
            }
        }

        void forward(double[] x, double[] y, int b, int maps, int pixels) {
            int base = b * maps * pixels, len = maps * pixels;
            double[] s = scratch(0, len);
            windowSums(x, base, true, maps, pixels, alpha, k, s, 0);   // s = k + α Σ a²
            powNegBeta(s, len);                                       // s^−β
            for (int i = 0; i < len; i++) y[base + i] = x[base + i] * s[i];
        }

        void backward(double[] x, double[] g, double[] dx, int b, int maps, int pixels) {
            int base = b * maps * pixels, len = maps * pixels;
            double[] s = scratch(0, len), t = scratch(1, len);
            windowSums(x, base, true, maps, pixels, alpha, k, s, 0);   // s = k + α Σ a²
            for (int i = 0; i < len; i++) t[i] = 1.0 / s[i];
            powNegBeta(s, len);                                       // s^−β
            for (int i = 0; i < len; i++) t[i] *= g[base + i] * x[base + i] * s[i]; // t = g a s^(−β−1)
            windowSums(t, 0, false, maps, pixels, 1, 0, dx, base);    // dx = Σ_{c∈N(i)} t_c
            double coef = 2 * alpha * beta;
            for (int i = 0; i < len; i++) dx[base + i] = g[base + i] * s[i] - coef * x[base + i] * dx[base + i];
        }
    }
}
