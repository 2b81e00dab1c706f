import org.bytedeco.dnnl.*;
import org.bytedeco.javacpp.Loader;
import static org.bytedeco.dnnl.global.dnnl.*;
import java.util.*;

/** Forward (training), backward-data and backward-weights: nhwc vs oneDNN's own layout (+ the reorders it needs). */
public class ConvLayoutsBwd {
    static engine e; static stream s;

    static memory mem(memory.desc d) { var m = new memory(d, e); Measure.fill(m); return m; }

    /** Times per pass (fwd, bwd data, bwd weights, reorders) for one layout. */
    static double[][] passes(long[] c, long n, boolean blocked, int rounds) {
        long ic = c[0], h = c[1], oc = c[2], k = c[3], st = c[4], pad = c[5];
        long oh = (h + 2 * pad - k) / st + 1;
        var t = blocked ? memory.format_tag.any : memory.format_tag.nhwc;
        var srcD = new memory.desc(new long[]{n, ic, h, h}, memory.data_type.f32, t);
        var dstD = new memory.desc(new long[]{n, oc, oh, oh}, memory.data_type.f32, t);
        var wD = new memory.desc(new long[]{oc, ic, k, k}, memory.data_type.f32, memory.format_tag.any);
        var bD = new memory.desc(new long[]{oc}, memory.data_type.f32, memory.format_tag.x);
        long[] S = {st, st}, P = {pad, pad};
        var fpd = new convolution_forward.primitive_desc(new convolution_forward.desc(prop_kind.forward_training, algorithm.convolution_direct, srcD, wD, bD, dstD, S, P, P), e);
        var dpd = new convolution_backward_data.primitive_desc(new convolution_backward_data.desc(algorithm.convolution_direct, srcD, wD, dstD, S, P, P), e, fpd);
        var wpd = new convolution_backward_weights.primitive_desc(new convolution_backward_weights.desc(algorithm.convolution_direct, srcD, wD, bD, dstD, S, P, P), e, fpd);
        memory src = mem(fpd.src_desc()), w = mem(fpd.weights_desc()), b = mem(bD), dst = mem(fpd.dst_desc());
        memory dw = mem(dpd.weights_desc()), ddst = mem(dpd.diff_dst_desc()), dsrc = mem(dpd.diff_src_desc());
        memory wsrc = mem(wpd.src_desc()), wddst = mem(wpd.diff_dst_desc()), dweights = mem(wpd.diff_weights_desc()), dbias = mem(bD);
        var fwd = new convolution_forward(fpd); var bwd = new convolution_backward_data(dpd); var bww = new convolution_backward_weights(wpd);
        var fa = new IntMemoryMap().put(DNNL_ARG_SRC, src).put(DNNL_ARG_WEIGHTS, w).put(DNNL_ARG_BIAS, b).put(DNNL_ARG_DST, dst);
        var da = new IntMemoryMap().put(DNNL_ARG_DIFF_DST, ddst).put(DNNL_ARG_WEIGHTS, dw).put(DNNL_ARG_DIFF_SRC, dsrc);
        var wa = new IntMemoryMap().put(DNNL_ARG_SRC, wsrc).put(DNNL_ARG_DIFF_DST, wddst).put(DNNL_ARG_DIFF_WEIGHTS, dweights).put(DNNL_ARG_DIFF_BIAS, dbias);
        // the reorders a blocked layer needs between channels-last neighbours: x in, y out; dy in, dx out (x, dy again for the weights if their layouts differ)
        var nhwcSrc = mem(new memory.desc(new long[]{n, ic, h, h}, memory.data_type.f32, memory.format_tag.nhwc));
        var nhwcDst = mem(new memory.desc(new long[]{n, oc, oh, oh}, memory.data_type.f32, memory.format_tag.nhwc));
        List<Runnable> fr = new ArrayList<>(), br = new ArrayList<>();
        if (blocked) {
            fr.add(() -> new reorder(nhwcSrc, src).execute(s, nhwcSrc, src));
            fr.add(() -> new reorder(dst, nhwcDst).execute(s, dst, nhwcDst));
            br.add(() -> new reorder(nhwcDst, ddst).execute(s, nhwcDst, ddst));
            br.add(() -> new reorder(dsrc, nhwcSrc).execute(s, dsrc, nhwcSrc));
            if (!wpd.src_desc().equals(fpd.src_desc())) br.add(() -> new reorder(nhwcSrc, wsrc).execute(s, nhwcSrc, wsrc));
            if (!wpd.diff_dst_desc().equals(dpd.diff_dst_desc())) br.add(() -> new reorder(nhwcDst, wddst).execute(s, nhwcDst, wddst));
        }
        double[][] times = new double[5][rounds];
        for (int r = -2; r < rounds; r++) {
            long t0 = System.nanoTime(); fwd.execute(s, fa); s._wait();
            long t1 = System.nanoTime(); bwd.execute(s, da); s._wait();
            long t2 = System.nanoTime(); bww.execute(s, wa); s._wait();
            long t3 = System.nanoTime(); for (var x : fr) x.run(); s._wait();
            long t4 = System.nanoTime(); for (var x : br) x.run(); s._wait();
            long t5 = System.nanoTime();
            if (r >= 0) { times[0][r] = (t1 - t0) / 1e6; times[1][r] = (t2 - t1) / 1e6; times[2][r] = (t3 - t2) / 1e6; times[3][r] = (t4 - t3) / 1e6; times[4][r] = (t5 - t4) / 1e6; }
        }
        System.err.printf("%s: fwd %s, bwd data %s (diff_dst %s), bwd weights %s (src %s)%n", blocked ? "blocked" : "nhwc", fpd.impl_info_str().getString(),
                dpd.impl_info_str().getString(), dpd.diff_dst_desc().equals(fpd.dst_desc()), wpd.impl_info_str().getString(), wpd.src_desc().equals(fpd.src_desc()));
        return times;
    }

    public static void main(String[] a) {
        Loader.load(org.bytedeco.dnnl.global.dnnl.class);
        e = new engine(engine.kind.cpu, 0); s = new stream(e);
        long n = Long.parseLong(a[0]); int rounds = Integer.parseInt(a[1]);
        System.out.println("| conv (in, size, out, k, stride, pad) | nhwc fwd / bwd-data / bwd-weights ms | blocked fwd / bwd-data / bwd-weights ms | blocked reorders fwd / bwd ms | nhwc / blocked, step incl. reorders |");
        System.out.println("|---|---|---|---|---|");
        for (int i = 2; i < a.length; i++) {
            long[] c = Arrays.stream(a[i].split(",")).mapToLong(Long::parseLong).toArray();
            double[][] tn = passes(c, n, false, rounds), tb = passes(c, n, true, rounds);
            double sn = Measure.median(tn[0]) + Measure.median(tn[1]) + Measure.median(tn[2]);
            double sb = Measure.median(tb[0]) + Measure.median(tb[1]) + Measure.median(tb[2]) + Measure.median(tb[3]) + Measure.median(tb[4]);
            System.out.printf("| %s | %.1f / %.1f / %.1f | %.1f / %.1f / %.1f | %.1f / %.1f | %.2f |%n", a[i], Measure.median(tn[0]), Measure.median(tn[1]), Measure.median(tn[2]),
                    Measure.median(tb[0]), Measure.median(tb[1]), Measure.median(tb[2]), Measure.median(tb[3]), Measure.median(tb[4]), sn / sb);
        }
    }
}
