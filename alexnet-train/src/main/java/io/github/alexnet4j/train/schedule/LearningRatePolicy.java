package io.github.alexnet4j.train.schedule;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * When the learning rate is divided, written as {@code optimizer.schedule: {policy: <name>, ...}} next to
 * the base rate (as Caffe's solver puts {@code lr_policy} beside {@code base_lr}). The rate is
 * base · factor^drops, and for the first {@link #warmupIterations()} steps it rises linearly from a tenth
 * of that. A new policy is a class implementing this interface and one {@code @JsonSubTypes.Type} line.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "policy")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Plateau.class, name = "plateau"),
        @JsonSubTypes.Type(value = AtFractions.class, name = "fractions"),
        @JsonSubTypes.Type(value = Steps.class, name = "steps"),
})
public interface LearningRatePolicy {

    /** How many times the rate has been divided by the time training stands at {@code at}. */
    int drops(Progress at, LearningRateSchedule.State state);

    /** Whether this validation result divides the rate (only {@link Plateau} listens to validation). */
    default boolean dropsOnValidation(LearningRateSchedule.State afterValidation) {
        return false;
    }

    /**
     * Whether the rate at a given step depends on how long the whole run is (its epoch cap or time budget):
     * then a run carried on past its cap is not the run a larger cap would have made.
     */
    default boolean dependsOnRunLength() {
        return false;
    }

    /** Multiplier applied at each drop (the paper: 0.1). */
    Double factor();

    /** Steps of linear warm-up from a tenth of the rate (0 = none, as in the paper). */
    Integer warmupIterations();
}
