package io.github.alexnet4j.model.layers;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The float32 convolution's output and gradients equal libnd4j's conv2d and conv2d_bp within 1e-5 of the
 * largest value, on the shapes where oneDNN 3.3.4's brgconv kernel was wrong on a Zen 5 CPU (more than 32
 * channels, not a multiple of 32, small images) and on neighbours where it is right.
 */
class ChannelsLastConvolutionTest {

    @ParameterizedTest(name = "{0} → {1} channels, {2}×{2} kernel, padding {3}, {4}×{4} image")
    @CsvSource({"32, 48, 3, 1, 3", "32, 48, 3, 1, 6", "48, 48, 3, 1, 3", "48, 32, 3, 1, 3", "32, 48, 3, 0, 5",
            "32, 48, 3, 1, 13", "32, 64, 3, 1, 3", "24, 16, 3, 1, 3"})
    void outputAndGradientsEqualLibnd4j(int in, int out, int k, int pad, int size) {
        int batch = 4;
        Nd4j.getRandom().setSeed(3);
        INDArray x = ChannelsLast.nchw(Nd4j.randn(DataType.FLOAT, batch, size, size, in));
        INDArray w = Nd4j.randn(DataType.FLOAT, out, in, k, k).muli(0.1), b = Nd4j.randn(DataType.FLOAT, out);
        int outSize = size + 2 * pad - k + 1;
        ChannelsLastConvolution conv = ChannelsLastConvolution.plan(null, x, w.shape(), true, new int[]{1, 1},
                new int[]{pad, pad}, new long[]{batch, out, outSize, outSize});
        INDArray got = ChannelsLast.nchw(Nd4j.create(DataType.FLOAT, batch, outSize, outSize, out));
        conv.forward(x, w, b, got);
        INDArray want = Nd4j.create(DataType.FLOAT, batch, out, outSize, outSize);
        INDArray wHwio = w.permute(2, 3, 1, 0).dup('c');
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x.dup('c'), wHwio, b).addOutputs(want)
                .addIntegerArguments(k, k, 1, 1, pad, pad, 1, 1, 0, 0, 0).build());
        assertClose(want, got, "output");

        INDArray delta = ChannelsLast.nchw(Nd4j.randn(DataType.FLOAT, batch, outSize, outSize, out));
        INDArray inputGrad = ChannelsLast.nchw(Nd4j.create(DataType.FLOAT, batch, size, size, in));
        INDArray weightGrad = Nd4j.create(DataType.FLOAT, w.shape()), biasGrad = Nd4j.create(DataType.FLOAT, out);
        conv.backward(x, w, delta, inputGrad, weightGrad, biasGrad);
        INDArray wantGrad = Nd4j.create(DataType.FLOAT, batch, in, size, size), wantWeightGrad = wHwio.ulike(), wantBiasGrad = b.ulike();
        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(x.dup('c'), wHwio, b, delta.dup('c'))
                .addOutputs(wantGrad, wantWeightGrad, wantBiasGrad).addIntegerArguments(k, k, 1, 1, pad, pad, 1, 1, 0, 0, 0).build());
        assertClose(wantGrad, inputGrad, "input gradient");
        assertClose(wantWeightGrad.permute(3, 2, 0, 1), weightGrad, "weight gradient");
        assertClose(wantBiasGrad, biasGrad, "bias gradient");
    }

    @org.junit.jupiter.api.Test
    void inferenceReusesReorderedWeightsOnlyWhileTheyAreUnchanged() {
        Same3x3 c = new Same3x3(1, 7, 5);
        INDArray trained = c.pass(true, false);
        assertEquals(trained, c.pass(false, false), "inference = training's forward pass");
        assertEquals(trained, c.pass(false, false), "again, from the kept reorder");

        c.w.putScalar(new long[]{Same3x3.OUT - 1, Same3x3.IN - 1, 2, 2}, 40f);   // one weight changed in place, as an edit through a view
        INDArray changed = c.pass(false, false);
        assertNotEquals(trained, changed, "the edit shows in inference");
        assertEquals(c.pass(true, false), changed, "and equals training's pass on the edited weights");

        c.w.muli(0.5);   // a step between a training pass and the next inference call
        c.pass(true, false);
        assertEquals(c.pass(true, false), c.pass(false, false), "after training, inference reorders");
    }

    @org.junit.jupiter.api.Test
    void theReluFusedIntoTheConvolutionEqualsTheReluAfterIt() {
        Same3x3 c = new Same3x3(2, 9, 7);
        INDArray z = c.pass(true, false);
        INDArray want = org.nd4j.linalg.ops.transforms.Transforms.relu(z, true);
        assertTrue(z.minNumber().doubleValue() < 0 && want.maxNumber().doubleValue() > 0, "both signs, or the ReLU shows nothing");
        for (boolean training : new boolean[]{true, false}) {
            assertEquals(want, c.pass(training, true), "fused = separate (training " + training + ")");
            assertTrue(c.reluApplied, "oneDNN applies the ReLU in the convolution's pass on this CPU (training " + training + ")");
        }
    }

    /**
     * An input that is not channels-last is copied: an inference pass into shared scratch memory (a plan that
     * only infers keeps no copy of its own), a training pass into the plan's own memory, which its backward pass
     * reads, even when an inference pass on another input came between them. In bf16 (where this CPU has the
     * kernels) the weight gradient reads that copy itself; in float32 it may make its own from the input.
     */
    @ParameterizedTest(name = "bf16 {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void inferenceCopiesTheInputIntoScratchAndTrainingKeepsItsCopyForBackprop(boolean bf16) {
        org.junit.jupiter.api.Assumptions.assumeTrue(!bf16 || io.github.alexnet4j.model.backend.Dnnl.hasBf16Kernels(),
                "bf16 kernels on this CPU");
        Nd4j.getRandom().setSeed(11);
        INDArray x1 = Nd4j.randn(DataType.FLOAT, 2, 16, 9, 9), x2 = Nd4j.randn(DataType.FLOAT, 2, 16, 9, 9);   // NCHW, row-major
        INDArray w = Nd4j.randn(DataType.FLOAT, 32, 16, 3, 3), b = Nd4j.randn(DataType.FLOAT, 32);
        long[] outDims = {2, 32, 9, 9};
        INDArray delta = ChannelsLast.nchw(Nd4j.randn(DataType.FLOAT, 2, 9, 9, 32));
        java.util.function.Supplier<ChannelsLastConvolution> plan = () -> ChannelsLastConvolution.plan(null, x1, w.shape(), true,
                new int[]{1, 1}, new int[]{1, 1}, outDims, bf16);
        java.util.function.Supplier<INDArray> output = () -> ChannelsLast.nchw(Nd4j.create(DataType.FLOAT, 2, 9, 9, 32));

        ChannelsLastConvolution alone = plan.get();
        assertEquals(bf16, alone.bf16());
        alone.forward(x1, w, b, output.get());
        INDArray want = Nd4j.create(DataType.FLOAT, w.shape());
        alone.backward(x1, w, delta, null, want, Nd4j.create(DataType.FLOAT, 32));

        ChannelsLastConvolution interleaved = plan.get();
        INDArray z2 = output.get();
        interleaved.infer(x2, w, b, z2);
        assertFalse(interleaved.keepsInputCopy(), "inference alone keeps no copy of its own");
        INDArray z1 = output.get();
        interleaved.forward(x1, w, b, z1);
        assertTrue(interleaved.keepsInputCopy(), "training keeps its copy for backprop");
        INDArray again = output.get();
        interleaved.infer(x2, w, b, again);
        assertEquals(z2, again, "inference on x2 between training's forward and backward");
        assertNotEquals(z1, again);
        INDArray got = Nd4j.create(DataType.FLOAT, w.shape());
        interleaved.backward(x1, w, delta, null, got, Nd4j.create(DataType.FLOAT, 32));
        assertEquals(want, got, "the weight gradient is x1's");
    }

    /** A 3×3 convolution, 16 → 32 channels, padding 1, on random channels-last images, and its float32 plan. */
    private static final class Same3x3 {
        static final int IN = 16, OUT = 32;
        final INDArray x, w, b;
        final long[] outDims;
        final ChannelsLastConvolution conv;
        boolean reluApplied;

        Same3x3(int batch, int size, long seed) {
            Nd4j.getRandom().setSeed(seed);
            x = ChannelsLast.nchw(Nd4j.randn(DataType.FLOAT, batch, size, size, IN));
            w = Nd4j.randn(DataType.FLOAT, OUT, IN, 3, 3);
            b = Nd4j.randn(DataType.FLOAT, OUT);
            outDims = new long[]{batch, OUT, size, size};
            conv = ChannelsLastConvolution.plan(null, x, w.shape(), true, new int[]{1, 1}, new int[]{1, 1}, outDims);
        }

        /** The forward pass as training ({@code forward}) or inference ({@code infer}) calls it, with the ReLU if asked. */
        INDArray pass(boolean training, boolean relu) {
            INDArray z = ChannelsLast.nchw(Nd4j.create(DataType.FLOAT, outDims[0], outDims[2], outDims[3], outDims[1]));
            reluApplied = training ? conv.forward(x, w, b, z, relu) : conv.infer(x, w, b, z, relu);
            return z;
        }
    }

    private static void assertClose(INDArray want, INDArray got, String what) {
        double scale = want.amaxNumber().doubleValue(), diff = want.sub(got).amaxNumber().doubleValue();
        assertTrue(scale > 0, "a zero " + what + " proves nothing");
        assertTrue(diff <= 1e-5 * scale, what + ": max difference " + diff + " at scale " + scale);
    }
}
