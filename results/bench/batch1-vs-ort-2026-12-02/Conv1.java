import io.github.alexnet4j.model.backend.Dnnl;
import org.bytedeco.dnnl.*;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import java.util.*;
import static org.bytedeco.dnnl.global.dnnl.*;

/** conv1 of the torchvision layout at batch N: what oneDNN runs for each source/destination layout, and how long (median). */
public class Conv1 {
    static double time(Runnable r, int warm, int n) { for (int i = 0; i < warm; i++) r.run(); double[] t = new double[n]; for (int i = 0; i < n; i++) { long s = System.nanoTime(); r.run(); t[i] = (System.nanoTime() - s) / 1e6; } Arrays.sort(t); return t[n / 2]; }
    public static void main(String[] a) {
        int n = a.length > 0 ? Integer.parseInt(a[0]) : 1;
        var e = Dnnl.engine(); var st = Dnnl.stream();
        long[] in = {n, 3, 224, 224}, w = {64, 3, 11, 11}, out = {n, 64, 55, 55}, s = {4, 4}, p = {2, 2};
        INDArray x = Nd4j.randn(DataType.FLOAT, in), W = Nd4j.randn(DataType.FLOAT, w), b = Nd4j.randn(DataType.FLOAT, 64);
        var xNchw = new memory(Dnnl.rowMajor(in), e, Dnnl.address(x));
        var wUser = new memory(Dnnl.rowMajor(w), e, Dnnl.address(W));
        var bias = new memory(Dnnl.rowMajor(64), e, Dnnl.address(b));
        var dstNhwc = new memory(Dnnl.channelsLast(out), e);
        float[] ref = null;
        for (String v : new String[]{"nhwc-copy", "nchw-src", "nchw-src-any-dst"}) {
            memory.desc srcD = v.equals("nhwc-copy") ? Dnnl.channelsLast(in) : Dnnl.rowMajor(in);
            memory.desc dstD = v.equals("nchw-src-any-dst") ? Dnnl.anyLayout(out) : Dnnl.channelsLast(out);
            var pd = new convolution_forward.primitive_desc(e, prop_kind.forward_training, algorithm.convolution_direct, srcD, Dnnl.anyLayout(w),
                    Dnnl.rowMajor(64), dstD, s, p, p);
            String impl = pd.impl_info_str().getString();
            var src = v.equals("nhwc-copy") ? new memory(pd.src_desc(), e) : xNchw;
            var toSrc = v.equals("nhwc-copy") ? new reorder(xNchw, src) : null;
            var wts = new memory(pd.weights_desc(), e);
            new reorder(wUser, wts).execute(st, wUser, wts);
            var dst = pd.dst_desc().equals(dstNhwc.get_desc()) ? dstNhwc : new memory(pd.dst_desc(), e);
            var toNhwc = dst == dstNhwc ? null : new reorder(dst, dstNhwc);
            var conv = new convolution_forward(pd);
            var args = new IntMemoryMap().put(DNNL_ARG_SRC, src).put(DNNL_ARG_WEIGHTS, wts).put(DNNL_ARG_BIAS, bias).put(DNNL_ARG_DST, dst);
            double t = time(() -> {
                if (toSrc != null) toSrc.execute(st, xNchw, src);
                conv.execute(st, args);
                if (toNhwc != null) toNhwc.execute(st, dst, dstNhwc);
                st._wait();
            }, 50, 301);
            float[] y = new float[(int) (n * 64 * 55 * 55)];
            dstNhwc.get_data_handle().capacity(y.length);
            new org.bytedeco.javacpp.FloatPointer(dstNhwc.get_data_handle()).get(y);
            double diff = 0; if (ref != null) for (int i = 0; i < y.length; i++) diff = Math.max(diff, Math.abs(y[i] - ref[i])); else ref = y;
            System.out.printf("batch %d %-18s %-26s %7.3f ms  max diff %.1e%n", n, v, impl, t, diff);
        }
    }
}
