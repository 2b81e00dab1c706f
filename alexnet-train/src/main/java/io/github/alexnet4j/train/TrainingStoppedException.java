package io.github.alexnet4j.train;

/** Training cannot go on (diverged, out of memory, disk full); the message says what happened and what to do. */
public class TrainingStoppedException extends RuntimeException {
    public TrainingStoppedException(String message, Throwable cause) {
        super(message, cause);
    }
}
