package io.github.alexnet4j.model.layers;

import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.AlexNetGraph;
import io.github.alexnet4j.model.backend.Dnnl;
import io.github.alexnet4j.model.optim.OptimizerConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code -Dalexnet.bf16=true}: inference convolutions multiply in bfloat16 where the CPU has oneDNN's bf16
 * kernels. What such a convolution computes is the float32 convolution of its input and weights rounded to
 * bfloat16; on a CPU without the kernels, the float32 plan runs instead. Training never uses it.
 */
class Bf16InferenceTest {

    private static final AlexNetConfig TORCHVISION = AlexNetConfig.torchvision().toBuilder().numClasses(10).inputSize(68)
            .convWidths(List.of(16, 32, 48, 48, 32)).fcWidth(64).build();

    @AfterEach
    void restore() {
        System.clearProperty(Dnnl.BF16_PROPERTY);
    }

    /** Whether this CPU reports AVX512_BF16 (or AMX's bf16), the instructions of oneDNN's bf16 kernels on x86. */
    private static boolean cpuHasBf16() throws Exception {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.exists(cpuinfo)) return false;
        String flags = Files.readString(cpuinfo);
        return flags.contains(" avx512_bf16") || flags.contains(" amx_bf16");
    }

    @Test
    void aBf16ConvolutionIsTheFloatConvolutionOfBf16RoundedInputsAndWeights() throws Exception {
        Nd4j.getRandom().setSeed(3);
        // conv2's pattern at a small size: 5×5, padding 2, channels-last input as the layer before leaves it
        INDArray x = ChannelsLast.nchw(Nd4j.randn(DataType.FLOAT, 2, 15, 15, 24));
        INDArray w = Nd4j.randn(DataType.FLOAT, 32, 24, 5, 5).muli(0.1), b = Nd4j.randn(DataType.FLOAT, 32);
        int[] stride = {1, 1}, pad = {2, 2};
        long[] out = {2, 32, 15, 15};
        ChannelsLastConvolution single = ChannelsLastConvolution.plan(null, x, w.shape(), true, stride, pad, out);
        ChannelsLastConvolution reduced = ChannelsLastConvolution.plan(null, x, w.shape(), true, stride, pad, out, true);
        assertFalse(single.bf16());
        assertEquals(Dnnl.available() && cpuHasBf16(), Dnnl.hasBf16Kernels(), "oneDNN's instruction set against the CPU's flags");
        assertEquals(Dnnl.available() && cpuHasBf16(), reduced.bf16(), "bf16 exactly where the CPU has it: " + reduced.forwardImplementation());

        INDArray want = ChannelsLast.nchw(Nd4j.create(DataType.FLOAT, 2, 15, 15, 32)), got = ChannelsLast.nchw(Nd4j.create(DataType.FLOAT, 2, 15, 15, 32));
        single.forward(bf16(x, ChannelsLast.nchw(Nd4j.create(DataType.FLOAT, 2, 15, 15, 24))), bf16(w, w.dup()), b, want);
        reduced.forward(x, w, b, got);
        double scale = want.amaxNumber().doubleValue(), diff = want.sub(got).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-5 * scale, "against the float convolution of rounded values: " + diff + " at scale " + scale);
        if (reduced.bf16()) {
            INDArray exact = ChannelsLast.nchw(Nd4j.create(DataType.FLOAT, 2, 15, 15, 32));
            single.forward(x, w, b, exact);
            assertTrue(exact.sub(got).amaxNumber().doubleValue() > 1e-4 * scale, "the bf16 plan rounded nothing");
            assertThrows(IllegalStateException.class, () -> reduced.backward(x, w, got, null, w.dup(), b.dup()));
        }
    }

    /** {@code a}'s values rounded to the nearest bfloat16 (ties to even), written into {@code into} (any layout). */
    private static INDArray bf16(INDArray a, INDArray into) {
        float[] v = a.dup('c').data().asFloat();
        for (int i = 0; i < v.length; i++) {
            int bits = Float.floatToRawIntBits(v[i]);
            bits += 0x7FFF + ((bits >>> 16) & 1);
            v[i] = Float.intBitsToFloat(bits & 0xFFFF0000);
        }
        return into.assign(Nd4j.create(v, a.shape(), 'c'));
    }

    @Test
    void aNetworksPredictionsUseBf16OnlyWhenAskedAndOnlyForInference() throws Exception {
        ComputationGraph net = AlexNetGraph.build(TORCHVISION, OptimizerConfig.paper());
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.randn(DataType.FLOAT, 4, 3, 68, 68);
        INDArray f32 = net.outputSingle(false, x).dup();
        System.setProperty(Dnnl.BF16_PROPERTY, "true");
        INDArray reduced = net.outputSingle(false, x).dup();
        double diff = f32.sub(reduced).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-2, "softmax outputs within bf16's rounding: " + diff);
        FastConvolutionLayer conv2 = (FastConvolutionLayer) net.getLayer("conv2");
        assertEquals(Dnnl.available() && cpuHasBf16(), conv2.usedBf16(), "bf16 where the CPU has it");
        if (conv2.usedBf16()) assertTrue(diff > 0, "bf16 changed nothing although it ran");

        // training with the property set stays float32: the same gradient as without it
        INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 10);
        for (int i = 0; i < 4; i++) y.putScalar(i, i, 1f);
        INDArray withProperty = gradient(net, x, y);
        System.clearProperty(Dnnl.BF16_PROPERTY);
        assertEquals(gradient(net, x, y), withProperty, "training ignores alexnet.bf16");
    }

    private static INDArray gradient(ComputationGraph net, INDArray x, INDArray y) {
        Nd4j.getRandom().setSeed(99);
        net.setInputs(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        return net.gradient().gradient().dup();
    }
}
