// oneDNN's three training passes of a convolution (forward, input gradient, weight gradient) at the
// torchvision layout's five conv shapes, float32 against bfloat16 operands (x, W, δ rounded to bf16;
// outputs, gradients and sums float32): kernel name, median of 7 timings of 3 calls, GFLOP/s, and the time
// of rounding the pass's float32 activations to bf16 (oneDNN's reorder), which the layer would add.
// java -cp "$(cat .alexnet/current-alexnet-cli-linux-x86_64-onednn-avx512.classpath)" Bf16Train.java <batch>
import org.bytedeco.dnnl.*;
import static org.bytedeco.dnnl.global.dnnl.*;
import io.github.alexnet4j.model.backend.Dnnl;

public class Bf16Train {
    static memory.desc d(long[] dims, memory.data_type t, memory.format_tag tag) { return new memory.desc(dims, t, tag); }
    static final memory.data_type F32 = memory.data_type.f32, BF16 = memory.data_type.bf16;
    static final memory.format_tag NHWC = memory.format_tag.nhwc, ANY = memory.format_tag.any;

    static double time(stream s, primitive p, IntMemoryMap args) {
        p.execute(s, args); s._wait();
        double[] tt = new double[7];
        for (int q = 0; q < tt.length; q++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < 3; r++) p.execute(s, args);
            s._wait();
            tt[q] = (System.nanoTime() - t0) / 1e6 / 3;
        }
        java.util.Arrays.sort(tt);
        return tt[tt.length / 2];
    }

    static memory filled(memory.desc desc, long[] dims, engine e, stream s) {
        memory m = new memory(desc, e);
        // random floats reordered in: real data, not untouched zero pages
        long n = 1; for (long x : dims) n *= x;
        memory f = new memory(d(dims, F32, dims.length == 4 ? memory.format_tag.nchw : memory.format_tag.x), e);
        java.nio.FloatBuffer fb = new org.bytedeco.javacpp.FloatPointer(f.get_data_handle()).capacity(n).asBuffer();
        java.util.Random r = new java.util.Random(1);
        for (long i = 0; i < n; i++) fb.put((int) i, (float) r.nextGaussian());
        new reorder(f, m).execute(s, f, m); s._wait();
        return m;
    }

    public static void main(String[] a) {
        engine e = Dnnl.engine(); stream s = Dnnl.stream();
        int mb = Integer.parseInt(a[0]);
        long[][] shapes = { // ic, oc, in, k, stride, pad, out
            {3,64,224,11,4,2,55},{64,192,27,5,1,2,27},{192,384,13,3,1,1,13},{384,256,13,3,1,1,13},{256,256,13,3,1,1,13}};
        double[] tot = new double[2];
        for (long[] sh : shapes) {
            long ic=sh[0], oc=sh[1], in=sh[2], k=sh[3], st=sh[4], p=sh[5], out=sh[6];
            long[] src={mb,ic,in,in}, w={oc,ic,k,k}, dst={mb,oc,out,out}, b={oc};
            long[] strides={st,st}, pl={p,p}; long pr=(out-1)*st+k-in-p; long[] prr={pr,pr};
            double gflop = 2.0*mb*oc*out*out*ic*k*k / 1e9;
            for (memory.data_type t : new memory.data_type[]{F32, BF16}) {
                var fpd = new convolution_forward.primitive_desc(e, prop_kind.forward_training, algorithm.convolution_direct,
                        d(src, t, NHWC), d(w, t, ANY), d(b, F32, memory.format_tag.x), d(dst, F32, NHWC), strides, pl, prr);
                memory x = filled(fpd.src_desc(), src, e, s), wt = filled(fpd.weights_desc(), w, e, s), bias = filled(fpd.bias_desc(), b, e, s);
                memory y = new memory(fpd.dst_desc(), e);
                double fwd = time(s, new convolution_forward(fpd), new IntMemoryMap().put(DNNL_ARG_SRC, x).put(DNNL_ARG_WEIGHTS, wt).put(DNNL_ARG_BIAS, bias).put(DNNL_ARG_DST, y));
                var dpd = new convolution_backward_data.primitive_desc(e, algorithm.convolution_direct,
                        d(src, F32, NHWC), d(w, t, ANY), d(dst, t, NHWC), strides, pl, prr, fpd);
                memory dy = filled(dpd.diff_dst_desc(), dst, e, s), wd = filled(dpd.weights_desc(), w, e, s), dx = new memory(dpd.diff_src_desc(), e);
                double bwdD = time(s, new convolution_backward_data(dpd), new IntMemoryMap().put(DNNL_ARG_DIFF_DST, dy).put(DNNL_ARG_WEIGHTS, wd).put(DNNL_ARG_DIFF_SRC, dx));
                var wpd = new convolution_backward_weights.primitive_desc(e, algorithm.convolution_direct,
                        d(src, t, ANY), d(w, F32, ANY), d(b, F32, memory.format_tag.x), d(dst, t, ANY), strides, pl, prr, fpd);
                memory xw = filled(wpd.src_desc(), src, e, s), dyw = filled(wpd.diff_dst_desc(), dst, e, s), dw = new memory(wpd.diff_weights_desc(), e), db = new memory(wpd.diff_bias_desc(), e);
                double bwdW = time(s, new convolution_backward_weights(wpd), new IntMemoryMap().put(DNNL_ARG_SRC, xw).put(DNNL_ARG_DIFF_DST, dyw).put(DNNL_ARG_DIFF_WEIGHTS, dw).put(DNNL_ARG_DIFF_BIAS, db));
                double bwdWcl = Double.NaN;
                String implCl = "";
                if (t == BF16) { // the weight gradient on the channels-last bf16 x and δ the other two passes use
                    var cpd = new convolution_backward_weights.primitive_desc(e, algorithm.convolution_direct,
                            d(src, t, NHWC), d(w, F32, ANY), d(b, F32, memory.format_tag.x), d(dst, t, NHWC), strides, pl, prr, fpd);
                    implCl = cpd.impl_info_str().getString();
                    memory dwc = new memory(cpd.diff_weights_desc(), e), dbc = new memory(cpd.diff_bias_desc(), e);
                    bwdWcl = time(s, new convolution_backward_weights(cpd), new IntMemoryMap().put(DNNL_ARG_SRC, x).put(DNNL_ARG_DIFF_DST, dy).put(DNNL_ARG_DIFF_WEIGHTS, dwc).put(DNNL_ARG_DIFF_BIAS, dbc));
                }
                // rounding the float32 channels-last x and δ to this pass's operand layouts
                double round = 0;
                if (t == BF16) {
                    memory xf = filled(d(src, F32, NHWC), src, e, s), dyf = filled(d(dst, F32, NHWC), dst, e, s);
                    round += time(s, new reorder(xf, x), new IntMemoryMap().put(DNNL_ARG_FROM, xf).put(DNNL_ARG_TO, x));
                    round += time(s, new reorder(dyf, dy), new IntMemoryMap().put(DNNL_ARG_FROM, dyf).put(DNNL_ARG_TO, dy));
                    if (!xw.get_desc().equals(x.get_desc())) round += time(s, new reorder(xf, xw), new IntMemoryMap().put(DNNL_ARG_FROM, xf).put(DNNL_ARG_TO, xw));
                    if (!dyw.get_desc().equals(dy.get_desc())) round += time(s, new reorder(dyf, dyw), new IntMemoryMap().put(DNNL_ARG_FROM, dyf).put(DNNL_ARG_TO, dyw));
                }
                double sum = fwd + (ic == 3 ? 0 : bwdD) + bwdW + round;
                if (t == BF16) System.out.printf("    bf16 weight gradient on channels-last x and δ: %s %.1f ms %.0f GF/s%n", implCl, bwdWcl, gflop / bwdWcl * 1e3);
                tot[t == F32 ? 0 : 1] += sum;
                System.out.printf("ic%-3d oc%-3d k%-2d %-4s fwd %-26s %6.1f ms %5.0f GF/s | bwd_d %-26s %6.1f ms %5.0f | bwd_w %-26s %6.1f ms %5.0f | rounding %5.1f ms | step's share %6.1f ms%n",
                        ic, oc, k, t == F32 ? "f32" : "bf16", fpd.impl_info_str().getString(), fwd, gflop / fwd * 1e3,
                        dpd.impl_info_str().getString(), bwdD, gflop / bwdD * 1e3, wpd.impl_info_str().getString(), bwdW, gflop / bwdW * 1e3, round, sum);
            }
        }
        System.out.printf("five convolutions, one training step (conv1 without input gradient): f32 %.0f ms, bf16 %.0f ms: %.2fx%n", tot[0], tot[1], tot[0] / tot[1]);
    }
}
