package io.github.alexnet4j.model;

/** A model configuration that cannot be built; the message names the field and its valid range. */
public class InvalidConfigException extends IllegalArgumentException {
    public InvalidConfigException(String field, Object value, String validRange) {
        super("Invalid AlexNet config: " + field + " = " + value + " (" + validRange + ")");
    }

    public InvalidConfigException(String message) {
        super("Invalid AlexNet config: " + message);
    }
}
