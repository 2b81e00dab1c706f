// oneDNN's weight-gradient convolution (backward_weights) at the torchvision layout's five conv shapes,
// for each layout of x and delta (channels-last as the layers keep them, or "any": oneDNN's choice) and each
// implementation oneDNN offers for it (next_impl; the reference ones, seconds per call, skipped): median of 7
// timings of 3 calls, GFLOP/s, and the time of copying x and delta from channels-last into that layout.
// java -cp "$(cat .alexnet/current-alexnet-cli-linux-x86_64-onednn-avx2.classpath)" BwdW.java <batch>
import org.bytedeco.dnnl.*;
import static org.bytedeco.dnnl.global.dnnl.*;
import io.github.alexnet4j.model.backend.Dnnl;

public class BwdW {
    static memory.desc d(long[] dims, memory.format_tag tag) { return new memory.desc(dims, memory.data_type.f32, tag); }
    public static void main(String[] a) {
        engine e = Dnnl.engine(); stream s = Dnnl.stream();
        int mb = Integer.parseInt(a[0]);
        long[][] shapes = { // ic, oc, in, k, stride, pad, out
            {3,64,224,11,4,2,55},{64,192,27,5,1,2,27},{192,384,13,3,1,1,13},{384,256,13,3,1,1,13},{256,256,13,3,1,1,13}};
        for (long[] sh : shapes) {
            long ic=sh[0], oc=sh[1], in=sh[2], k=sh[3], st=sh[4], p=sh[5], out=sh[6];
            long[] src={mb,ic,in,in}, w={oc,ic,k,k}, dst={mb,oc,out,out}, b={oc};
            long[] strides={st,st}, pl={p,p}; long pr=(out-1)*st+k-in-p; long[] prr={pr,pr};
            for (memory.format_tag srcTag : new memory.format_tag[]{memory.format_tag.nhwc, memory.format_tag.any}) {
                var fpd = new convolution_forward.primitive_desc(e, prop_kind.forward_training, algorithm.convolution_direct,
                        d(src, srcTag), d(w, memory.format_tag.any), d(b, memory.format_tag.x), d(dst, srcTag), strides, pl, prr);
                var pd = new convolution_backward_weights.primitive_desc(e, algorithm.convolution_direct,
                        d(src, srcTag), d(w, memory.format_tag.any), d(b, memory.format_tag.x), d(dst, srcTag), strides, pl, prr, fpd);
                do {
                    String impl = pd.impl_info_str().getString();
                    if (impl.startsWith("ref")) continue;
                    memory sm = new memory(pd.src_desc(), e), dm = new memory(pd.diff_dst_desc(), e),
                           wm = new memory(pd.diff_weights_desc(), e), bm = new memory(pd.diff_bias_desc(), e);
                    var prim = new convolution_backward_weights(pd);
                    var args = new IntMemoryMap().put(DNNL_ARG_SRC, sm).put(DNNL_ARG_DIFF_DST, dm).put(DNNL_ARG_DIFF_WEIGHTS, wm).put(DNNL_ARG_DIFF_BIAS, bm);
                    prim.execute(s, args); s._wait();
                    int reps = 3; double[] tt = new double[7];
                    for (int q = 0; q < tt.length; q++) {
                        long t0 = System.nanoTime();
                        for (int r = 0; r < reps; r++) prim.execute(s, args);
                        s._wait();
                        tt[q] = (System.nanoTime() - t0) / 1e6 / reps;
                    }
                    java.util.Arrays.sort(tt);
                    double ms = tt[tt.length / 2];
                    double gf = 2.0*mb*oc*out*out*ic*k*k / (ms * 1e6);
                    memory snhwc = new memory(d(src, memory.format_tag.nhwc), e), dnhwc = new memory(d(dst, memory.format_tag.nhwc), e);
                    var r1 = new reorder(snhwc, sm); var r2 = new reorder(dnhwc, dm);
                    r1.execute(s, snhwc, sm); r2.execute(s, dnhwc, dm); s._wait();
                    long t1 = System.nanoTime();
                    for (int r = 0; r < reps; r++) { r1.execute(s, snhwc, sm); r2.execute(s, dnhwc, dm); }
                    s._wait();
                    double rms = (System.nanoTime() - t1) / 1e6 / reps;
                    System.out.printf("ic%d oc%d k%d src=%s %-28s %8.1f ms %6.1f GFLOP/s  reorders %5.1f ms  min %6.1f max %6.1f%n", ic, oc, k,
                        srcTag == memory.format_tag.nhwc ? "nhwc" : "any ", impl, ms, gf, rms, tt[0], tt[tt.length-1]);
                } while (pd.next_impl());
            }
        }
    }
}
