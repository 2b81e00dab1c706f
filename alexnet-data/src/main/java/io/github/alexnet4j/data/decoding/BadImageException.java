package io.github.alexnet4j.data.decoding;

/** A file that cannot be used as a training image; the message says which file and why. */
public class BadImageException extends Exception {
    private final String file;
    private final String reason;

    public BadImageException(String file, String reason) {
        super(file + ": " + reason);
        this.file = file;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    /** Short reason, also the key the end-of-epoch summary counts by. */
    public String reason() {
        return reason;
    }
}
