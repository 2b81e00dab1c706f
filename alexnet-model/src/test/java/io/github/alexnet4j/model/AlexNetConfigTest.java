package io.github.alexnet4j.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class AlexNetConfigTest {

    @Test
    void impossibleConfigsNameTheFieldAndTheValidRange() {
        AlexNetConfig p = AlexNetConfig.paper();
        assertMessage(() -> p.withNumClasses(0), "numClasses = 0", "at least 2");
        assertMessage(() -> p.withRemovedConvLayer(2), "removedConvLayer = 2", "3, 4 or 5");
        assertMessage(() -> p.withTowers(3), "towers = 3", "1 or 2");
        assertMessage(() -> p.withDropout(1.0), "dropout = 1.0", "[0, 1)");
        assertMessage(() -> p.withPooling(2, 3), "poolStride = 3", "between 1 and poolSize");
        // 11×11 stride 4 on 32 pixels: conv1 → 6, pool1 → 2, pool2 → 0: nothing left for pool5
        assertMessage(() -> p.withInputSize(32), "inputSize = 32", "at least 67");
        assertMessage(() -> p.withConvWidths(java.util.List.of(4, 256, 384, 384, 256)), "convWidths[0] = 4",
                "LRN over n = 5 maps needs more than 2 maps per tower");
    }

    @Test
    void smallestAcceptedInputReallyBuilds() {
        AlexNetConfig c = AlexNetConfig.paper().withInputSize(67).withNumClasses(10).withFcWidth(16);
        assertEquals(1, c.spatialSizes().pool5());
        assertEquals(1, AlexNetGraph.build(c, OptimizerConfig.paper())
                .outputSingle(org.nd4j.linalg.factory.Nd4j.rand(1, 3, 67, 67)).rows());
    }

    @Test
    void yamlStatesOnlyWhatDiffersAndRoundTrips() {
        AlexNetConfig c = AlexNetConfig.fromYaml("numClasses: 10\nlrn: false\nlrnPlacement: AFTER_POOL\n",
                AlexNetConfig.paper());
        assertEquals(10, c.numClasses());
        assertFalse(c.lrn());
        assertEquals(LrnPlacement.AFTER_POOL, c.lrnPlacement());
        assertEquals(227, c.inputSize(), "unstated fields keep the base's value");
        assertEquals(c, AlexNetConfig.fromYaml(c.toYaml(), AlexNetConfig.cifar10()));
    }

    @Test
    void yamlWithUnknownOrInvalidFieldsIsRejectedClearly() {
        assertMessage(() -> AlexNetConfig.fromYaml("numClases: 10", AlexNetConfig.paper()),
                "unknown field 'numClases'", "numClasses");
        assertMessage(() -> AlexNetConfig.fromYaml("towers: 4", AlexNetConfig.paper()), "towers = 4", "1 or 2");
        assertMessage(() -> AlexNetConfig.fromYaml("nonlinearity: SIGMOID", AlexNetConfig.paper()),
                "cannot parse", "SIGMOID");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable e, String... parts) {
        InvalidConfigException ex = assertThrows(InvalidConfigException.class, e);
        for (String part : parts) {
            assertTrue(ex.getMessage().contains(part), "'" + ex.getMessage() + "' should mention '" + part + "'");
        }
    }
}
