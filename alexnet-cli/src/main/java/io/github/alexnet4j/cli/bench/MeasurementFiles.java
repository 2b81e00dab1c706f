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

/** A measurement's record in results/: {@code <name>-<date>.md} for people, {@code .json} with its provenance for tools. */
final class MeasurementFiles {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MeasurementFiles() {
    }

    /** Writes both files (the markdown ends with the provenance section) and prints the markdown. */
    static void write(Path out, String name, String markdown, Map<String, String> machine, Map<String, Object> data)
            throws IOException {
        Files.createDirectories(out);
        String stem = name + "-" + LocalDate.now();
        String md = markdown + "\n## Provenance\n\n" + MachineInfo.markdown(machine);
        Files.writeString(out.resolve(stem + ".md"), md);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("provenance", machine);
        json.putAll(data);
        JSON.writeValue(out.resolve(stem + ".json").toFile(), json);
        System.out.print(md);
    }
}
