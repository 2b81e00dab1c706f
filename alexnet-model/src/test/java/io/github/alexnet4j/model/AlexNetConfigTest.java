package io.github.alexnet4j.model;

import io.github.alexnet4j.model.optim.OptimizerConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class AlexNetConfigTest {

    @Test
    void impossibleConfigsNameTheFieldAndTheValidRange() {
        AlexNetConfig p = AlexNetConfig.paper();
        assertMessage(() -> p.toBuilder().numClasses(0).build(), "numClasses = 0", "at least 2");
        assertMessage(() -> p.toBuilder().removedConvLayer(2).build(), "removedConvLayer = 2", "3, 4 or 5");
        assertMessage(() -> p.toBuilder().towers(3).build(), "towers = 3", "1 or 2");
        assertMessage(() -> p.toBuilder().dropout(1.0).build(), "dropout = 1.0", "[0, 1)");
        assertMessage(() -> p.toBuilder().pooling(2, 3).build(), "poolStride = 3", "between 1 and poolSize");
        // 11×11 stride 4 on 32 pixels: conv1 → 6, pool1 → 2, pool2 → 0: nothing left for pool5
        assertMessage(() -> p.toBuilder().inputSize(32).build(), "inputSize = 32", "at least 67");
        assertMessage(() -> p.toBuilder().convWidths(java.util.List.of(4, 256, 384, 384, 256)).build(), "convWidths[0] = 4",
                "LRN over n = 5 maps needs more than 2 maps per tower");
    }

    @Test
    void smallestAcceptedInputReallyBuilds() {
        AlexNetConfig c = AlexNetConfig.paper().toBuilder().inputSize(67).numClasses(10).fcWidth(16).build();
        assertEquals(1, c.spatialSizes().pool5());
        assertEquals(1, AlexNetGraph.build(c, OptimizerConfig.paper())
                .outputSingle(org.nd4j.linalg.factory.Nd4j.rand(1, 3, 67, 67)).rows());
    }

    @Test
    void theBuilderCoversEveryFieldAndStartsFromThePaper() {
        AlexNetConfig c = AlexNetConfig.builder().inputChannels(1).lrnN(3).lrnBeta(0.5).lrnK(1).lrnAlpha(2e-5)
                .conv1Kernel(7).conv1Stride(2).conv1Padding(1).poolSize(2).poolStride(2).seed(7).build();
        assertEquals(1, c.inputChannels());
        assertEquals(3, c.lrnN());
        assertEquals(0.5, c.lrnBeta());
        assertEquals(7, c.conv1Kernel());
        assertEquals(2, c.poolStride());
        // every record component has a builder setter of the same name
        for (var component : AlexNetConfig.class.getRecordComponents()) {
            assertDoesNotThrow(() -> AlexNetConfig.Builder.class.getMethod(component.getName(), component.getType()),
                    "no builder setter for " + component.getName());
        }
        assertEquals(AlexNetConfig.paper(), AlexNetConfig.builder().build());
        assertEquals(AlexNetConfig.cifar10(), AlexNetConfig.cifar10().toBuilder().build());
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable e, String... parts) {
        InvalidConfigException ex = assertThrows(InvalidConfigException.class, e);
        for (String part : parts) {
            assertTrue(ex.getMessage().contains(part), "'" + ex.getMessage() + "' should mention '" + part + "'");
        }
    }
}
