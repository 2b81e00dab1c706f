package io.github.alexnet4j.model;

/** A configuration that cannot be used; the message names the key, its value and the valid range. */
public class InvalidConfigException extends IllegalArgumentException {
    public InvalidConfigException(String field, Object value, String validRange) {
        super("Invalid config: " + field + " = " + value + " (" + validRange + ")");
    }

    public InvalidConfigException(String message) {
        super("Invalid config: " + message);
    }
}
