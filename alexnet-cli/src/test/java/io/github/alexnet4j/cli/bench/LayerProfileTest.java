package io.github.alexnet4j.cli.bench;

import io.github.alexnet4j.model.AlexNetConfig;
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
}
