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
 * {@code -Dalexnet.bf16=true}: convolutions multiply in bfloat16 where the CPU has oneDNN's bf16 kernels, in
 * training and inference. What such a convolution computes, in each of its three passes, is the float32 pass
 * on its operands (input, weights, δ) rounded to bfloat16; on a CPU without the kernels, float32 runs instead.
 */
class Bf16ConvolutionTest {

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
    void aBf16ConvolutionIsTheFloatConvolutionOfBf16RoundedOperandsInEveryPass() throws Exception {
        assertPasses(48, List.of("input", "weights", "bias"));   // 48: conv2's input channels in each of the paper's towers
    }

    @Test
    void anInputGradientOverChannelsNotAMultipleOf16StaysFloat32() throws Exception {
        // oneDNN 3.3.4's bf16 input-gradient kernels are wrong for such counts (on a Zen 5 CPU); that pass runs in float32
        assertPasses(24, List.of("weights", "bias"));
    }

    @Test
    void outputChannelsNotAMultipleOf16StayFloat32() {
        // oneDNN 3.3.4's bf16 forward kernel is wrong for such counts on a Zen 5 CPU (the CIFAR preset's conv1: 3 → 24)
        INDArray x = ChannelsLast.nchw(Nd4j.randn(DataType.FLOAT, 2, 28, 28, 3));
        ChannelsLastConvolution conv1 = ChannelsLastConvolution.plan(null, x, new long[]{24, 3, 5, 5}, true, new int[]{1, 1},
                new int[]{2, 2}, new long[]{2, 24, 28, 28}, true);
        assertFalse(conv1.bf16(), conv1.forwardImplementation());
    }

    /**
     * conv2's pattern at a small size (5×5, padding 2, channels-last input as the layer before leaves it) over
     * {@code channels} input channels: the forward pass and the gradients in {@code reducedParts} are the float32
     * ones of rounded operands; any other gradient is the float32 one of the operands as they are.
     */
    private static void assertPasses(int channels, List<String> reducedParts) throws Exception {
        Nd4j.getRandom().setSeed(3);
        INDArray x = ChannelsLast.nchw(Nd4j.randn(DataType.FLOAT, 2, 15, 15, channels));
        INDArray w = Nd4j.randn(DataType.FLOAT, 32, channels, 5, 5).muli(0.1), b = Nd4j.randn(DataType.FLOAT, 32);
        int[] stride = {1, 1}, pad = {2, 2};
        long[] out = {2, 32, 15, 15};
        ChannelsLastConvolution single = ChannelsLastConvolution.plan(null, x, w.shape(), true, stride, pad, out);
        ChannelsLastConvolution reduced = ChannelsLastConvolution.plan(null, x, w.shape(), true, stride, pad, out, true);
        assertFalse(single.bf16());
        assertEquals(Dnnl.available() && cpuHasBf16(), Dnnl.hasBf16Kernels(), "oneDNN's instruction set against the CPU's flags");
        assertEquals(Dnnl.available() && cpuHasBf16(), reduced.bf16(), "bf16 exactly where the CPU has it: " + reduced.forwardImplementation());

        INDArray want = ChannelsLast.nchw(Nd4j.create(DataType.FLOAT, 2, 15, 15, 32)), got = ChannelsLast.nchw(Nd4j.create(DataType.FLOAT, 2, 15, 15, 32));
        INDArray exact = ChannelsLast.nchw(Nd4j.create(DataType.FLOAT, 2, 15, 15, 32));
        single.forward(bf16(x, ChannelsLast.nchw(Nd4j.create(DataType.FLOAT, 2, 15, 15, channels))), bf16(w, w.dup()), b, want);
        single.forward(x, w, b, exact);
        reduced.forward(x, w, b, got);
        if (reduced.bf16()) {
            double scale = want.amaxNumber().doubleValue(), diff = want.sub(got).amaxNumber().doubleValue();
            assertTrue(diff <= 1e-5 * scale, "against the float convolution of rounded values: " + diff + " at scale " + scale);
            assertTrue(exact.sub(got).amaxNumber().doubleValue() > 1e-4 * scale, "the bf16 plan rounded nothing");
        } else {
            assertEquals(exact, got, "float32 where the CPU has no bf16 kernels");
        }

        // backprop: input, weight and bias gradients are the float32 ones of rounded x, W and δ
        INDArray delta = ChannelsLast.nchw(Nd4j.randn(DataType.FLOAT, 2, 15, 15, 32));
        Gradients wantGrad = new Gradients(x, w), gotGrad = new Gradients(x, w), exactGrad = new Gradients(x, w);
        single.backward(bf16(x, ChannelsLast.nchw(Nd4j.create(DataType.FLOAT, 2, 15, 15, channels))), bf16(w, w.dup()),
                bf16(delta, ChannelsLast.nchw(Nd4j.create(DataType.FLOAT, 2, 15, 15, 32))), wantGrad.input, wantGrad.weights, wantGrad.bias);
        reduced.backward(x, w, delta, gotGrad.input, gotGrad.weights, gotGrad.bias);
        single.backward(x, w, delta, exactGrad.input, exactGrad.weights, exactGrad.bias);
        for (String part : List.of("input", "weights", "bias")) {
            INDArray gotPart = gotGrad.get(part), exactPart = exactGrad.get(part);
            if (!reduced.bf16()) {
                assertEquals(exactPart, gotPart, part + " gradient: float32 where the CPU has no bf16 kernels");
            } else if (!reducedParts.contains(part)) {
                double eDiff = exactPart.sub(gotPart).amaxNumber().doubleValue(), eScale = exactPart.amaxNumber().doubleValue();
                assertTrue(eDiff <= 1e-5 * eScale, part + " gradient against the float32 one: " + eDiff + " at scale " + eScale);
            } else {
                INDArray wantPart = wantGrad.get(part);
                double gScale = wantPart.amaxNumber().doubleValue(), gDiff = wantPart.sub(gotPart).amaxNumber().doubleValue();
                assertTrue(gDiff <= 1e-5 * gScale, part + " gradient against the float one of rounded values: " + gDiff + " at scale " + gScale);
                assertTrue(exactPart.sub(gotPart).amaxNumber().doubleValue() > 1e-5 * gScale, "the bf16 " + part + " gradient rounded nothing");
            }
        }
    }

