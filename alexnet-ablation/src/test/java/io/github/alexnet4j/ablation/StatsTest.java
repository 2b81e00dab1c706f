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

    @Test
    void detectableEffectAndVerdictOnKnownInputs() {
        double[] a = {1, 2, 3}, b = {4, 5, 6};
        // se = sqrt(2/3), dof = 4: (t(0.975, 4) + t(0.80, 4)) · se = (2.7764451 + 0.9409646) · 0.8164966
        assertEquals((2.7764451052 + 0.9409645687) * Math.sqrt(2.0 / 3), Stats.detectable(a, b, 0.05, 0.80), 1e-6);
        assertTrue(Double.isNaN(Stats.detectable(new double[]{1}, b, 0.05, 0.80)));

        Stats.Delta up = Stats.welch(a, b, 0.95), down = Stats.welch(b, a, 0.95);
        assertEquals("agrees", Stats.verdict(up, 3.03, 1.4));
        assertEquals("disagrees", Stats.verdict(down, 3.03, 1.4));
        Stats.Delta flat = Stats.welch(new double[]{1, 5, 9}, new double[]{2, 6, 10}, 0.95);
        assertEquals("cannot tell at this budget", Stats.verdict(flat, 3.0, 2.0), "the paper's 2 points were below the detectable 3");
        assertEquals("disagrees", Stats.verdict(flat, 1.5, 2.0), "2 points would have been detected and were not");
        assertEquals("", Stats.verdict(flat, 1.5, Double.NaN), "no paper number, no verdict");
    }
}
