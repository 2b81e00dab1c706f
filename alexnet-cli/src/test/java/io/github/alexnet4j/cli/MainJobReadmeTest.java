package io.github.alexnet4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.*;

/** The README's float32-against-bf16 main job row and bf16 paragraph state what the two runs' result.json files say. */
class MainJobReadmeTest {

    private static final Path HOME = TrainTestSupport.HOME;

    @Test
    void theBf16MainJobRowStatesBothRunsResults() throws Exception {
        String readme = Files.readString(HOME.resolve("README.md"));
        JsonNode single = result("results/cifar10/main-job-2026-12-01"), reduced = result("results/cifar10/main-job-2026-12-01-bf16");
        assertFalse(single.path("provenance").path("convolution").asText().contains("bf16"), "the float32 run ran in float32");
        assertTrue(reduced.path("provenance").path("convolution").asText().contains("convolutions in bf16"), "the bf16 run ran in bf16");
        String row = ReadmeText.row(readme, "| the same main job on the AVX-512 machine");
        String want = String.format(Locale.ROOT, "float32 **%.2f %%** / **%.2f %%** in %.2f epochs; bf16 **%.2f %%** / **%.2f %%** in %.2f epochs",
                accuracy(single, "top1Error"), accuracy(single, "tenCropTop1Error"), single.get("epochs").asDouble(),
                accuracy(reduced, "top1Error"), accuracy(reduced, "tenCropTop1Error"), reduced.get("epochs").asDouble());
        assertTrue(row.contains(want), "README row should say " + want + ":\n" + row);
        String paragraph = ReadmeText.paragraph(readme, "**bf16 training.**");
        String claim = String.format(Locale.ROOT, "trained %.2f epochs in its 15 minutes instead of %.2f and reached %.2f %% (centre crop) "
                + "against float32's %.2f %%", reduced.get("epochs").asDouble(), single.get("epochs").asDouble(),
                accuracy(reduced, "top1Error"), accuracy(single, "top1Error"));
        assertTrue(paragraph.contains(claim), "bf16 paragraph should say " + claim + ":\n" + paragraph);
    }

    private static JsonNode result(String folder) throws Exception {
        return new ObjectMapper().readTree(HOME.resolve(folder).resolve("result.json").toFile());
    }

    private static double accuracy(JsonNode result, String errorField) {
        return 100 * (1 - result.get(errorField).asDouble());
    }
}
