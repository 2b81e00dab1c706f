package io.github.alexnet4j.train;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LearningRateScheduleTest {

    private static TrainingSettings settings(TrainingSettings.Schedule s, int patience, List<Double> drops, int warmup) {
        TrainingSettings p = TrainingSettings.paper();
        return new TrainingSettings(128, 90, 0, s, patience, 3, 0.1, drops, warmup, 0, 3, 100, true, 1e3, 1);
    }

    @Test
    void plateauDividesByTenAtMostThreeTimes() {
        LearningRateSchedule s = new LearningRateSchedule(settings(TrainingSettings.Schedule.PLATEAU, 2, List.of(), 0), 0.01);
        assertFalse(s.onValidation(0.50));
        assertFalse(s.onValidation(0.40));
        assertFalse(s.onValidation(0.41), "one stale epoch is within patience 2");
        assertTrue(s.onValidation(0.40), "second epoch without improvement: drop");
        assertEquals(0.001, s.state().lr(), 1e-12);
        assertFalse(s.onValidation(0.30));
        for (int i = 0; i < 20; i++) s.onValidation(0.30);
        assertEquals(3, s.state().drops());
        assertEquals(1e-5, s.state().lr(), 1e-15, "never more than three drops");
        assertEquals(1e-5, s.lrAt(10_000, 0.5), 1e-15);
    }

    @Test
    void budgetScheduleDropsAtFractionsAndWarmsUp() {
        LearningRateSchedule s = new LearningRateSchedule(settings(TrainingSettings.Schedule.BUDGET, 1, List.of(0.5, 0.75), 10), 0.05);
        assertEquals(0.05 * (0.1 + 0.9 * 0.1), s.lrAt(0, 0), 1e-12, "first warm-up step");
        assertEquals(0.05, s.lrAt(9, 0.01), 1e-12, "warm-up done");
        assertEquals(0.05, s.lrAt(100, 0.49), 1e-12);
        assertEquals(0.005, s.lrAt(101, 0.5), 1e-12);
        assertEquals(0.0005, s.lrAt(102, 0.9), 1e-12);
        assertFalse(s.onValidation(0.9), "validation never drops a BUDGET schedule");
        assertFalse(s.onValidation(0.95));
        assertEquals(0.0005, s.lrAt(103, 0.95), 1e-12);
    }

    @Test
    void stateSurvivesARestart() {
        TrainingSettings t = settings(TrainingSettings.Schedule.PLATEAU, 1, List.of(), 0);
        LearningRateSchedule a = new LearningRateSchedule(t, 0.01);
        a.onValidation(0.5);
        a.onValidation(0.6);
        LearningRateSchedule b = new LearningRateSchedule(t, 0.01, a.state());
        assertEquals(a.state(), b.state());
        assertEquals(0.001, b.lrAt(0, 0), 1e-12);
    }
}
