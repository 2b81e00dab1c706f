package io.github.alexnet4j.train;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Appends {@link EpochMetrics} to {@code metrics.jsonl} and {@code metrics.csv}; reads them back on resume. */
public final class MetricsLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path jsonl;
    private final Path csv;

    public MetricsLog(Path runDir) {
        this.jsonl = runDir.resolve("metrics.jsonl");
        this.csv = runDir.resolve("metrics.csv");
    }

    public void append(EpochMetrics m) {
        try {
            if (!Files.exists(csv)) Files.writeString(csv, EpochMetrics.CSV_HEADER + "\n");
            Files.writeString(csv, m.csv() + "\n", StandardOpenOption.APPEND);
            Files.writeString(jsonl, JSON.writeValueAsString(m) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append metrics to " + jsonl, e);
        }
    }

    public List<EpochMetrics> readAll() {
        List<EpochMetrics> out = new ArrayList<>();
        if (!Files.exists(jsonl)) return out;
        try {
            for (String line : Files.readAllLines(jsonl)) {
                if (!line.isBlank()) out.add(JSON.readValue(line, EpochMetrics.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + jsonl, e);
        }
        return out;
    }

    /** Drops lines after {@code iteration} (a resumed run repeats them from its checkpoint). */
    public void truncateAfter(long iteration) {
        List<EpochMetrics> kept = readAll().stream().filter(m -> m.iteration() <= iteration).toList();
        try {
            Files.deleteIfExists(jsonl);
            Files.deleteIfExists(csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        kept.forEach(this::append);
    }
}
