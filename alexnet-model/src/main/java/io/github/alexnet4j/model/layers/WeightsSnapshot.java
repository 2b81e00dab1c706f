package io.github.alexnet4j.model.layers;

import io.github.alexnet4j.model.backend.Dnnl;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;

/**
 * A copy of a layer's weights as they were when oneDNN last reordered them into its own layout, so that
 * inference can tell, byte for byte, whether that reordered copy still holds and skip the reorder: at one
 * image the reorders of conv1–conv5's weights took a fifth of a prediction
 * ({@code results/bench/predict-latency-2026-12-02/}). Comparing is exact and cheap beside a reorder (a
 * sequential read of both copies against a strided rewrite); weights changed in any way since — a
 * training step, {@code setParams}, an edit through a parameter view — differ and are reordered again.
 */
final class WeightsSnapshot {

    private ByteBuffer copy;

    /** Whether {@code weights} (float, contiguous) hold exactly the bytes last {@link #take taken}. */
    boolean matches(INDArray weights) {
        return copy != null && copy.capacity() == bytes(weights) && view(weights).mismatch(copy.clear()) == -1;
    }

    /** Remembers the bytes of {@code weights}. */
    void take(INDArray weights) {
        long n = bytes(weights);
        if (copy == null || copy.capacity() != n) copy = ByteBuffer.allocateDirect(Math.toIntExact(n));
        copy.clear().put(view(weights));
    }

    /** Forgets the bytes taken: nothing matches until the next {@link #take}. */
    void forget() {
        copy = null;
    }

    private static long bytes(INDArray weights) {
        return weights.length() * weights.data().getElementSize();
    }

    private static ByteBuffer view(INDArray weights) {
        var p = Dnnl.address(weights);
        return p.limit(p.position() + bytes(weights)).asByteBuffer();
    }
}
