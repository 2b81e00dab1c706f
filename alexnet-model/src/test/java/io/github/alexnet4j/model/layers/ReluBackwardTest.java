package io.github.alexnet4j.model.layers;

import io.github.alexnet4j.model.backend.Dnnl;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link ReluBackward}: δ equals ε where the ReLU's output is positive and is 0 where the output is 0, for
 * every element (compared as numbers, so −0 counts as 0), and equals libnd4j's
 * {@code RectifiedLinearDerivative}, which the layers ran before; on channels-last arrays, as the
 * convolution layers give them, twice through one plan.
 */
class ReluBackwardTest {

    @Test
    void deltaIsEpsilonWhereTheOutputIsPositiveAndZeroElsewhere() {
        assumeTrue(Dnnl.available(DataType.FLOAT), "oneDNN is called directly on linux-x86_64 only");
        Nd4j.getRandom().setSeed(3);
        long[] dims = {3, 24, 9, 7};
        var mgr = LayerWorkspaceMgr.noWorkspaces();
        INDArray output = ChannelsLast.create(mgr, ArrayType.ACTIVATIONS, dims);
        output.assign(Nd4j.randn(DataType.FLOAT, dims));
        Nd4j.getExecutioner().exec(new RectifiedLinear(output, output, 0.0));   // about half the outputs are 0
        ReluBackward plan = null;
        for (int call = 0; call < 2; call++) {
            INDArray epsilon = ChannelsLast.create(mgr, ArrayType.ACTIVATION_GRAD, dims);
            epsilon.assign(Nd4j.randn(DataType.FLOAT, dims));
            INDArray delta = ChannelsLast.create(mgr, ArrayType.BP_WORKING_MEM, dims);
            ReluBackward previous = plan;
            (plan = ReluBackward.plan(plan, output, epsilon, delta)).run(output, epsilon, delta);
            if (previous != null) assertSame(previous, plan, "the plan is kept for the same shapes and layouts");

            INDArray positive = output.gt(0).castTo(DataType.FLOAT);
            long zeros = output.length() - positive.sumNumber().longValue();
            assertTrue(zeros > output.length() / 4 && zeros < output.length() * 3 / 4, "half the outputs are 0: " + zeros);
            assertEquals(0.0, delta.sub(epsilon.mul(positive)).amaxNumber().doubleValue(), "δ = ε · [output > 0], element by element");
            INDArray libnd4j = Nd4j.create(DataType.FLOAT, dims);
            Nd4j.getExecutioner().exec(new RectifiedLinearDerivative(output.dup('c'), epsilon.dup('c'), libnd4j, 0.0));
            assertEquals(0.0, delta.sub(libnd4j).amaxNumber().doubleValue(), "libnd4j's ReLU derivative");
        }
    }
}
