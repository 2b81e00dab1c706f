package io.github.alexnet4j.interop;

import io.github.alexnet4j.interop.NetSpec.Conv;
import io.github.alexnet4j.interop.NetSpec.Fc;
import io.github.alexnet4j.interop.NetSpec.Lrn;
import io.github.alexnet4j.interop.NetSpec.Op;
import io.github.alexnet4j.interop.NetSpec.Pool;

/**
 * A plain, double-precision forward pass of a {@link NetSpec}, written from Caffe's and ONNX's
 * definitions of each operation and nothing of DL4J or this project's model: the independent computation
 * the importers' outputs are checked against. One image, CHW.
 */
public final class ReferenceNet {

    private ReferenceNet() {
    }

    /** The class scores before any softmax, for input {@code x} [channels][side][side] in the file's channel order. */
    public static double[] logits(NetSpec spec, double[][][] x) {
        double[][][] maps = x;
        double[] vector = null;
        for (Op op : spec.ops()) {
            if (op instanceof Conv c) maps = conv(maps, c);
            else if (op instanceof NetSpec.Relu) {
                if (vector != null) vector = relu(vector); else relu(maps);
            } else if (op instanceof Lrn l) maps = l.perTower() ? lrnInHalves(maps, l) : lrn(maps, l, 0, maps.length);
            else if (op instanceof Pool p) maps = maxPool(maps, p);
            else if (op instanceof Fc f) {
                if (vector == null) vector = flatten(maps);
                vector = fc(vector, f);
            }
            // dropout is the identity at test time; the softmax is left out: these are logits
        }
        return vector;
    }

    static double[][][] conv(double[][][] x, Conv c) {
        int in = x.length, side = x[0].length, k = c.kernel(), s = c.stride(), p = c.pad();
        int outSide = (side + 2 * p - k) / s + 1, perGroupIn = in / c.group(), perGroupOut = c.out() / c.group();
        double[][][] y = new double[c.out()][outSide][outSide];
        for (int o = 0; o < c.out(); o++) {
            int g = o / perGroupOut;
            for (int oy = 0; oy < outSide; oy++) {
                for (int ox = 0; ox < outSide; ox++) {
                    double sum = c.bias()[o];
                    for (int ci = 0; ci < perGroupIn; ci++) {
                        double[][] plane = x[g * perGroupIn + ci];
                        int base = ((o * perGroupIn) + ci) * k * k;
                        for (int ky = 0; ky < k; ky++) {
                            int iy = oy * s - p + ky;
                            if (iy < 0 || iy >= side) continue;
                            for (int kx = 0; kx < k; kx++) {
                                int ix = ox * s - p + kx;
                                if (ix < 0 || ix >= side) continue;
                                sum += c.weights()[base + ky * k + kx] * plane[iy][ix];
                            }
                        }
                    }
                    y[o][oy][ox] = sum;
                }
            }
        }
        return y;
    }

    static void relu(double[][][] x) {
        for (double[][] plane : x) for (double[] row : plane) for (int i = 0; i < row.length; i++) row[i] = Math.max(0, row[i]);
    }

    static double[] relu(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Math.max(0, v[i]);
        return out;
    }

    /** b = a / (k + α/n · Σ a²)^β over the n maps centred on each map, within maps [from, to). */
    static double[][][] lrn(double[][][] x, Lrn l, int from, int to) {
        double[][][] y = new double[x.length][][];
        for (int c = 0; c < x.length; c++) y[c] = x[c];
        int half = l.size() / 2, side = x[0].length;
        for (int c = from; c < to; c++) {
            double[][] out = new double[side][side];
            for (int i = 0; i < side; i++) {
                for (int j = 0; j < side; j++) {
                    double sum = 0;
                    for (int d = Math.max(from, c - half); d <= Math.min(to - 1, c + half); d++) sum += x[d][i][j] * x[d][i][j];
                    out[i][j] = x[c][i][j] / Math.pow(l.k() + l.alpha() / l.size() * sum, l.beta());
                }
            }
            y[c] = out;
        }
        return y;
    }

    static double[][][] lrnInHalves(double[][][] x, Lrn l) {
        int half = x.length / 2;
        return lrn(lrn(x, l, 0, half), l, half, x.length);
    }

    /** Max over each window; windows are counted rounding up when the pooling says so (a last, partial window). */
    static double[][][] maxPool(double[][][] x, Pool p) {
        int side = x[0].length + p.padEnd(), k = p.kernel(), s = p.stride();
        int out = p.ceil() ? (side - k + s - 1) / s + 1 : (side - k) / s + 1;
        if (p.ceil() && (out - 1) * s >= x[0].length) out--;
        double[][][] y = new double[x.length][out][out];
        for (int c = 0; c < x.length; c++) {
            for (int oy = 0; oy < out; oy++) {
                for (int ox = 0; ox < out; ox++) {
                    double m = Double.NEGATIVE_INFINITY;
                    for (int iy = oy * s; iy < Math.min(oy * s + k, x[0].length); iy++) {
                        for (int ix = ox * s; ix < Math.min(ox * s + k, x[0].length); ix++) m = Math.max(m, x[c][iy][ix]);
                    }
                    y[c][oy][ox] = m;
                }
            }
        }
        return y;
    }

    static double[] flatten(double[][][] x) {
        int side = x[0].length;
        double[] v = new double[x.length * side * side];
        for (int c = 0; c < x.length; c++) for (int i = 0; i < side; i++) for (int j = 0; j < side; j++) v[(c * side + i) * side + j] = x[c][i][j];
        return v;
    }

    static double[] fc(double[] v, Fc f) {
        double[] out = new double[f.out()];
        for (int o = 0; o < f.out(); o++) {
            double sum = f.bias()[o];
            for (int i = 0; i < f.in(); i++) sum += f.weights()[o * f.in() + i] * v[i];
            out[o] = sum;
        }
        return out;
    }
}
