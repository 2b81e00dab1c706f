package io.github.alexnet4j.model;

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
 * "maps whose window holds i" is again N(i)). Images are processed in parallel. Other layouts fall
 * back to DL4J's implementation.
 */
public class FastLrnLayer extends LocalResponseNormalization {

    public FastLrnLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private boolean fastPathApplies() {
        return input.rank() == 4 && layerConf().getDataFormat() == CNN2DFormat.NCHW
                && (input.dataType() == DataType.FLOAT || input.dataType() == DataType.DOUBLE);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        if (!fastPathApplies()) return super.activate(training, mgr);
        long[] shape = input.shape();
        double[] x = contiguous(input);
        double[] y = new double[x.length];
        Lrn lrn = lrn();
        IntStream.range(0, (int) shape[0]).parallel().forEach(b -> lrn.forward(x, y, b, (int) shape[1], (int) (shape[2] * shape[3])));
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), shape, 'c');
        write(y, out);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        if (!fastPathApplies()) return super.backpropGradient(epsilon, mgr);
        long[] shape = input.shape();
        double[] x = contiguous(input);
        double[] g = contiguous(epsilon);
        double[] dx = new double[x.length];
        Lrn lrn = lrn();
        IntStream.range(0, (int) shape[0]).parallel().forEach(b -> lrn.backward(x, g, dx, b, (int) shape[1], (int) (shape[2] * shape[3])));
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), shape, 'c');
        write(dx, out);
        return new Pair<>(new DefaultGradient(), out);
    }

    private Lrn lrn() {
        org.deeplearning4j.nn.conf.layers.LocalResponseNormalization c = layerConf();
        return new Lrn(c.getK(), (int) c.getN(), c.getAlpha(), c.getBeta());
    }

    private static double[] contiguous(INDArray a) {
        INDArray c = a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
        return c.data().asDouble();
    }

    private static void write(double[] v, INDArray out) {
        if (out.dataType() == DataType.DOUBLE) {
            out.data().asNioDouble().put(v);
        } else {
            java.nio.FloatBuffer fb = out.data().asNioFloat();
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
            fb.put(f);
        }
    }

    /** The arithmetic, on one image of C maps of P pixels each, at offset b·C·P. */
    record Lrn(double k, int n, double alpha, double beta) {

        /** s^−β, with exact fast forms for the paper's β = 0.75 and for 0.5 and 1. */
        double powNegBeta(double s) {
            if (beta == 0.75) return 1.0 / (Math.sqrt(s) * Math.sqrt(Math.sqrt(s)));
            if (beta == 0.5) return 1.0 / Math.sqrt(s);
            if (beta == 1.0) return 1.0 / s;
            return Math.pow(s, -beta);
        }

        /** Fills {@code s} (C×P) with k + α·(window sum of squares). */
        void denominators(double[] x, int base, int maps, int pixels, double[] s) {
            int half = n / 2;
            double[] window = new double[pixels];
            for (int j = 0; j <= Math.min(half, maps - 1); j++) addSquares(x, base + j * pixels, window, pixels, 1);
            for (int c = 0; c < maps; c++) {
                if (c > 0) {
                    int in = c + half, outMap = c - half - 1;
                    if (in < maps) addSquares(x, base + in * pixels, window, pixels, 1);
                    if (outMap >= 0) addSquares(x, base + outMap * pixels, window, pixels, -1);
                }
                int o = c * pixels;
                for (int p = 0; p < pixels; p++) s[o + p] = k + alpha * window[p];
            }
        }

        private static void addSquares(double[] x, int from, double[] window, int pixels, int sign) {
            for (int p = 0; p < pixels; p++) {
                double v = x[from + p];
                window[p] += sign * v * v;
            }
        }

        void forward(double[] x, double[] y, int b, int maps, int pixels) {
            int base = b * maps * pixels;
            double[] s = new double[maps * pixels];
            denominators(x, base, maps, pixels, s);
            for (int i = 0; i < s.length; i++) y[base + i] = x[base + i] * powNegBeta(s[i]);
        }

        void backward(double[] x, double[] g, double[] dx, int b, int maps, int pixels) {
            int base = b * maps * pixels, half = n / 2;
            double[] s = new double[maps * pixels];
            denominators(x, base, maps, pixels, s);
            double[] t = new double[maps * pixels];        // g_c a_c s_c^(−β−1)
            double[] scaled = new double[maps * pixels];   // s^−β
            for (int i = 0; i < s.length; i++) {
                scaled[i] = powNegBeta(s[i]);
                t[i] = g[base + i] * x[base + i] * scaled[i] / s[i];
            }
            double[] window = new double[pixels];
            for (int j = 0; j <= Math.min(half, maps - 1); j++) add(t, j * pixels, window, pixels, 1);
            double coef = 2 * alpha * beta;
            for (int c = 0; c < maps; c++) {
                if (c > 0) {
                    int in = c + half, outMap = c - half - 1;
                    if (in < maps) add(t, in * pixels, window, pixels, 1);
                    if (outMap >= 0) add(t, outMap * pixels, window, pixels, -1);
                }
                int o = c * pixels;
                for (int p = 0; p < pixels; p++) {
                    int i = o + p;
                    dx[base + i] = g[base + i] * scaled[i] - coef * x[base + i] * window[p];
                }
            }
        }

        private static void add(double[] v, int from, double[] window, int pixels, int sign) {
            for (int p = 0; p < pixels; p++) window[p] += sign * v[from + p];
        }
    }
}
