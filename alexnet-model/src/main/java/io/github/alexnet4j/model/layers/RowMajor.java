package io.github.alexnet4j.model.layers;

import io.github.alexnet4j.model.backend.Dnnl;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/** For the layers that read an array's buffer directly: the buffer must hold exactly the array, row-major. */
final class RowMajor {

    private RowMajor() {
    }

    /**
     * {@code a} itself if its buffer holds it in row-major order from the start, else a row-major copy.
     * Not {@code isView()} alone: a permuted array (DL4J's convolution output without oneDNN) can report
     * neither a view nor 'f' order.
     */
    static INDArray of(INDArray a) {
        boolean rowMajor = !a.isView() && a.ordering() == 'c' && a.offset() == 0 && Shape.hasDefaultStridesForShape(a)
                && a.data().length() == a.length();
        if (rowMajor) return a;
        if (a.rank() != 4 || !Dnnl.available(a.dataType())) return a.dup('c');
        // a channels-last array on its way into an NCHW layer (LRN, NCHW pooling): oneDNN's reorder
        INDArray c = Nd4j.createUninitialized(a.dataType(), a.shape(), 'c');
        Dnnl.copy(a, c);
        return c;
    }
}
