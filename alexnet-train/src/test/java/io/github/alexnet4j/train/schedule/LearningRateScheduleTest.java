package io.github.alexnet4j.train.schedule;

import io.github.alexnet4j.model.InvalidConfigException;
import io.github.alexnet4j.train.RunConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LearningRateScheduleTest {

    private static Progress at(long iteration, double epochs, double budget) {
        return new Progress(iteration, epochs, budget);
    }

    @Test
    void plateauDividesByTenAtMostThreeTimes() {
        LearningRateSchedule s = new LearningRateSchedule(new Plateau(2, 3, 0.1, 0), 0.01);
        assertFalse(s.onValidation(0.50));
        assertFalse(s.onValidation(0.40));
        assertFalse(s.onValidation(0.41), "one stale epoch is within patience 2");
        assertTrue(s.onValidation(0.40), "second epoch without improvement: drop");
        assertEquals(0.001, s.state().lr(), 1e-12);
        assertEquals(0.001, s.lrAt(at(50, 3, 0.1)), 1e-12, "the next step uses the new rate");
        assertFalse(s.onValidation(0.30));
        for (int i = 0; i < 20; i++) s.onValidation(0.30);
        assertEquals(3, s.state().drops());
        assertEquals(1e-5, s.state().lr(), 1e-15, "never more than three drops");
        assertEquals(1e-5, s.lrAt(at(10_000, 40, 0.5)), 1e-15);
    }

    @Test
    void fractionsDropAtSharesOfTheBudgetAndWarmUp() {
        LearningRateSchedule s = new LearningRateSchedule(new AtFractions(List.of(0.5, 0.75), 0.1, 10), 0.05);
        assertEquals(0.05 * (0.1 + 0.9 * 0.1), s.lrAt(at(0, 0, 0)), 1e-12, "first warm-up step");
        assertEquals(0.05, s.lrAt(at(9, 0, 0.01)), 1e-12, "warm-up done");
        assertEquals(0.05, s.lrAt(at(100, 1, 0.49)), 1e-12);
        assertEquals(0.005, s.lrAt(at(101, 1, 0.5)), 1e-12);
        assertEquals(0.0005, s.lrAt(at(102, 1, 0.9)), 1e-12);
        assertFalse(s.onValidation(0.9), "validation never divides a fractions schedule");
        assertFalse(s.onValidation(0.95));
        assertEquals(0.0005, s.lrAt(at(103, 1, 0.95)), 1e-12);
    }

    @Test
    void stepsDropAsTheGivenEpochsStart() {
        LearningRateSchedule s = new LearningRateSchedule(new Steps(List.of(2.0, 4.0), 0.1, 0), 1.0);
        assertEquals(1.0, s.lrAt(at(10, 1.99, 0.2)), 1e-12, "the last batch of epoch 2 still runs at the base rate");
        assertEquals(0.1, s.lrAt(at(11, 2.0, 0.2)), 1e-12, "the third epoch starts at a tenth");
        assertEquals(0.1, s.lrAt(at(12, 3.5, 0.9)), 1e-12, "the budget's share does not matter");
        assertEquals(0.01, s.lrAt(at(13, 4.0, 0.9)), 1e-12);
    }

    @Test
    void stepsAreOneBlockOfARunConfig() {
        RunConfig c = RunConfig.parse("optimizer:\n  learningRate: 0.02\n  schedule: {policy: steps, epochs: [30, 60]}\n", List.of());
        assertEquals(new Steps(List.of(30.0, 60.0), 0.1, 0), c.optimizer().schedule());
        RunConfig back = RunConfig.parse(c.toYaml(), List.of());
        assertEquals(c, back, "the effective config round-trips");
        var e = assertThrows(InvalidConfigException.class,
                () -> RunConfig.parse("optimizer:\n  schedule: {policy: steps, epochs: [60, 30]}\n", List.of()));
        assertTrue(e.getMessage().contains("optimizer.schedule.epochs"), e.getMessage());
    }

    @Test
    void stateSurvivesARestart() {
        Plateau p = new Plateau(1, 3, 0.1, 0);
        LearningRateSchedule a = new LearningRateSchedule(p, 0.01);
        a.onValidation(0.5);
        a.onValidation(0.6);
        LearningRateSchedule b = new LearningRateSchedule(p, 0.01, a.state());
        assertEquals(a.state(), b.state());
        assertEquals(0.001, b.lrAt(at(0, 0, 0)), 1e-12);
    }
}
