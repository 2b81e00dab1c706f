// The fully connected layers' three products (forward x·W, input gradient δ·Wᵀ, weight gradient xᵀ·δ) at
// torchvision's FC shapes, through ND4J (OpenBLAS) and through oneDNN's matmul: median of 7 timings.
// java -cp "$(cat .alexnet/current-alexnet-cli-linux-x86_64-onednn-avx2.classpath)" Fc.java <batch>
import org.bytedeco.dnnl.*;
import static org.bytedeco.dnnl.global.dnnl.*;
import io.github.alexnet4j.model.backend.Dnnl;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.buffer.DataType;

public class Fc {
    static double time(Runnable r) {
        r.run(); double[] t = new double[7];
        for (int q = 0; q < t.length; q++) { long t0 = System.nanoTime(); r.run(); t[q] = (System.nanoTime() - t0) / 1e6; }
        java.util.Arrays.sort(t); return t[3];
    }
    public static void main(String[] a) {
        int m = Integer.parseInt(a[0]);
        engine e = Dnnl.engine(); stream s = Dnnl.stream();
        long[][] shapes = {{9216, 4096}, {4096, 4096}, {4096, 1000}};
        for (long[] sh : shapes) {
            long k = sh[0], n = sh[1];
            INDArray x = Nd4j.rand(DataType.FLOAT, m, k), w = Nd4j.rand(DataType.FLOAT, n, k).transpose(), z = Nd4j.create(DataType.FLOAT, m, n);
            INDArray dz = Nd4j.rand(DataType.FLOAT, m, n), dx = Nd4j.create(DataType.FLOAT, m, k), dw = Nd4j.create(DataType.FLOAT, n, k).transpose();
            double f = time(() -> x.mmuli(w, z));
            double bd = time(() -> dz.mmuli(w.transpose(), dx));
            double bw = time(() -> x.transpose().mmuli(dz, dw));
            // oneDNN matmul: x [m,k] row-major, w [k,n] column-major (strides 1,k), z [m,n]
            var xd = new memory.desc(new long[]{m, k}, memory.data_type.f32, new long[]{k, 1});
            var wd = new memory.desc(new long[]{k, n}, memory.data_type.f32, new long[]{1, k});
            var zd = new memory.desc(new long[]{m, n}, memory.data_type.f32, new long[]{n, 1});
            var pd = new matmul.primitive_desc(e, xd, wd, zd);
            var mm = new matmul(pd);
            memory xm = new memory(xd, e, Dnnl.address(x)), wm = new memory(wd, e, Dnnl.address(w)), zm = new memory(zd, e, Dnnl.address(z));
            var args = new IntMemoryMap().put(DNNL_ARG_SRC, xm).put(DNNL_ARG_WEIGHTS, wm).put(DNNL_ARG_DST, zm);
            double fd = time(() -> { mm.execute(s, args); s._wait(); });
            // backward data: dx [m,k] = dz [m,n] x w^T [n,k]: w^T as [n,k] with strides (k,1)
            var dzd = new memory.desc(new long[]{m, n}, memory.data_type.f32, new long[]{n, 1});
            var wtd = new memory.desc(new long[]{n, k}, memory.data_type.f32, new long[]{k, 1});
            var dxd = new memory.desc(new long[]{m, k}, memory.data_type.f32, new long[]{k, 1});
            var pd2 = new matmul.primitive_desc(e, dzd, wtd, dxd); var mm2 = new matmul(pd2);
            var args2 = new IntMemoryMap().put(DNNL_ARG_SRC, new memory(dzd, e, Dnnl.address(dz))).put(DNNL_ARG_WEIGHTS, new memory(wtd, e, Dnnl.address(w))).put(DNNL_ARG_DST, new memory(dxd, e, Dnnl.address(dx)));
            double bdd = time(() -> { mm2.execute(s, args2); s._wait(); });
            // backward weights: dw [k,n] (col-major: strides 1,k) = x^T [k,m] (strides 1,k) x dz [m,n]
            var dztd = new memory.desc(new long[]{n, m}, memory.data_type.f32, new long[]{1, n});
            var xdd = new memory.desc(new long[]{m, k}, memory.data_type.f32, new long[]{k, 1});
            var dwtd = new memory.desc(new long[]{n, k}, memory.data_type.f32, new long[]{k, 1});
            var pd3 = new matmul.primitive_desc(e, dztd, xdd, dwtd); var mm3 = new matmul(pd3);
            var args3 = new IntMemoryMap().put(DNNL_ARG_SRC, new memory(dztd, e, Dnnl.address(dz))).put(DNNL_ARG_WEIGHTS, new memory(xdd, e, Dnnl.address(x))).put(DNNL_ARG_DST, new memory(dwtd, e, Dnnl.address(dw)));
            double bwd = time(() -> { mm3.execute(s, args3); s._wait(); });
            System.out.printf("m%d k%d n%d  ND4J/OpenBLAS fwd %7.2f bwd-data %7.2f bwd-weights %7.2f | oneDNN matmul (%s, %s, %s) %7.2f %7.2f %7.2f ms%n",
                m, k, n, f, bd, bw, pd.impl_info_str().getString(), pd2.impl_info_str().getString(), pd3.impl_info_str().getString(), fd, bdd, bwd);
        }
    }
}
