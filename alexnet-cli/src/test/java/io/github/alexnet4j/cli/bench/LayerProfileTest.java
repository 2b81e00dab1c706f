package io.github.alexnet4j.cli.bench;

import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.backend.Dnnl;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LayerProfileTest {

    @Test
    void everyLayerAndMergeIsTimedForwardAndBackward() {
        LayerProfile.Result r = LayerProfile.measure("cifar10", AlexNetConfig.cifar10(), 8, 1);
        List<String> names = r.rows().stream().map(LayerProfile.Row::vertex).toList();
        for (String v : List.of("conv1_a", "conv1_b", "conv5_b", "pool2", "fc6", "fc8")) {
            assertTrue(names.stream().anyMatch(n -> n.startsWith(v)), v + " missing from " + names);
        }
        assertTrue(r.rows().stream().anyMatch(x -> x.kind().equals("MergeVertex")), "the tower merges are profiled");
        assertTrue(r.rows().stream().anyMatch(x -> x.kind().contains("Lrn")), "LRN is profiled");
        for (LayerProfile.Row row : r.rows()) {
            assertTrue(row.forwardMs() > 0 && row.backwardMs() >= 0, row.toString());
        }
        assertTrue(r.stepMs() > 0 && r.updaterMs() > 0, "the updater is timed on its own");
        String md = LayerProfile.markdown(r);
        assertTrue(md.contains("| conv1_a |") && md.contains("(updater") && md.contains("(graph bookkeeping"), md);
    }

    @Test
    void verticesGetTheirInputsInTheLayoutTrainingGivesThem() {
        INDArray nhwc = Nd4j.rand(DataType.FLOAT, 2, 5, 6, 3);
        INDArray channelsLast = nhwc.permute(0, 3, 1, 2);
        INDArray copy = LayerProfile.copyKeepingLayout(channelsLast, channelsLast);
        assertTrue(Dnnl.isChannelsLast(copy), "a channels-last activation stays channels-last: " + copy.shapeInfoToString());
        assertEquals(channelsLast, copy);
        assertNotSame(channelsLast.data(), copy.data());
        INDArray nchw = Nd4j.rand(DataType.FLOAT, 2, 3, 5, 6);
        INDArray plain = LayerProfile.copyKeepingLayout(nchw, nchw);
        assertFalse(Dnnl.isChannelsLast(plain));
        assertEquals(nchw, plain);
    }
}
