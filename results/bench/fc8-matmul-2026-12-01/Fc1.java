package io.github.alexnet4j.model.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import java.util.Arrays;

/** Batch-1 FC products: OpenBLAS sgemv (MatrixVector) vs oneDNN matmul (DenseMatmul), interleaved, medians. */
public class Fc1 {
    public static void main(String[] a) {
        int[][] shapes = {{9216, 4096}, {4096, 4096}, {4096, 1000}};
        for (int[] s : shapes) {
            INDArray w = Nd4j.rand(DataType.FLOAT, 'f', s[0], s[1]), b = Nd4j.rand(DataType.FLOAT, 1, s[1]);
            INDArray x = Nd4j.rand(DataType.FLOAT, 1, s[0]), z1 = Nd4j.create(DataType.FLOAT, 1, s[1]), z2 = Nd4j.create(DataType.FLOAT, 1, s[1]);
            DenseMatmul plan = DenseMatmul.plan(null, x, w, true);
            INDArray z3 = Nd4j.create(DataType.FLOAT, 1, s[1]);
            int half = s[1] / 2;
            INDArray wa = w.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, half));
            INDArray wb = w.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(half, s[1]));
            INDArray ba = b.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, half));
            INDArray bb = b.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(half, s[1]));
            INDArray za = Nd4j.create(DataType.FLOAT, 1, half), zb = Nd4j.create(DataType.FLOAT, 1, s[1] - half);
            double[] t3 = new double[21];
            int reps = 21; double[] t1 = new double[reps], t2 = new double[reps];
            for (int r = 0; r < reps; r++) {
                long t = System.nanoTime(); MatrixVector.product(x, w, b, z1); t1[r] = (System.nanoTime() - t) / 1e6;
                t = System.nanoTime(); plan.forward(x, w, b, z2); t2[r] = (System.nanoTime() - t) / 1e6;
                t = System.nanoTime();
                var other = java.util.concurrent.CompletableFuture.runAsync(() -> MatrixVector.product(x, wb, bb, zb));
                MatrixVector.product(x, wa, ba, za); other.join();
                t3[r] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(t1); Arrays.sort(t2); Arrays.sort(t3);
            System.out.printf("  halves in 2 threads: %.2f ms (%.1f GB/s), fits %b, diff %.2e%n", t3[10], 4.0 * s[0] * s[1] / 1e6 / t3[10], MatrixVector.fits(x, wa),
                    Nd4j.hstack(za, zb).sub(z1).amaxNumber().doubleValue());
            double mb = 4.0 * s[0] * s[1] / 1e6;
            System.out.printf("%dx%d (%.0f MB): sgemv %.2f ms (%.1f GB/s), oneDNN matmul %.2f ms (%.1f GB/s), max diff %.2e%n",
                    s[0], s[1], mb, t1[reps / 2], mb / t1[reps / 2], t2[reps / 2], mb / t2[reps / 2], z1.sub(z2).amaxNumber().doubleValue());
        }
    }
}
