package io.github.alexnet4j.train.eval;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

class TopKTest {

    @Test
    void topKOnKnownScores() {
        float[] s = {0.1f, 0.5f, 0.05f, 0.2f, 0.15f, 0f, 0f};
        assertArrayEquals(new int[]{1, 3, 4}, TopK.best(s, 3));
        assertTrue(TopK.hit(s, 1, 1));
        assertFalse(TopK.hit(s, 3, 1));
        assertTrue(TopK.hit(s, 3, 2));
        assertTrue(TopK.hit(s, 2, 5), "fifth best");
        assertFalse(TopK.hit(s, 5, 5), "tied at the bottom with a lower index: not in the top 5");
    }

    @Test
    void tenViewsAreAveragedPerImage() {
        var p = Nd4j.zeros(20, 3);
        for (int r = 0; r < 10; r++) p.putScalar(r, r % 2 == 0 ? 0 : 1, 1.0); // image 0: half class 0, half class 1
        for (int r = 10; r < 20; r++) p.putScalar(r, 2, 1.0);                 // image 1: all class 2
        var avg = TopK.averageViews(p, 10);
        assertArrayEquals(new long[]{2, 3}, avg.shape());
        assertEquals(0.5, avg.getDouble(0, 0), 1e-6);
        assertEquals(0.5, avg.getDouble(0, 1), 1e-6);
        assertEquals(1.0, avg.getDouble(1, 2), 1e-6);
    }
}
