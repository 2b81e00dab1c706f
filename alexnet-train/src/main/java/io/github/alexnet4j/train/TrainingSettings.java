package io.github.alexnet4j.train;

import java.util.List;

/**
 * The training procedure (Section 5) and the run's bookkeeping.
 *
 * @param batchSize             examples per step (paper: 128)
 * @param maxEpochs             stop after this many epochs (paper: about 90)
 * @param budgetMinutes         stop after this much training time, whatever the epoch (0 = none)
 * @param schedule              PLATEAU: divide the learning rate by 10 when validation error stops
 *                              improving (the paper); BUDGET: divide it at fixed fractions of the run, measured
 *                              by time or by epochs, whichever budget ends the run first
 * @param patience              epochs without improvement before a plateau drop
 * @param maxDrops              at most this many drops (paper: 3)
 * @param dropFactor            multiplier at each drop (paper: 0.1)
 * @param budgetDrops           fractions of the run (time or epochs) at which BUDGET drops happen
 * @param warmupIterations      linear learning-rate warm-up from lr/10 over this many steps (0 = none, as in the paper)
 * @param checkpointEvery       also checkpoint every this many iterations (besides every epoch; 0 = epochs only)
 * @param keepCheckpoints       how many checkpoints to keep
 * @param evalTrainImages       training images (fixed subset, centre crop) used to measure training error each epoch
 * @param tenCrop               also report ten-crop error at the end (the paper's test method)
 * @param divergenceLoss        a loss above this (or NaN/∞) stops training as diverged
 * @param seed                  seed of data order and augmentation
 */
public record TrainingSettings(int batchSize, int maxEpochs, double budgetMinutes, Schedule schedule, int patience,
                               int maxDrops, double dropFactor, List<Double> budgetDrops, int warmupIterations,
                               int checkpointEvery, int keepCheckpoints, int evalTrainImages, boolean tenCrop,
                               double divergenceLoss, long seed) {

    public enum Schedule { PLATEAU, BUDGET }

    public TrainingSettings {
        budgetDrops = budgetDrops == null ? List.of() : List.copyOf(budgetDrops);
    }

    public static TrainingSettings paper() {
        return new TrainingSettings(128, 90, 0, Schedule.PLATEAU, 1, 3, 0.1, List.of(), 0, 2000, 3, 10_000, true,
                1e3, 42L);
    }
}
