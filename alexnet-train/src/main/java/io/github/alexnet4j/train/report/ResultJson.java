package io.github.alexnet4j.train.report;

import io.github.alexnet4j.train.TrainingOutcome;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code result.json}: the headline numbers of a finished run, for sweeps and notebooks, with the provenance
 * (command, commit, date, machine) that {@code report.md} shows, so the file stands on its own.
 */
public record ResultJson(double top1Error, double top5Error, double tenCropTop1Error, double tenCropTop5Error,
                         long validationImages, double epochs, long iterations, double trainSeconds, long parameters,
                         Map<String, String> provenance) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static ResultJson of(TrainingOutcome r, Map<String, String> provenance) {
        double epochs = r.history().isEmpty() ? 0 : r.history().get(r.history().size() - 1).epoch();
        return new ResultJson(r.center().top1Error(), r.center().top5Error(),
                r.tenCrop() == null ? Double.NaN : r.tenCrop().top1Error(),
                r.tenCrop() == null ? Double.NaN : r.tenCrop().top5Error(), r.center().images(), epochs,
                r.finalState().iteration(), r.finalState().trainSeconds(), r.parameters(), provenance);
    }

    /** Written whole or not at all: a sweep takes this file as the run's "finished" marker. */
    public void write(Path file) throws IOException {
        io.github.alexnet4j.train.AtomicFiles.write(file, JSON.writeValueAsBytes(this));
    }

    public static ResultJson read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), ResultJson.class);
    }
}
