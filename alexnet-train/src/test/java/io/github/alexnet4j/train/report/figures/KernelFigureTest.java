package io.github.alexnet4j.train.report.figures;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KernelFigureTest {

    @Test
    void colourSpecificityOfKnownKernels() {
        INDArray pattern = Nd4j.randn(5, 5);
        INDArray grey = Nd4j.stack(0, pattern, pattern, pattern);
        assertEquals(0.0, KernelFigure.colourSpecificity(grey), 1e-6, "same pattern in R, G, B");
        INDArray redOnly = Nd4j.stack(0, pattern, pattern.mul(0), pattern.mul(0));
        assertEquals(2.0 / 3, KernelFigure.colourSpecificity(redOnly), 1e-6, "(2/3)² + 2·(1/3)² of the energy");
        INDArray opponent = Nd4j.stack(0, pattern, pattern.neg(), pattern.mul(0));
        assertEquals(1.0, KernelFigure.colourSpecificity(opponent), 1e-6, "red minus green: no grey component");
    }
}
