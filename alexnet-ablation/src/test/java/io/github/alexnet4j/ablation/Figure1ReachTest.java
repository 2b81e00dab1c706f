package io.github.alexnet4j.ablation;

import io.github.alexnet4j.train.EpochMetrics;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Figure 1's "epochs (and seconds) to reach 25 % training error" on known training curves. */
class Figure1ReachTest {

    private static EpochMetrics epoch(double epoch, double trainError, double seconds) {
        return new EpochMetrics(epoch, (long) (epoch * 391), 1.0, trainError, 0.5, 0.1, 0.05, 300, seconds, seconds + 10, 0);
    }

    private static final List<EpochMetrics> FAST = List.of(epoch(1, 0.60, 100), epoch(2, 0.35, 200), epoch(3, 0.15, 300));
    private static final List<EpochMetrics> SLOW = List.of(epoch(1, 0.80, 150), epoch(2, 0.70, 300), epoch(3, 0.60, 450));

    @Test
    void crossingIsInterpolatedBetweenTheEpochsAroundIt() {
        SweepReport.Reach r = SweepReport.Reach.of(FAST, 0.25);
        assertTrue(r.reached());
        assertEquals(2.5, r.epochs(), 1e-9);      // 35 % -> 15 %: 25 % is half way through epoch 3
        assertEquals(250, r.seconds(), 1e-9);
        assertEquals("2.50", r.epochText());
    }

    @Test
    void aRunThatNeverGotThereIsALowerBound() {
        SweepReport.Reach r = SweepReport.Reach.of(SLOW, 0.25);
        assertFalse(r.reached());
        assertEquals(3, r.epochs(), 1e-9);
        assertEquals("> 3", r.epochText());
        assertEquals("> 450", r.secondsText());
        SweepReport.Reach fast = SweepReport.Reach.of(FAST, 0.25);
        assertEquals("> 1.2×", SweepReport.Reach.ratio(r, fast, SweepReport.Reach::epochs));
        assertEquals("> 1.8×", SweepReport.Reach.ratio(r, fast, SweepReport.Reach::seconds));
        assertEquals("—", SweepReport.Reach.ratio(fast, r, SweepReport.Reach::epochs), "no ratio when the faster one never got there");
    }

    @Test
    void ratioOfTwoCrossings() {
        List<EpochMetrics> slower = List.of(epoch(2, 0.50, 400), epoch(4, 0.30, 800), epoch(6, 0.20, 1200));
        SweepReport.Reach s = SweepReport.Reach.of(slower, 0.25), f = SweepReport.Reach.of(FAST, 0.25);
        assertEquals(5.0, s.epochs(), 1e-9);
        assertEquals("2.0×", SweepReport.Reach.ratio(s, f, SweepReport.Reach::epochs));
        assertEquals("4.0×", SweepReport.Reach.ratio(s, f, SweepReport.Reach::seconds));
    }

    @Test
    void theRatioAcrossSeedsSaysWhenItIsALowerBound() {
        assertEquals("", SweepReport.epochRatioSummary(new double[0], 0));
        String both = SweepReport.epochRatioSummary(new double[]{4, 6, 8}, 0);
        assertTrue(both.contains("tanh took 6.0× the epochs") && both.contains("range 4.0–8.0×, std 2.0"), both);
        assertFalse(both.contains("at least"), both);
        String bound = SweepReport.epochRatioSummary(new double[]{3.5}, 1);
        assertTrue(bound.contains("at least 3.5×") && bound.contains("one seed") && bound.contains("1 of the tanh runs"), bound);
    }
}
