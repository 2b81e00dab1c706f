import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's float32 peak as `alexnet bench` reports it: every thread runs fused multiply-adds on
 * the widest vectors the JVM offers (AVX2: 8 floats, AVX-512: 16), in 12 independent accumulators so
 * the FMA units never wait for a result; GFLOP/s = 2 × lanes × accumulators × iterations × threads /
 * seconds, best of 5 rounds. Prints one JSON line.
 *
 *   java --add-modules jdk.incubator.vector bench/FmaProbe.java [threads]
 */
public class FmaProbe {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int ITERATIONS = 20_000_000;

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        double best = 0;
        for (int round = 0; round < 6; round++) {
            List<Callable<Float>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) work.add(FmaProbe::burn);
            long start = System.nanoTime();
            float sink = 0;
            for (Future<Float> f : pool.invokeAll(work)) sink += f.get();
            double seconds = (System.nanoTime() - start) / 1e9;
            double gflops = 2.0 * SPECIES.length() * 12 * ITERATIONS * threads / seconds / 1e9;
            if (round > 0 && sink != 42) best = Math.max(best, gflops);   // round 0 warms up the JIT
        }
        pool.shutdown();
        System.out.printf(java.util.Locale.ROOT, "{\"fma_gflops\": %.1f, \"threads\": %d, \"lanes\": %d, \"vector_bits\": %d}%n",
                best, threads, SPECIES.length(), SPECIES.vectorBitSize());
    }

    static float burn() {
        FloatVector a = FloatVector.broadcast(SPECIES, 0.999999f), b = FloatVector.broadcast(SPECIES, 1e-7f);
        FloatVector c0 = FloatVector.zero(SPECIES), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0,
                c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (int i = 0; i < ITERATIONS; i++) {
            c0 = c0.fma(a, b); c1 = c1.fma(a, b); c2 = c2.fma(a, b); c3 = c3.fma(a, b);
            c4 = c4.fma(a, b); c5 = c5.fma(a, b); c6 = c6.fma(a, b); c7 = c7.fma(a, b);
            c8 = c8.fma(a, b); c9 = c9.fma(a, b); c10 = c10.fma(a, b); c11 = c11.fma(a, b);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
