import org.bytedeco.dnnl.*;
import org.bytedeco.javacpp.Loader;
import static org.bytedeco.dnnl.global.dnnl.*;
import java.util.*;

/** oneDNN 3.x (JavaCPP preset 3.3.4-1.5.10) forward convolution, nhwc and oneDNN's choice, torchvision shapes. */
public class Conv3x {
    static engine e; static stream s;
    public static void main(String[] a) {
        Loader.load(org.bytedeco.dnnl.global.dnnl.class);
        var v = dnnl_version(); System.out.println("oneDNN " + v.major() + "." + v.minor() + "." + v.patch());
        e = new engine(engine.kind.cpu, 0); s = new stream(e);
        long n = Long.parseLong(a[0]); int rounds = Integer.parseInt(a[1]);
        long[][] convs = {{3, 224, 64, 11, 4, 2}, {64, 27, 192, 5, 1, 2}, {192, 13, 384, 3, 1, 1}, {384, 13, 256, 3, 1, 1}, {256, 13, 256, 3, 1, 1}};
        for (boolean nhwc : new boolean[]{true, false}) {
            double sum = 0;
            for (int i = 0; i < convs.length; i++) {
                long[] c = convs[i];
                long oh = (c[1] + 2 * c[5] - c[3]) / c[4] + 1;
                var tag = nhwc ? memory.format_tag.nhwc : memory.format_tag.any;
                var src = new memory.desc(new long[]{n, c[0], c[1], c[1]}, memory.data_type.f32, tag);
                var dst = new memory.desc(new long[]{n, c[2], oh, oh}, memory.data_type.f32, tag);
                var w = new memory.desc(new long[]{c[2], c[0], c[3], c[3]}, memory.data_type.f32, memory.format_tag.any);
                var b = new memory.desc(new long[]{c[2]}, memory.data_type.f32, memory.format_tag.x);
                var pd = new convolution_forward.primitive_desc(e, prop_kind.forward_inference, algorithm.convolution_direct,
                        src, w, b, dst, new long[]{c[4], c[4]}, new long[]{c[5], c[5]}, new long[]{c[5], c[5]});
                var sm = new memory(pd.src_desc(), e); var wm = new memory(pd.weights_desc(), e); var bm = new memory(b, e); var dm = new memory(pd.dst_desc(), e);
                Measure.fill(sm); Measure.fill(wm); Measure.fill(bm); Measure.fill(dm);
                var p = new convolution_forward(pd);
                var args = new IntMemoryMap().put(DNNL_ARG_SRC, sm).put(DNNL_ARG_WEIGHTS, wm).put(DNNL_ARG_BIAS, bm).put(DNNL_ARG_DST, dm);
                double[] t = new double[rounds];
                for (int r = -2; r < rounds; r++) { long t0 = System.nanoTime(); p.execute(s, args); s._wait(); if (r >= 0) t[r] = (System.nanoTime() - t0) / 1e6; }
                double ms = Measure.median(t), flops = 2.0 * n * c[2] * c[0] * c[3] * c[3] * oh * oh;
                sum += ms;
                System.out.printf("| conv%d | %s | %.1f | %.0f | %s |%n", i + 1, nhwc ? "nhwc" : "any", ms, flops / ms / 1e6, pd.impl_info_str().getString());
            }
            System.out.printf("| all five | %s | %.1f | | |%n", nhwc ? "nhwc" : "any", sum);
        }
    }
}
