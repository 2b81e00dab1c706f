import io.github.alexnet4j.model.backend.Dnnl;
import org.bytedeco.dnnl.*;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import java.util.*;
import static org.bytedeco.dnnl.global.dnnl.*;

/** Batch-1 FC product through every oneDNN matmul / inner_product implementation, weights as DL4J keeps them (column-major K x N). */
public class Mv1 {
    static double time(Runnable r, int n) { double[] t = new double[n]; for (int i = 0; i < n; i++) { long s = System.nanoTime(); r.run(); t[i] = (System.nanoTime() - s) / 1e6; } Arrays.sort(t); return t[n / 2]; }
    public static void main(String[] a) {
        int[][] shapes = {{9216, 4096}, {4096, 4096}, {4096, 1000}};
        var e = Dnnl.engine(); var st = Dnnl.stream();
        for (int[] s : shapes) {
            long K = s[0], N = s[1];
            INDArray w = Nd4j.rand(DataType.FLOAT, 'f', K, N), x = Nd4j.rand(DataType.FLOAT, 1, K), b = Nd4j.rand(DataType.FLOAT, 1, N);
            INDArray ref = x.mmul(w).addi(b);
            double mb = 4.0 * K * N / 1e6;
            // matmul: src [1,K] row-major, weights [K,N] strides (1,K), bias [1,N], dst [1,N]
            var src = new memory.desc(new long[]{1, K}, memory.data_type.f32, new long[]{K, 1});
            var wd = new memory.desc(new long[]{K, N}, memory.data_type.f32, new long[]{1, K});
            var bd = new memory.desc(new long[]{1, N}, memory.data_type.f32, new long[]{N, 1});
            var dd = new memory.desc(new long[]{1, N}, memory.data_type.f32, new long[]{N, 1});
            var pd = new matmul.primitive_desc(e, src, wd, bd, dd);
            do {
                String impl = pd.impl_info_str().getString();
                INDArray out = Nd4j.create(DataType.FLOAT, 1, N);
                var ms = new memory(pd.src_desc(), e, Dnnl.address(x)); var mw = new memory(pd.weights_desc(), e, Dnnl.address(w));
                var mbias = new memory(bd, e, Dnnl.address(b)); var md = new memory(pd.dst_desc(), e, Dnnl.address(out));
                var prim = new matmul(pd);
                var args = new IntMemoryMap().put(DNNL_ARG_SRC, ms).put(DNNL_ARG_WEIGHTS, mw).put(DNNL_ARG_BIAS, mbias).put(DNNL_ARG_DST, md);
                double t = time(() -> { prim.execute(st, args); st._wait(); }, 31);
                System.out.printf("%dx%d matmul %-28s %6.2f ms %5.1f GB/s  diff %.1e%n", K, N, impl, t, mb / t, out.sub(ref).amaxNumber().doubleValue());
            } while (pd.next_impl());
            // inner product: src [1,K], weights [N,K] row-major (= DL4J's column-major K x N), bias [N], dst [1,N]
            var ipw = new memory.desc(new long[]{N, K}, memory.data_type.f32, new long[]{K, 1});
            var ipb = new memory.desc(new long[]{N}, memory.data_type.f32, new long[]{1});
            for (var prop : new int[]{prop_kind.forward_inference.value, prop_kind.forward_training.value}) {
                var ipd = new inner_product_forward.primitive_desc(e, prop == prop_kind.forward_inference.value ? prop_kind.forward_inference : prop_kind.forward_training, src, ipw, ipb, dd);
                do {
                    String impl = ipd.impl_info_str().getString();
                    boolean plain = ipd.weights_desc().equals(ipw);
                    INDArray out = Nd4j.create(DataType.FLOAT, 1, N);
                    var ms = new memory(ipd.src_desc(), e, Dnnl.address(x)); var mw = new memory(ipd.weights_desc(), e, Dnnl.address(w));
                    var mbias = new memory(ipb, e, Dnnl.address(b)); var md = new memory(ipd.dst_desc(), e, Dnnl.address(out));
                    var prim = new inner_product_forward(ipd);
                    var args = new IntMemoryMap().put(DNNL_ARG_SRC, ms).put(DNNL_ARG_WEIGHTS, mw).put(DNNL_ARG_BIAS, mbias).put(DNNL_ARG_DST, md);
                    double t = time(() -> { prim.execute(st, args); st._wait(); }, 31);
                    System.out.printf("%dx%d ip(%s) %-28s plainW %b %6.2f ms %5.1f GB/s  diff %.1e%n", K, N, prop == prop_kind.forward_inference.value ? "inf" : "trn", impl, plain, t, mb / t, plain ? out.sub(ref).amaxNumber().doubleValue() : -1);
                } while (ipd.next_impl());
            }
        }
    }
}
