package io.github.alexnet4j.train.eval;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Top-k error arithmetic on softmax outputs, shared by training, evaluation and tests. */
public final class TopK {

    private TopK() {
    }

    /** Whether {@code label} is among the {@code k} highest of {@code scores} (ties count against it). */
    public static boolean hit(float[] scores, int label, int k) {
        float s = scores[label];
        int higher = 0;
        for (int i = 0; i < scores.length; i++) {
            if (i != label && (scores[i] > s || (scores[i] == s && i < label))) higher++;
        }
        return higher < k;
    }

    /** The indices of the {@code k} highest scores, best first. */
    public static int[] best(float[] scores, int k) {
        int[] idx = new int[Math.min(k, scores.length)];
        boolean[] taken = new boolean[scores.length];
        for (int r = 0; r < idx.length; r++) {
            int b = -1;
            for (int i = 0; i < scores.length; i++) if (!taken[i] && (b < 0 || scores[i] > scores[b])) b = i;
            taken[b] = true;
            idx[r] = b;
        }
        return idx;
    }

    /** Averages each group of {@code views} consecutive rows (the ten crops of one image). */
    public static INDArray averageViews(INDArray probabilities, int views) {
        if (views == 1) return probabilities;
        long n = probabilities.rows() / views;
        return probabilities.reshape('c', n, views, probabilities.columns()).mean(1);
    }

    public static int argmax(INDArray oneHotRow) {
        return oneHotRow.argMax().getInt(0);
    }
}