    /** A convolution's three gradients, channels-last for the input as the layers keep it. */
    private record Gradients(INDArray input, INDArray weights, INDArray bias) {
        Gradients(INDArray x, INDArray w) {
            this(ChannelsLast.create(org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces(),
                    org.deeplearning4j.nn.workspace.ArrayType.ACTIVATION_GRAD, x.shape()), Nd4j.create(DataType.FLOAT, w.shape()),
                    Nd4j.create(DataType.FLOAT, w.size(0)));
        }

        INDArray get(String part) {
            return switch (part) {
                case "input" -> input;
                case "weights" -> weights;
                default -> bias;
            };
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
    void aNetworkUsesBf16OnlyWhenAskedInPredictionsAndTraining() throws Exception {
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

        // training's gradient: within bf16's rounding of the float32 one, and rounded where bf16 ran
        INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 10);
        for (int i = 0; i < 4; i++) y.putScalar(i, i, 1f);
        INDArray withProperty = gradient(net, x, y);
        assertEquals(Dnnl.available() && cpuHasBf16(), conv2.usedBf16(), "training in bf16 where the CPU has it");
        System.clearProperty(Dnnl.BF16_PROPERTY);
        INDArray single = gradient(net, x, y);
        assertFalse(conv2.usedBf16(), "float32 again once the property is cleared");
        double relative = single.sub(withProperty).norm2Number().doubleValue() / single.norm2Number().doubleValue();
        if (Dnnl.available() && cpuHasBf16()) {
            assertTrue(relative > 0 && relative < 0.05, "bf16 gradient within 5 % (L2) of the float32 one, and not equal: " + relative);
        } else {
            assertEquals(0.0, relative, "float32 where the CPU has no bf16 kernels");
        }
    }

    private static INDArray gradient(ComputationGraph net, INDArray x, INDArray y) {
        Nd4j.getRandom().setSeed(99);
        net.setInputs(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        return net.gradient().gradient().dup();
    }
}
