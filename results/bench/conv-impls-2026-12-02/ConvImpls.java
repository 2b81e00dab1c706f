// Every implementation oneDNN 3.3.4 offers (next_impl; the reference ones skipped) for each of a convolution's three
// passes at the torchvision layout's five conv shapes, in the layouts ChannelsLastConvolution gives them (forward and
// input gradient: x and the output channels-last, weights in oneDNN's layout; weight gradient: x and delta channels-last
// or in oneDNN's layout), with the median of 5 timings of 2 calls and GFLOP/s. The first line of each group is oneDNN's
// own first choice. Random inputs; each implementation's result is compared with the first choice's (max |diff| over
// max |value|), so a faster but wrong kernel shows.
// java -cp "$(cat .alexnet/current-alexnet-cli-<classifier>.classpath)" ConvImpls.java <batch>
import org.bytedeco.dnnl.*;
import static org.bytedeco.dnnl.global.dnnl.*;
import io.github.alexnet4j.model.backend.Dnnl;
import org.bytedeco.javacpp.FloatPointer;
import java.util.*;

public class ConvImpls {
    static memory.desc d(long[] dims, memory.format_tag tag) { return new memory.desc(dims, memory.data_type.f32, tag); }
    static final engine E = Dnnl.engine();
    static final stream S = Dnnl.stream();
    static final Random R = new Random(1);

    static memory filled(memory.desc desc) {
        memory m = new memory(desc, E);
        long n = desc.get_size() / 4;
        FloatPointer p = new FloatPointer(m.get_data_handle()).capacity(n);
        float[] v = new float[(int) n];
        for (int i = 0; i < n; i++) v[i] = (float) R.nextGaussian();
        p.put(v);
        return m;
    }

    static float[] read(memory m) {
        long n = m.get_desc().get_size() / 4;
        float[] v = new float[(int) n];
        new FloatPointer(m.get_data_handle()).capacity(n).get(v);
        return v;
    }

    /** Times prim on args; returns {median ms, result as plain floats after reorder into plainDesc}. */
    static double time(primitive prim, IntMemoryMap args) {
        prim.execute(S, args); S._wait();
        double[] t = new double[5];
        for (int q = 0; q < t.length; q++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < 2; r++) prim.execute(S, args);
            S._wait();
            t[q] = (System.nanoTime() - t0) / 1e6 / 2;
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }

    static float[] plain(memory m, memory.desc plainDesc) {
        memory p = new memory(plainDesc, E);
        new reorder(m, p).execute(S, m, p); S._wait();
        return read(p);
    }

    static String diff(float[] ref, float[] got) {
        if (ref == null) return "";
        double max = 0, d = 0;
        for (int i = 0; i < ref.length; i++) { max = Math.max(max, Math.abs(ref[i])); d = Math.max(d, Math.abs(ref[i] - got[i])); }
        return String.format("diff %.1e", d / max);
    }

