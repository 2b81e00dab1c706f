package io.github.alexnet4j.train.schedule;

/**
 * Where a run stands when the next step is taken.
 *
 * @param iteration steps taken so far
 * @param epochs    epochs done so far, fractional (3.5 = half-way through the fourth)
 * @param budget    share of the run's budget used (0..1): by time or by epochs, whichever ends it first
 */
public record Progress(long iteration, double epochs, double budget) {
}
