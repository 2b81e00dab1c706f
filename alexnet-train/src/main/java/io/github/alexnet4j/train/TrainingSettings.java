package io.github.alexnet4j.train;

import io.github.alexnet4j.model.InvalidConfigException;

/**
 * The training procedure (Section 5) and the run's bookkeeping; validated on construction.
 *
 * @param batchSize       examples per step (paper: 128)
 * @param maxEpochs       stop after this many epochs (paper: about 90)
 * @param budgetMinutes   stop after this much training time, whatever the epoch (0 = none)
 * @param checkpointEvery also checkpoint every this many iterations (besides every epoch; 0 = epochs only)
 * @param keepCheckpoints how many checkpoints to keep
 * @param evalTrainImages training images (fixed subset, centre crop) used to measure training error each epoch
 * @param tenCrop         also report ten-crop error at the end (the paper's test method)
 * @param divergenceLoss  a loss above this (or NaN/∞) stops training as diverged
 * @param seed            seed of data order and augmentation
 * @param init            a model file to start from instead of a fresh network (fine-tuning): its network,
 *                        with fc8 replaced when the class count differs; null = a fresh network
 * @param freezeThrough   with {@code init}: keep every layer up to and including this vertex fixed (e.g.
 *                        {@code pool5}: only the fully connected layers learn); null = all layers learn
 * @param stopAtTrainError end training after the first epoch whose training error (the fixed subset of
 *                        {@code evalTrainImages}) is at or below this fraction, e.g. 0.25 for Figure 1's
 *                        "epochs to 25 % training error"; 0 = train all epochs
 */
public record TrainingSettings(int batchSize, int maxEpochs, double budgetMinutes, int checkpointEvery,
                               int keepCheckpoints, int evalTrainImages, boolean tenCrop, double divergenceLoss,
                               long seed, String init, String freezeThrough, double stopAtTrainError) {

    public TrainingSettings {
        require(batchSize >= 1, "batchSize", batchSize, "at least 1");
        require(maxEpochs >= 1, "maxEpochs", maxEpochs, "at least 1");
        require(budgetMinutes >= 0 && !Double.isNaN(budgetMinutes), "budgetMinutes", budgetMinutes, "0 (no limit) or more");
        require(checkpointEvery >= 0, "checkpointEvery", checkpointEvery, "0 (every epoch only) or more iterations");
        require(keepCheckpoints >= 1, "keepCheckpoints", keepCheckpoints, "at least 1");
        require(evalTrainImages >= 0, "evalTrainImages", evalTrainImages, "0 or more");
        require(divergenceLoss > 0, "divergenceLoss", divergenceLoss, "greater than 0 (a cross-entropy)");
        require(freezeThrough == null || init != null, "freezeThrough", freezeThrough, "only with training.init (fine-tuning)");
        require(stopAtTrainError >= 0 && stopAtTrainError < 1, "stopAtTrainError", stopAtTrainError, "in [0, 1): 0 = off");
        require(stopAtTrainError == 0 || evalTrainImages > 0, "stopAtTrainError", stopAtTrainError,
                "0 unless training.evalTrainImages > 0 (the training error it watches)");
    }

    private static void require(boolean ok, String key, Object value, String range) {
        if (!ok) throw new InvalidConfigException("training." + key, value, range);
    }

    public static TrainingSettings paper() {
        return new TrainingSettings(128, 90, 0, 2000, 3, 10_000, true, 1e3, 42L, null, null, 0);
    }
}
