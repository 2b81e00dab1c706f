import io.github.alexnet4j.model.backend.Dnnl;
import org.bytedeco.dnnl.*;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.factory.Nd4j;
import java.util.*;
import static org.bytedeco.dnnl.global.dnnl.*;

/** δ = ε where the ReLU's output is > 0, else 0, over each conv layer's output at batch 128: libnd4j vs oneDNN's eltwise backward. */
public class ReluBwd {
    static double time(Runnable r, int n) { r.run(); r.run(); double[] t = new double[n]; for (int i = 0; i < n; i++) { long s = System.nanoTime(); r.run(); t[i] = (System.nanoTime() - s) / 1e6; } Arrays.sort(t); return t[n / 2]; }
    public static void main(String[] a) {
        int b = Integer.parseInt(a[0]);
        long[][] shapes = {{b, 55, 55, 64}, {b, 27, 27, 192}, {b, 13, 13, 384}, {b, 13, 13, 256}, {b, 13, 13, 256}};
        var e = Dnnl.engine(); var st = Dnnl.stream();
        double tn = 0, td = 0;
        for (long[] s : shapes) {
            INDArray out = Nd4j.randn(DataType.FLOAT, s), eps = Nd4j.randn(DataType.FLOAT, s);
            Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear(out, out, 0.0));
            INDArray d1 = Nd4j.create(DataType.FLOAT, s), d2 = Nd4j.create(DataType.FLOAT, s);
            double t1 = time(() -> Nd4j.getExecutioner().exec(new RectifiedLinearDerivative(out, eps, d1, 0.0)), 11);
            var desc = new memory.desc(s, memory.data_type.f32, memory.format_tag.abcd);
            var fwd = new eltwise_forward.primitive_desc(e, prop_kind.forward_training, algorithm.eltwise_relu_use_dst_for_bwd, desc, desc, 0f, 0f);
            var pd = new eltwise_backward.primitive_desc(e, algorithm.eltwise_relu_use_dst_for_bwd, desc, desc, desc, 0f, 0f, fwd);
            var prim = new eltwise_backward(pd);
            var args = new IntMemoryMap().put(DNNL_ARG_DST, new memory(desc, e, Dnnl.address(out))).put(DNNL_ARG_DIFF_DST, new memory(desc, e, Dnnl.address(eps)))
                    .put(DNNL_ARG_DIFF_SRC, new memory(desc, e, Dnnl.address(d2)));
            double t2 = time(() -> { prim.execute(st, args); st._wait(); }, 11);
            INDArray z = Nd4j.randn(DataType.FLOAT, s);
            double t3 = time(() -> Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear(z, z, 0.0)), 11);
            var fp = new eltwise_forward(fwd);
            var fargs = new IntMemoryMap().put(DNNL_ARG_SRC, new memory(desc, e, Dnnl.address(z))).put(DNNL_ARG_DST, new memory(desc, e, Dnnl.address(z)));
            double t4 = time(() -> { fp.execute(st, fargs); st._wait(); }, 11);
            System.out.printf("   forward relu in place: libnd4j %.2f ms, oneDNN %.2f ms%n", t3, t4);
            tn += t1; td += t2;
            System.out.printf("%s libnd4j %.2f ms  oneDNN (%s) %.2f ms  equal %b%n", Arrays.toString(s), t1, pd.impl_info_str().getString(), t2, d1.equals(d2));
        }
        System.out.printf("sum: libnd4j %.1f ms, oneDNN %.1f ms%n", tn, td);
    }
}