    public static void main(String[] a) {
        int mb = Integer.parseInt(a[0]);
        String only = a.length > 1 ? a[1] : "";
        long[][] shapes = { // ic, oc, in, k, stride, pad, out
            {3,64,224,11,4,2,55},{64,192,27,5,1,2,27},{192,384,13,3,1,1,13},{384,256,13,3,1,1,13},{256,256,13,3,1,1,13}};
        var nhwc = memory.format_tag.nhwc; var any = memory.format_tag.any;
        for (int li = 0; li < shapes.length; li++) {
            long[] sh = shapes[li];
            long ic=sh[0], oc=sh[1], in=sh[2], k=sh[3], st=sh[4], p=sh[5], out=sh[6];
            long[] src={mb,ic,in,in}, w={oc,ic,k,k}, dst={mb,oc,out,out}, b={oc};
            long[] strides={st,st}, pl={p,p}; long pr=(out-1)*st+k-in-p; long[] prr={pr,pr};
            double gflop = 2.0*mb*oc*out*out*ic*k*k / 1e9;
            String layer = "conv" + (li + 1);
            var hint = new convolution_forward.primitive_desc(E, prop_kind.forward_training, algorithm.convolution_direct,
                    d(src, nhwc), d(w, any), d(b, memory.format_tag.x), d(dst, nhwc), strides, pl, prr);
            if (only.isEmpty() || only.contains("fwd")) {
                var pd = new convolution_forward.primitive_desc(E, prop_kind.forward_training, algorithm.convolution_direct,
                        d(src, nhwc), d(w, any), d(b, memory.format_tag.x), d(dst, nhwc), strides, pl, prr);
                memory x = filled(pd.src_desc()); memory bias = filled(d(b, memory.format_tag.x));
                memory wPlain = filled(d(w, memory.format_tag.oihw));
                float[] ref = null;
                do {
                    String impl = pd.impl_info_str().getString();
                    if (impl.startsWith("ref")) continue;
                    memory wm = new memory(pd.weights_desc(), E); new reorder(wPlain, wm).execute(S, wPlain, wm);
                    memory y = new memory(pd.dst_desc(), E);
                    var args = new IntMemoryMap().put(DNNL_ARG_SRC, x).put(DNNL_ARG_WEIGHTS, wm).put(DNNL_ARG_BIAS, bias).put(DNNL_ARG_DST, y);
                    double ms = time(new convolution_forward(pd), args);
                    float[] got = plain(y, d(dst, memory.format_tag.nchw));
                    System.out.printf("%s fwd      %-26s %8.1f ms %6.1f GFLOP/s %s%n", layer, impl, ms, gflop / ms * 1e3, diff(ref, got));
                    if (ref == null) ref = got;
                } while (pd.next_impl());
            }
            if (li > 0 && (only.isEmpty() || only.contains("bwd_data"))) {
                var pd = new convolution_backward_data.primitive_desc(E, algorithm.convolution_direct, d(src, nhwc), d(w, any), d(dst, nhwc),
                        strides, pl, prr, hint);
                memory dy = filled(pd.diff_dst_desc()); memory wPlain = filled(d(w, memory.format_tag.oihw));
                float[] ref = null;
                do {
                    String impl = pd.impl_info_str().getString();
                    if (impl.startsWith("ref")) continue;
                    memory wm = new memory(pd.weights_desc(), E); new reorder(wPlain, wm).execute(S, wPlain, wm);
                    memory dx = new memory(pd.diff_src_desc(), E);
                    var args = new IntMemoryMap().put(DNNL_ARG_DIFF_DST, dy).put(DNNL_ARG_WEIGHTS, wm).put(DNNL_ARG_DIFF_SRC, dx);
                    double ms = time(new convolution_backward_data(pd), args);
                    float[] got = plain(dx, d(src, memory.format_tag.nchw));
                    System.out.printf("%s bwd_data %-26s %8.1f ms %6.1f GFLOP/s %s%n", layer, impl, ms, gflop / ms * 1e3, diff(ref, got));
                    if (ref == null) ref = got;
                } while (pd.next_impl());
            }
            if (only.isEmpty() || only.contains("bwd_weights")) {
                for (var tag : new memory.format_tag[]{nhwc, any}) {
                    var pd = new convolution_backward_weights.primitive_desc(E, algorithm.convolution_direct, d(src, tag), d(w, any),
                            d(b, memory.format_tag.x), d(dst, tag), strides, pl, prr, hint);
                    memory xPlain = filled(d(src, nhwc)), dyPlain = filled(d(dst, nhwc));
                    float[] ref = null;
                    do {
                        String impl = pd.impl_info_str().getString();
                        if (impl.startsWith("ref")) continue;
                        memory x = new memory(pd.src_desc(), E), dy = new memory(pd.diff_dst_desc(), E);
                        new reorder(xPlain, x).execute(S, xPlain, x); new reorder(dyPlain, dy).execute(S, dyPlain, dy);
                        memory dw = new memory(pd.diff_weights_desc(), E), db = new memory(pd.diff_bias_desc(), E);
                        var args = new IntMemoryMap().put(DNNL_ARG_SRC, x).put(DNNL_ARG_DIFF_DST, dy).put(DNNL_ARG_DIFF_WEIGHTS, dw).put(DNNL_ARG_DIFF_BIAS, db);
                        double ms = time(new convolution_backward_weights(pd), args);
                        float[] got = plain(dw, d(w, memory.format_tag.oihw));
                        System.out.printf("%s bwd_w %-4s %-26s %8.1f ms %6.1f GFLOP/s %s%n", layer, tag == nhwc ? "nhwc" : "any", impl, ms, gflop / ms * 1e3, diff(ref, got));
                        if (ref == null) ref = got;
                    } while (pd.next_impl());
                }
            }
        }
    }
}
