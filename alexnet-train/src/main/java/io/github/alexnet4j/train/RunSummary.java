package io.github.alexnet4j.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Path;

/** The headline numbers of a finished run ({@code result.json}), for sweeps and notebooks. */
public record RunSummary(double top1Error, double top5Error, double tenCropTop1Error, double tenCropTop5Error,
                         long validationImages, double epochs, long iterations, double trainSeconds, long parameters) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static RunSummary of(Trainer.Result r, long parameters) {
        double epochs = r.history().isEmpty() ? 0 : r.history().get(r.history().size() - 1).epoch();
        return new RunSummary(r.center().top1Error(), r.center().top5Error(),
                r.tenCrop() == null ? Double.NaN : r.tenCrop().top1Error(),
                r.tenCrop() == null ? Double.NaN : r.tenCrop().top5Error(), r.center().images(), epochs,
                r.finalState().iteration(), r.finalState().trainSeconds(), parameters);
    }

    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    public static RunSummary read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), RunSummary.class);
    }
}
