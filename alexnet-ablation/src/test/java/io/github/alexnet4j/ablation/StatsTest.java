package io.github.alexnet4j.ablation;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class StatsTest {

    @Test
    void meanStdAndWelchIntervalOnKnownInputs() {
        double[] a = {1, 2, 3}, b = {4, 5, 6};
        assertEquals(2, Stats.mean(a), 1e-12);
        assertEquals(1, Stats.std(a), 1e-12);
        // se = sqrt(1/3 + 1/3), dof = 4, t(0.975, 4) = 2.7764451
        Stats.Delta d = Stats.welch(a, b, 0.95);
        double half = 2.7764451052 * Math.sqrt(2.0 / 3);
        assertEquals(3, d.estimate(), 1e-12);
        assertEquals(3 - half, d.low(), 1e-6);
        assertEquals(3 + half, d.high(), 1e-6);
        assertTrue(d.significant());

        Stats.Delta overlap = Stats.welch(new double[]{1, 5, 9}, new double[]{2, 6, 10}, 0.95);
        assertFalse(overlap.significant());
        Stats.Delta single = Stats.welch(new double[]{1}, new double[]{2}, 0.95);
        assertEquals(1, single.estimate(), 1e-12);
        assertTrue(Double.isNaN(single.low()));
        assertFalse(single.significant());
        assertEquals(0, Stats.std(new double[]{7}), 0);
    }
}
