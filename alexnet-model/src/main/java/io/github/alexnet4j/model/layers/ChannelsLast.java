package io.github.alexnet4j.model.layers;

import io.github.alexnet4j.model.backend.Dnnl;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Channels-last arrays in DL4J's NCHW shape ({@link Dnnl}), made in a layer's workspaces. */
final class ChannelsLast {

    private ChannelsLast() {
    }

    /** A new channels-last float array of NCHW shape {@code dims}. */
    static INDArray create(LayerWorkspaceMgr mgr, ArrayType type, long... dims) {
        return nchw(mgr.createUninitialized(type, DataType.FLOAT, new long[]{dims[0], dims[2], dims[3], dims[1]}, 'c'));
    }

    /**
     * The NHWC array behind a channels-last view: row-major and contiguous, so libnd4j's elementwise ops
     * take their fast path on it (on the NCHW-shaped view they walk the strides element by element).
     */
    static INDArray nhwc(INDArray channelsLast) {
        return channelsLast.permute(0, 2, 3, 1);
    }

    /** The NCHW-shaped view of an NHWC array. */
    static INDArray nchw(INDArray nhwc) {
        return nhwc.permute(0, 3, 1, 2);
    }

    /**
     * The values of a channels-last float array in buffer order (NHWC), read and written in place: the
     * native memory from its first element on.
     */
    static java.nio.FloatBuffer floats(INDArray channelsLast) {
        org.bytedeco.javacpp.Pointer first = Dnnl.address(channelsLast);
        long bytes = channelsLast.length() * Float.BYTES;
        return first.limit(first.position() + bytes).asByteBuffer().order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** {@code a} itself if it lies channels-last, else a channels-last copy. */
    static INDArray of(INDArray a, LayerWorkspaceMgr mgr, ArrayType type) {
        if (Dnnl.isChannelsLast(a) && a.dataType() == DataType.FLOAT) return a;
        INDArray out = create(mgr, type, a.shape());
        if (a.dataType() == DataType.FLOAT) Dnnl.copy(a, out);
        else out.assign(a);
        return out;
    }
}
