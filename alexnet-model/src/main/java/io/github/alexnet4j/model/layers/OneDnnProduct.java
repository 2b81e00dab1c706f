package io.github.alexnet4j.model.layers;

import io.github.alexnet4j.model.backend.Dnnl;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.matmul;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_desc;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.bytedeco.dnnl.global.dnnl.*;

/**
 * One oneDNN product, dst = src·weights (+ bias), over arrays whose addresses are set per call: a matmul
 * ({@link DenseMatmul}) or an inner product ({@link MatrixVector}).
 */
final class OneDnnProduct {

    private final memory src, weights, bias, dst;
    private final primitive primitive;
    private final IntMemoryMap args;

    /** The product {@code pd} describes, run by {@code primitive} (made from {@code pd}); {@code bias} null for none. */
    OneDnnProduct(primitive_desc pd, primitive primitive, memory.desc bias) {
        var e = Dnnl.engine();
        src = new memory(pd.src_desc(), e, null);
        weights = new memory(pd.weights_desc(), e, null);
        dst = new memory(pd.dst_desc(), e, null);
        this.bias = bias == null ? null : new memory(bias, e, null);
        this.primitive = primitive;
        args = new IntMemoryMap().put(DNNL_ARG_SRC, src).put(DNNL_ARG_WEIGHTS, weights).put(DNNL_ARG_DST, dst);
        if (bias != null) args.put(DNNL_ARG_BIAS, this.bias);
    }

    /** A matmul of these layouts, or null when oneDNN offers only its reference kernel for it. */
    static OneDnnProduct matmul(memory.desc src, memory.desc weights, memory.desc bias, memory.desc dst) {
        var pd = bias == null ? new matmul.primitive_desc(Dnnl.engine(), src, weights, dst)
                : new matmul.primitive_desc(Dnnl.engine(), src, weights, bias, dst);
        return reference(pd) ? null : new OneDnnProduct(pd, new matmul(pd), bias);
    }

    /** Whether oneDNN took its reference kernel for {@code pd}, tens to hundreds of times slower than the others here. */
    static boolean reference(primitive_desc pd) {
        return pd.impl_info_str().getString().startsWith("ref");
    }

    /** A float matrix [rows, columns] with the given strides. */
    static memory.desc matrix(long rows, long columns, long rowStride, long columnStride) {
        return new memory.desc(new long[]{rows, columns}, memory.data_type.f32, new long[]{rowStride, columnStride});
    }

    void run(INDArray a, INDArray b, INDArray biasValues, INDArray out) {
        src.set_data_handle(Dnnl.address(a));
        weights.set_data_handle(Dnnl.address(b));
        if (bias != null) bias.set_data_handle(Dnnl.address(biasValues));
        dst.set_data_handle(Dnnl.address(out));
        primitive.execute(Dnnl.stream(), args);
        Dnnl.stream()._wait();
    }
}
