package io.github.alexnet4j.train;

/**
 * Training was asked to stop (SIGTERM, Ctrl-C) and saved a checkpoint where it stopped: unlike the other
 * stops, the run is not over, and {@code --resume} continues it.
 */
public final class StoppedBySignalException extends TrainingStoppedException {
    public StoppedBySignalException(String message) {
        super(message, null);
    }
}
