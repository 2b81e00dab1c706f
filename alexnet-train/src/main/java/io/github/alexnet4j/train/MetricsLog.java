package io.github.alexnet4j.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends {@link EpochMetrics} to {@code metrics.jsonl} and {@code metrics.csv}; reads them back on
 * resume. A last line cut short (the process killed mid-append, a full disk) is dropped when read, and
 * the files are rewritten whole (atomically) when a resumed run drops what came after its checkpoint.
 */
public final class MetricsLog {
    private static final Logger log = LoggerFactory.getLogger(MetricsLog.class);
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
        List<String> lines;
        try {
            lines = Files.readAllLines(jsonl);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + jsonl, e);
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            try {
                out.add(JSON.readValue(lines.get(i), EpochMetrics.class));
            } catch (IOException e) {
                if (i < lines.size() - 1) throw new UncheckedIOException(jsonl + " line " + (i + 1) + " is damaged", e);
                log.warn("The last line of {} was cut short (the run stopped while writing it); it is dropped", jsonl);
            }
        }
        return out;
    }

    /** Keeps the lines up to {@code iteration} (a resumed run repeats what came after its checkpoint). */
    public void truncateAfter(long iteration) {
        List<EpochMetrics> kept = readAll().stream().filter(m -> m.iteration() <= iteration).toList();
        StringBuilder j = new StringBuilder(), c = new StringBuilder(EpochMetrics.CSV_HEADER + "\n");
        try {
            for (EpochMetrics m : kept) {
                j.append(JSON.writeValueAsString(m)).append('\n');
                c.append(m.csv()).append('\n');
            }
            AtomicFiles.writeString(jsonl, j.toString());
            AtomicFiles.writeString(csv, c.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot rewrite " + jsonl, e);
        }
    }

    /** Whether an epoch's end (at {@code iteration}) has its line. */
    public boolean has(long iteration) {
        return readAll().stream().anyMatch(m -> m.iteration() == iteration);
    }
}
