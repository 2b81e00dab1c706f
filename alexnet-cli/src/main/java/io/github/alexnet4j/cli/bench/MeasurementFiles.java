package io.github.alexnet4j.cli.bench;

import io.github.alexnet4j.train.report.MachineInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A measurement's record in results/: {@code <name>-<date>.md} for people, {@code .json} with its provenance for
 * tools ({@code <name>-<date>-2.*} and so on for later runs that day).
 */
final class MeasurementFiles {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MeasurementFiles() {
    }

    /** Writes both files (the markdown ends with the provenance section) and prints the markdown. */
    static void write(Path out, String name, String markdown, Map<String, String> machine, Map<String, Object> data)
            throws IOException {
        Files.createDirectories(out);
        String stem = freeStem(out, name + "-" + LocalDate.now());
        String md = markdown + "\n## Provenance\n\n" + MachineInfo.markdown(machine);
        Files.writeString(out.resolve(stem + ".md"), md);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("provenance", machine);
        json.putAll(data);
        JSON.writeValue(out.resolve(stem + ".json").toFile(), json);
        System.out.print(md);
    }

    /** {@code stem}, or {@code stem-2}, {@code stem-3}, … : a second measurement on one day never replaces the first. */
    static String freeStem(Path out, String stem) {
        String s = stem;
        for (int i = 2; Files.exists(out.resolve(s + ".md")) || Files.exists(out.resolve(s + ".json")); i++) s = stem + "-" + i;
        return s;
    }
}
