import org.bytedeco.dnnl.*;
import org.bytedeco.javacpp.Loader;
import static org.bytedeco.dnnl.global.dnnl.*;
import java.util.*;

/** conv1 (3 → 64, 11×11/4, pad 2, 224²) forward and backward-weights: nchw image → {nhwc, oneDNN's choice} maps. */
public class Conv1 {
    public static void main(String[] a) {
        Loader.load(org.bytedeco.dnnl.global.dnnl.class);
        ConvLayoutsBwd.e = new engine(engine.kind.cpu, 0); ConvLayoutsBwd.s = new stream(ConvLayoutsBwd.e);
        var e = ConvLayoutsBwd.e; var s = ConvLayoutsBwd.s;
        long n = Long.parseLong(a[0]); int rounds = Integer.parseInt(a[1]);
        long ic = Long.parseLong(a[2]), h = Long.parseLong(a[3]), oc = Long.parseLong(a[4]), k = Long.parseLong(a[5]), st = Long.parseLong(a[6]), pad = Long.parseLong(a[7]);
        long oh = (h + 2 * pad - k) / st + 1;
        long[] S = {st, st}, P = {pad, pad};
        var bD = new memory.desc(new long[]{oc}, memory.data_type.f32, memory.format_tag.x);
        var wD = new memory.desc(new long[]{oc, ic, k, k}, memory.data_type.f32, memory.format_tag.any);
        String[][] combos = {{"nhwc", "nhwc"}, {"nchw", "any"}};   // nhwc → any and any → any find only the reference kernel (minutes per call)
        for (String[] c : combos) {
            var srcD = new memory.desc(new long[]{n, ic, h, h}, memory.data_type.f32, memory.format_tag.valueOf(c[0]));
            var dstD = new memory.desc(new long[]{n, oc, oh, oh}, memory.data_type.f32, memory.format_tag.valueOf(c[1]));
            var fpd = new convolution_forward.primitive_desc(new convolution_forward.desc(prop_kind.forward_training, algorithm.convolution_direct, srcD, wD, bD, dstD, S, P, P), e);
            var wpd = new convolution_backward_weights.primitive_desc(new convolution_backward_weights.desc(algorithm.convolution_direct, srcD, wD, bD, dstD, S, P, P), e, fpd);
            memory src = ConvLayoutsBwd.mem(fpd.src_desc()), w = ConvLayoutsBwd.mem(fpd.weights_desc()), b = ConvLayoutsBwd.mem(bD), dst = ConvLayoutsBwd.mem(fpd.dst_desc());
            memory wsrc = ConvLayoutsBwd.mem(wpd.src_desc()), ddst = ConvLayoutsBwd.mem(wpd.diff_dst_desc()), dw = ConvLayoutsBwd.mem(wpd.diff_weights_desc()), db = ConvLayoutsBwd.mem(bD);
            var nhwcDst = ConvLayoutsBwd.mem(new memory.desc(new long[]{n, oc, oh, oh}, memory.data_type.f32, memory.format_tag.nhwc));
            var fwd = new convolution_forward(fpd); var bww = new convolution_backward_weights(wpd);
            var fa = new IntMemoryMap().put(DNNL_ARG_SRC, src).put(DNNL_ARG_WEIGHTS, w).put(DNNL_ARG_BIAS, b).put(DNNL_ARG_DST, dst);
            var wa = new IntMemoryMap().put(DNNL_ARG_SRC, wsrc).put(DNNL_ARG_DIFF_DST, ddst).put(DNNL_ARG_DIFF_WEIGHTS, dw).put(DNNL_ARG_DIFF_BIAS, db);
            boolean reorderOut = !fpd.dst_desc().equals(nhwcDst.get_desc());
            var out = reorderOut ? new reorder(dst, nhwcDst) : null;
            var in = reorderOut ? new reorder(nhwcDst, ddst) : null;
            double[] tf = new double[rounds], tr = new double[rounds], tw = new double[rounds];
            for (int r = -2; r < rounds; r++) {
                long t0 = System.nanoTime(); fwd.execute(s, fa); s._wait();
                long t1 = System.nanoTime(); if (reorderOut) { out.execute(s, dst, nhwcDst); in.execute(s, nhwcDst, ddst); } s._wait();
                long t2 = System.nanoTime(); bww.execute(s, wa); s._wait();
                long t3 = System.nanoTime();
                if (r >= 0) { tf[r] = (t1 - t0) / 1e6; tr[r] = (t2 - t1) / 1e6; tw[r] = (t3 - t2) / 1e6; }
            }
            System.out.printf("| %s → %s | %.1f | %.1f | %.1f | %s / %s |%n", c[0], c[1], Measure.median(tf), Measure.median(tr), Measure.median(tw),
                    fpd.impl_info_str().getString(), wpd.impl_info_str().getString());
        }
    }
}
