package io.github.alexnet4j.train;

import io.github.alexnet4j.data.decoding.BadImageReport;
import io.github.alexnet4j.train.eval.ErrorRates;

import java.nio.file.Path;
import java.util.List;

/**
 * What a finished {@link Trainer#run} hands back: where the run and its model are, the final validation
 * error rates (centre crop, and ten crops when asked for), the per-epoch history and the last state.
 */
public record TrainingOutcome(Path runDir, Path model, ErrorRates center, ErrorRates tenCrop,
                              List<EpochMetrics> history, TrainState finalState, BadImageReport badImages,
                              long parameters) {
}
