package io.github.alexnet4j.interop;

/** A file that cannot be imported; the message names the file, the layer or node, and what is wrong. */
public class ImportException extends RuntimeException {
    public ImportException(String message) {
        super(message);
    }

    public ImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
