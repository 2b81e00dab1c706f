package io.github.alexnet4j.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.alexnet4j.train.schedule.LearningRateSchedule;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Where training stood when a checkpoint was written: enough to continue exactly there. The
 * network's weights and momentum live in the same file; the data order is a function of (seed,
 * epoch), so the epoch and the batches already done within it are the data position.
 *
 * @param epoch             current epoch (0-based)
 * @param batchInEpoch      batches of that epoch already trained on
 * @param iteration         total steps taken
 * @param schedule          learning-rate schedule state
 * @param trainSeconds      training time so far (counts against the budget)
 * @param pendingEvaluation written at an epoch's end (or the budget's) before that point's evaluation,
 *                          which a run resumed from here does first; null (older files) = false
 * @param epochLoss         the mean training loss of the epoch that just ended, for that evaluation's line
 * @param epochSpeed        its images per second
 */
public record TrainState(int epoch, int batchInEpoch, long iteration, LearningRateSchedule.State schedule,
                         double trainSeconds, Boolean pendingEvaluation, Double epochLoss, Double epochSpeed) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A state with no evaluation pending. */
    public TrainState(int epoch, int batchInEpoch, long iteration, LearningRateSchedule.State schedule, double trainSeconds) {
        this(epoch, batchInEpoch, iteration, schedule, trainSeconds, false, null, null);
    }

    public boolean evaluationPending() {
        return Boolean.TRUE.equals(pendingEvaluation);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TrainState fromJson(String json) throws IOException {
        return JSON.readValue(json, TrainState.class);
    }
}
