package io.github.alexnet4j.data;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The shared datasets tests run on, found through {@link DataLocations} ({@code ALEXNET_DATA}, default
 * {@code ../shared/datasets}). Missing data skips a test on a developer's machine but fails it under
 * CI ({@code CI=true}), so a CI run can never pass by silently testing nothing.
 */
public final class TestDatasets {

    private TestDatasets() {
    }

    public static Path require(String relative) {
        Path p = DataLocations.dataRoot().resolve(relative);
        if (!Files.exists(p)) {
            String msg = "Test dataset " + p + " is missing; set " + DataLocations.ENV + " to the folder holding "
                    + "cifar10/ and imagenet-samples/";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(msg);
            System.err.println("SKIPPED (no data): " + msg);
            Assumptions.abort(msg);
        }
        return p;
    }

    public static Path cifarTrain() {
        return require("cifar10/train");
    }

    public static Path cifarTest() {
        return require("cifar10/test");
    }

    public static Path imagenetSamples() {
        return require("imagenet-samples");
    }
}
