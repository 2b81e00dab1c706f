import org.bytedeco.dnnl.*;
import org.bytedeco.javacpp.Loader;
import static org.bytedeco.dnnl.global.dnnl.*;
import java.util.*;

/**
 * oneDNN 2.5 forward convolution at torchvision-AlexNet shapes: channels-last (nhwc) activations, as the
 * project keeps them between layers, against the layout oneDNN picks itself (format_tag any: blocked
 * nChw8c on AVX2). Both primitives run alternately, rounds interleaved, medians reported.
 */
public class ConvLayouts {
    static engine e; static stream s;

    record Conv(convolution_forward p, IntMemoryMap args, String impl, String srcFormat) {}

    static Conv make(long n, long ic, long h, long oc, long k, long st, long pad, memory.format_tag tag, prop_kind prop) {
        long oh = (h + 2 * pad - k) / st + 1;
        var t = tag == null ? memory.format_tag.any : tag;
        var src = new memory.desc(new long[]{n, ic, h, h}, memory.data_type.f32, t);
        var dst = new memory.desc(new long[]{n, oc, oh, oh}, memory.data_type.f32, t);
        var w = new memory.desc(new long[]{oc, ic, k, k}, memory.data_type.f32, memory.format_tag.any);
        var b = new memory.desc(new long[]{oc}, memory.data_type.f32, memory.format_tag.x);
        var pd = new convolution_forward.primitive_desc(new convolution_forward.desc(prop, algorithm.convolution_direct,
                src, w, b, dst, new long[]{st, st}, new long[]{pad, pad}, new long[]{pad, pad}), e);
        var sm = new memory(pd.src_desc(), e); var wm = new memory(pd.weights_desc(), e);
        var bm = new memory(b, e); var dm = new memory(pd.dst_desc(), e);
        Measure.fill(sm); Measure.fill(wm); Measure.fill(bm); Measure.fill(dm);
        var args = new IntMemoryMap().put(DNNL_ARG_SRC, sm).put(DNNL_ARG_WEIGHTS, wm).put(DNNL_ARG_BIAS, bm).put(DNNL_ARG_DST, dm);
        return new Conv(new convolution_forward(pd), args, pd.impl_info_str().getString(), tag == null ? "any" : tag.toString());
    }

    static double once(Conv c) {
        long t0 = System.nanoTime(); c.p.execute(s, c.args); s._wait(); return (System.nanoTime() - t0) / 1e6;
    }

    /** Median time of reordering the input nhwc → the blocked conv's layout and its output back to nhwc. */
    static double reorderCost(Conv nhwc, Conv any, int rounds) {
        memory srcN = nhwc.args.get(DNNL_ARG_SRC), srcA = any.args.get(DNNL_ARG_SRC);
        memory dstN = nhwc.args.get(DNNL_ARG_DST), dstA = any.args.get(DNNL_ARG_DST);
        var in = new reorder(srcN, srcA); var out = new reorder(dstA, dstN);
        double[] t = new double[rounds];
        for (int r = -2; r < rounds; r++) {
            long t0 = System.nanoTime(); in.execute(s, srcN, srcA); out.execute(s, dstA, dstN); s._wait();
            if (r >= 0) t[r] = (System.nanoTime() - t0) / 1e6;
        }
        return Measure.median(t);
    }

    public static void main(String[] a) {
        Loader.load(org.bytedeco.dnnl.global.dnnl.class);
        e = new engine(engine.kind.cpu, 0); s = new stream(e);
        long n = Long.parseLong(a.length > 0 ? a[0] : "128");
        int rounds = Integer.parseInt(a.length > 1 ? a[1] : "9");
        long[][] convs = {{3, 224, 64, 11, 4, 2}, {64, 27, 192, 5, 1, 2}, {192, 13, 384, 3, 1, 1}, {384, 13, 256, 3, 1, 1}, {256, 13, 256, 3, 1, 1}};
        System.out.println("| conv | pass | nhwc ms | blocked (any) ms | reorders nhwc→blocked→nhwc ms | nhwc / (blocked + reorders) | nhwc GFLOP/s | blocked GFLOP/s | kernels |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (prop_kind prop : new prop_kind[]{prop_kind.forward_inference, prop_kind.forward_training}) {
            double sumN = 0, sumA = 0, sumR = 0;
            for (int i = 0; i < convs.length; i++) {
                long[] c = convs[i];
                long oh = (c[1] + 2 * c[5] - c[3]) / c[4] + 1;
                double flops = 2.0 * n * c[2] * c[0] * c[3] * c[3] * oh * oh;
                Conv nhwc = make(n, c[0], c[1], c[2], c[3], c[4], c[5], memory.format_tag.nhwc, prop);
                Conv any = make(n, c[0], c[1], c[2], c[3], c[4], c[5], null, prop);
                once(nhwc); once(any); once(nhwc); once(any);
                double[] tn = new double[rounds], ta = new double[rounds];
                for (int r = 0; r < rounds; r++) { tn[r] = once(nhwc); ta[r] = once(any); }
                double mn = Measure.median(tn), ma = Measure.median(ta);
                double reorders = reorderCost(nhwc, any, rounds);
                sumN += mn; sumA += ma; sumR += reorders;
                System.out.printf("| conv%d | %s | %.1f | %.1f | %.1f | %.2f | %.0f | %.0f | %s / %s |%n", i + 1, prop, mn, ma, reorders, mn / (ma + reorders),
                        flops / mn / 1e6, flops / ma / 1e6, nhwc.impl, any.impl);
            }
            System.out.printf("| all five | %s | %.1f | %.1f | %.1f | %.2f | | | |%n", prop, sumN, sumA, sumR, sumN / (sumA + sumR));
        }
    }
}
