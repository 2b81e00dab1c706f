import org.bytedeco.dnnl.*;
import org.bytedeco.javacpp.*;
import static org.bytedeco.dnnl.global.dnnl.*;
import java.util.Arrays;

/** oneDNN convolution forward at torchvision's conv1..conv5 shapes, batch 128: f32 vs bf16 src/weights (f32 dst), channels-last. */
public class Bf16Conv {
    public static void main(String[] a) {
        Loader.load(org.bytedeco.dnnl.global.dnnl.class);
        engine e = new engine(engine.kind.cpu, 0);
        stream s = new stream(e);
        int n = Integer.parseInt(a.length > 0 ? a[0] : "128");
        long[][] L = {{3, 224, 64, 11, 4, 2}, {64, 27, 192, 5, 1, 2}, {192, 13, 384, 3, 1, 1}, {384, 13, 256, 3, 1, 1}, {256, 13, 256, 3, 1, 1}};
        for (long[] l : L) {
            long c = l[0], h = l[1], o = l[2], k = l[3], st = l[4], p = l[5];
            long oh = (h + 2 * p - k) / st + 1;
            double flops = 2.0 * n * o * oh * oh * c * k * k;
            double[] best = new double[2]; String[] impl = new String[2];
            for (int v = 0; v < 2; v++) {
                memory.data_type dt = v == 0 ? memory.data_type.f32 : memory.data_type.bf16;
                memory.desc src = new memory.desc(new long[]{n, c, h, h}, dt, memory.format_tag.nhwc);
                memory.desc w = new memory.desc(new long[]{o, c, k, k}, dt, memory.format_tag.any);
                memory.desc b = new memory.desc(new long[]{o}, memory.data_type.f32, memory.format_tag.x);
                memory.desc dst = new memory.desc(new long[]{n, o, oh, oh}, memory.data_type.f32, memory.format_tag.nhwc);
                var pd = new convolution_forward.primitive_desc(e, prop_kind.forward_inference, algorithm.convolution_direct, src, w, b, dst,
                        new long[]{st, st}, new long[]{p, p}, new long[]{p, p});
                impl[v] = pd.impl_info_str().getString();
                memory ms = new memory(pd.src_desc(), e), mw = new memory(pd.weights_desc(), e), mb = new memory(b, e), md = new memory(dst, e);
                convolution_forward conv = new convolution_forward(pd);
                IntMemoryMap args = new IntMemoryMap().put(DNNL_ARG_SRC, ms).put(DNNL_ARG_WEIGHTS, mw).put(DNNL_ARG_BIAS, mb).put(DNNL_ARG_DST, md);
                double[] t = new double[7];
                for (int r = 0; r < 9; r++) {
                    long t0 = System.nanoTime(); conv.execute(s, args); s._wait();
                    if (r >= 2) t[r - 2] = (System.nanoTime() - t0) / 1e6;
                }
                Arrays.sort(t); best[v] = t[3];
            }
            System.out.printf("conv %dx%d->%d k%d: f32 %.1f ms (%.0f GFLOP/s, %s)  bf16 %.1f ms (%.0f GFLOP/s, %s)  %.2fx%n", c, h, o, k,
                    best[0], flops / best[0] / 1e6, impl[0], best[1], flops / best[1] / 1e6, impl[1], best[0] / best[1]);
        }
    }
}
