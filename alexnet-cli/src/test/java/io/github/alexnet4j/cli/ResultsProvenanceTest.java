package io.github.alexnet4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every file in {@code results/} carries its provenance (command, commit, date, machine) or sits next to
 * a file that does: a JSON file in its own {@code provenance} block or its same-named markdown file, a
 * markdown file in its own text, anything else (CSV, PNG, YAML) in a markdown file of its folder. "States
 * provenance" here means: a command ({@code ./alexnet ...} or the word), a commit hash, a date and the
 * machine (its CPU, or the words "this machine" / "development machine").
 */
class ResultsProvenanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyResultFileHasItsProvenanceBesideIt() throws IOException {
        Path results = TrainTestSupport.HOME.resolve("results");
        List<Path> files;
        try (Stream<Path> s = Files.walk(results)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        assertTrue(files.size() > 50, "results/ holds the project's measurements: " + files.size());
        List<String> missing = new ArrayList<>();
        for (Path f : files) {
            if (f.equals(results.resolve("README.md"))) continue;   // the folder's index, no measurement
            if (!hasProvenance(f)) missing.add(results.relativize(f).toString());
        }
        assertEquals(List.of(), missing, "files in results/ without command, commit, date and machine beside them");
    }

    private static boolean hasProvenance(Path f) throws IOException {
        String name = f.getFileName().toString();
        if (name.endsWith(".json")) {
            JsonNode p = JSON.readTree(f.toFile()).path("provenance");
            if (p.has("command") && p.has("commit") && p.has("date") && p.has("cpu")) return true;
            Path md = f.resolveSibling(name.replaceAll("\\.json$", ".md"));
            return Files.exists(md) && states(Files.readString(md)) || folderReadme(f);
        }
        if (name.endsWith(".md")) return states(Files.readString(f)) || folderReadme(f);
        return folderReadme(f);
    }

    private static boolean folderReadme(Path f) throws IOException {
        try (Stream<Path> s = Files.list(f.getParent())) {
            for (Path md : s.filter(p -> p.toString().endsWith(".md")).toList()) {
                if (states(Files.readString(md))) return true;
            }
        }
        return false;
    }

    private static final java.util.regex.Pattern COMMIT = java.util.regex.Pattern.compile("commit[^\\n]{0,80}?\\b[0-9a-f]{7,40}\\b"),
            DATE = java.util.regex.Pattern.compile("\\b20\\d\\d-\\d\\d-\\d\\d(?!\\d)");

    static boolean states(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        return (t.contains("command") || t.contains("./alexnet")) && COMMIT.matcher(t).find() && DATE.matcher(t).find()
                && (t.contains("cpu") || t.contains("machine"));
    }
}
