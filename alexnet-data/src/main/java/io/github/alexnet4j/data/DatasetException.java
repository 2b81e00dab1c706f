package io.github.alexnet4j.data;

/** A dataset that cannot be used at all (missing folder, no classes, ...); the message says what to do. */
public class DatasetException extends RuntimeException {
    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
