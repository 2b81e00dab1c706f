package io.github.alexnet4j.train;

import io.github.alexnet4j.train.schedule.LearningRateSchedule;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Where training stood when a checkpoint was written: enough to continue exactly there. The
 * network's weights and momentum live in the same file; the data order is a function of (seed,
 * epoch), so the epoch and the batches already done within it are the data position.
 *
 * @param epoch          current epoch (0-based)
 * @param batchInEpoch   batches of that epoch already trained on
 * @param iteration      total steps taken
 * @param schedule       learning-rate schedule state
 * @param trainSeconds   training time so far (counts against the budget)
 */
public record TrainState(int epoch, int batchInEpoch, long iteration, LearningRateSchedule.State schedule,
                         double trainSeconds) {

    private static final ObjectMapper JSON = new ObjectMapper();

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
