package io.github.alexnet4j.model.layers;

import io.github.alexnet4j.model.backend.Dnnl;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Max-pooling whose training forward pass remembers, for every output, which input won its window, so
 * the backward pass only routes each output's gradient to that input. DL4J's oneDNN path
 * ({@code maxpool2d_bp}) pools the input again in backprop to find the winners, and on this project's
 * CPU benchmarks its pooling took three times PyTorch's time (which keeps the winners' indices).
 * Ties go to the first maximum in row-major window order, as oneDNN's. NCHW floats, no padding; anything
 * else takes DL4J's path. A channels-last input (from a {@link ChannelsLastConvolution}) is pooled by
 * oneDNN directly, which keeps the winners the same way ({@link ChannelsLastMaxPooling}).
 */
public class FastMaxPoolingLayer extends SubsamplingLayer {

    /** Per-thread planes, so the per-plane loops allocate nothing. */
    private static final ThreadLocal<float[][]> PLANES = ThreadLocal.withInitial(() -> new float[2][0]);

    /** The winner of every output window (its index within its input plane), for the input below. */
    private int[] winners = new int[0];
    private INDArray winnersOf;
    /** Backward passes that found no winners for their input and pooled again (none in ordinary training). */
    int pooledAgain;
    private ChannelsLastMaxPooling channelsLast;

    public FastMaxPoolingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private boolean fastPathApplies() {
        org.deeplearning4j.nn.conf.layers.SubsamplingLayer c = layerConf();
        return input.rank() == 4 && input.dataType() == DataType.FLOAT && c.getPoolingType() == PoolingType.MAX
                && c.getCnn2dDataFormat() == CNN2DFormat.NCHW && c.getConvolutionMode() != ConvolutionMode.Same
                && c.getPadding()[0] == 0 && c.getPadding()[1] == 0 && c.getDilation()[0] == 1 && c.getDilation()[1] == 1
                && c.getIDropout() == null && maskArray == null && input.length() < Integer.MAX_VALUE;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        if (!fastPathApplies()) return super.activate(training, mgr);
        Window w = window();
        long[] outDims = outDims(w);
        if (channelsLastApplies()) {
            INDArray out = ChannelsLast.create(mgr, ArrayType.ACTIVATIONS, outDims);
            channelsLast(w).forward(input, out);
            return out;
        }
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), outDims, 'c');
        pool(w, out);
        return out;
    }

    private boolean channelsLastApplies() {
        return Dnnl.isChannelsLast(input) && Dnnl.available(input.dataType());
    }

    private ChannelsLastMaxPooling channelsLast(Window w) {
        org.deeplearning4j.nn.conf.layers.SubsamplingLayer c = layerConf();
        return channelsLast = ChannelsLastMaxPooling.plan(channelsLast, input, c.getKernelSize(), c.getStride(), outDims(w));
    }

    /** The pooled maps' NCHW dimensions: the input's batch and channels, the window's output size. */
    private long[] outDims(Window w) {
        return new long[]{input.size(0), input.size(1), w.outH(), w.outW()};
    }

    /** Backprop through oneDNN's pooling, from the winners its forward pass recorded. */
    private INDArray channelsLastBackprop(Window w, INDArray epsilon, LayerWorkspaceMgr mgr) {
        ChannelsLastMaxPooling plan = channelsLast(w);
        if (!plan.pooled(input)) {
            pooledAgain++;
            plan.forward(input, ChannelsLast.create(mgr, ArrayType.BP_WORKING_MEM, outDims(w)));
        }
        INDArray dx = ChannelsLast.create(mgr, ArrayType.ACTIVATION_GRAD, input.shape());
        plan.backward(ChannelsLast.of(epsilon, mgr, ArrayType.BP_WORKING_MEM), dx);
        return dx;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        if (!fastPathApplies()) return super.backpropGradient(epsilon, mgr);
        Window w = window();
        if (channelsLastApplies()) return new Pair<>(new DefaultGradient(), channelsLastBackprop(w, epsilon, mgr));
        if (winnersOf != input) {
            pooledAgain++;
            pool(w, Nd4j.createUninitialized(DataType.FLOAT, outDims(w)));
        }
        INDArray g = epsilon.dataType() == DataType.FLOAT ? epsilon : epsilon.castTo(DataType.FLOAT);
        FloatBuffer in = RowMajor.of(g).data().asNioFloat();
        INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
        FloatBuffer out = dx.data().asNioFloat();
        int[] won = winners;
        IntStream.range(0, planes()).parallel().forEach(p -> w.route(in, won, out, p));
        return new Pair<>(new DefaultGradient(), dx);
    }

    /** Forward over every plane, recording the winners for {@link #input}. */
    private void pool(Window w, INDArray out) {
        int planes = planes();
        int[] won = winners = winners.length >= planes * w.outPixels() ? winners : new int[planes * w.outPixels()];
        FloatBuffer in = RowMajor.of(input).data().asNioFloat(), o = out.data().asNioFloat();
        IntStream.range(0, planes).parallel().forEach(p -> w.forward(in, o, won, p));
        winnersOf = input;
    }

    private int planes() {
        return Math.toIntExact(input.size(0) * input.size(1));
    }

    private Window window() {
        org.deeplearning4j.nn.conf.layers.SubsamplingLayer c = layerConf();
        int h = (int) input.size(2), wd = (int) input.size(3);
        int[] k = c.getKernelSize(), s = c.getStride();
        return new Window(h, wd, k[0], k[1], s[0], s[1], (h - k[0]) / s[0] + 1, (wd - k[1]) / s[1] + 1);
    }

    private static float[] plane(int which, int size) {
        float[][] t = PLANES.get();
        if (t[which].length < size) t[which] = new float[size];
        return t[which];
    }

    /** One input plane of h×w pooled by kh×kw windows at strides sh, sw into outH×outW (windows that fit). */
    record Window(int h, int w, int kh, int kw, int sh, int sw, int outH, int outW) {

        int outPixels() {
            return outH * outW;
        }

        void forward(FloatBuffer in, FloatBuffer out, int[] winners, int p) {
            int pixels = h * w, outPixels = outPixels();
            float[] x = plane(0, pixels), y = plane(1, outPixels);
            in.get(p * pixels, x, 0, pixels);
            int o = 0, wBase = p * outPixels;
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++, o++) {
                    int first = oy * sh * w + ox * sw, best = first;
                    float max = x[first];
                    for (int ky = 0; ky < kh; ky++) {
                        for (int i = first + ky * w, end = i + kw; i < end; i++) {
                            if (x[i] > max) {
                                max = x[i];
                                best = i;
                            }
                        }
                    }
                    y[o] = max;
                    winners[wBase + o] = best;
                }
            }
            out.put(p * outPixels, y, 0, outPixels);
        }

        /** ∂L/∂input for plane p: each output's gradient to its window's winner (windows overlap, so sums). */
        void route(FloatBuffer gradOut, int[] winners, FloatBuffer gradIn, int p) {
            int pixels = h * w, outPixels = outPixels();
            float[] g = plane(1, outPixels), dx = plane(0, pixels);
            gradOut.get(p * outPixels, g, 0, outPixels);
            Arrays.fill(dx, 0, pixels, 0f);
            int wBase = p * outPixels;
            for (int o = 0; o < outPixels; o++) dx[winners[wBase + o]] += g[o];
            gradIn.put(p * pixels, dx, 0, pixels);
        }
    }
}
