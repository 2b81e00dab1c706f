import io.github.alexnet4j.model.backend.Dnnl;
import org.bytedeco.dnnl.*;
import java.util.*;
import static org.bytedeco.dnnl.global.dnnl.*;
/** Each torchvision-layout convolution at batch N, channels-last in and out: every forward implementation oneDNN offers, timed. */
public class Impl1 {
    public static void main(String[] a) {
        var e = Dnnl.engine(); var s = Dnnl.stream();
        long n = Long.parseLong(a[0]);
        long[][] L = {{3, 64, 224, 11, 4, 2, 55}, {64, 192, 27, 5, 1, 2, 27}, {192, 384, 13, 3, 1, 1, 13}, {384, 256, 13, 3, 1, 1, 13}, {256, 256, 13, 3, 1, 1, 13}};
        for (long[] l : L) {
            long ic = l[0], oc = l[1], h = l[2], k = l[3], st = l[4], p = l[5], oh = l[6];
            var src = Dnnl.channelsLast(n, ic, h, h); var dst = Dnnl.channelsLast(n, oc, oh, oh);
            var bias = new memory.desc(new long[]{oc}, memory.data_type.f32, memory.format_tag.x);
            long padR = (oh - 1) * st + k - h - p;
            var pd = new convolution_forward.primitive_desc(e, prop_kind.forward_inference, algorithm.convolution_direct, src, Dnnl.anyLayout(oc, ic, k, k), bias, dst,
                    new long[]{st, st}, new long[]{p, p}, new long[]{padR, padR});
            double flop = 2.0 * n * oc * oh * oh * ic * k * k;
            do {
                String impl = pd.impl_info_str().getString();
                if (impl.startsWith("ref")) continue;
                var ms = new memory(pd.src_desc(), e); var mw = new memory(pd.weights_desc(), e); var mb = new memory(bias, e); var md = new memory(pd.dst_desc(), e);
                var prim = new convolution_forward(pd);
                var args = new IntMemoryMap().put(DNNL_ARG_SRC, ms).put(DNNL_ARG_WEIGHTS, mw).put(DNNL_ARG_BIAS, mb).put(DNNL_ARG_DST, md);
                int reps = n == 1 ? 200 : 7; double[] t = new double[reps];
                for (int i = 0; i < 5; i++) { prim.execute(s, args); s._wait(); }
                for (int i = 0; i < reps; i++) { long t0 = System.nanoTime(); prim.execute(s, args); s._wait(); t[i] = (System.nanoTime() - t0) / 1e6; }
                Arrays.sort(t);
                System.out.printf("ic%d oc%d k%d  %-26s weights %-12s %8.3f ms %6.1f GFLOP/s%n", ic, oc, k, impl, pd.weights_desc().get_format_kind(), t[reps / 2], flop / t[reps / 2] / 1e6);
            } while (pd.next_impl());
        }
    }
}
