package io.github.alexnet4j.cli.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class MeasurementFilesTest {

    @Test
    void aSecondMeasurementTheSameDayKeepsTheFirst(@TempDir Path out) throws Exception {
        MeasurementFiles.write(out, "bench", "# first\n", Map.of("command", "x"), Map.of());
        MeasurementFiles.write(out, "bench", "# second\n", Map.of("command", "x"), Map.of());
        String today = "bench-" + java.time.LocalDate.now();
        assertTrue(Files.readString(out.resolve(today + ".md")).startsWith("# first"));
        assertTrue(Files.readString(out.resolve(today + "-2.md")).startsWith("# second"));
        assertTrue(Files.exists(out.resolve(today + "-2.json")));
    }
}
