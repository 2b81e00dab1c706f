package io.github.alexnet4j.train.schedule;

import io.github.alexnet4j.model.InvalidConfigException;

import java.util.List;

/** The schedule's settings are validated like the model's: the key, the value and the valid range. */
final class Checks {
    private Checks() {
    }

    static void atLeast(String key, int value, int min) {
        if (value < min) throw new InvalidConfigException("optimizer.schedule." + key, value, "at least " + min);
    }

    static void factor(double f) {
        if (!(f > 0 && f <= 1)) throw new InvalidConfigException("optimizer.schedule.factor", f, "in (0, 1]");
    }

    static void ascending(String key, List<Double> values, double low, double high) {
        double last = low;
        for (Double v : values) {
            if (v == null || !(v > last) || !(v < high)) {
                throw new InvalidConfigException("optimizer.schedule." + key, values,
                        "ascending values in (" + low + ", " + high + ")");
            }
            last = v;
        }
    }
}
