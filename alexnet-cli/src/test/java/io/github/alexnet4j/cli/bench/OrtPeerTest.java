package io.github.alexnet4j.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The ONNX Runtime peer with its profiler on ({@code bench --ort-case CASE --ort-profile FILE}): the trace lands in
 * the file asked for, with one model run per warm-up and timed call and the kernel time of the network's nodes.
 */
class OrtPeerTest {

    @Test
    void profileRecordsEveryRunAndEachNode(@TempDir Path dir) throws Exception {
        Path profile = dir.resolve("ort-profile.json");
        Map<String, Object> result = OrtPeer.run("cifar10-infer-1", profile);
        assertTrue((Double) result.get("images_per_second") > 0, result.toString());
        assertEquals(profile.toString(), result.get("profile"));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "ONNX Runtime's own file name is not left behind");
        }
        JsonNode trace = new ObjectMapper().readTree(profile.toFile());
        int runs = 0, convolutions = 0;
        for (JsonNode event : trace) {
            if (event.path("name").asText().equals("model_run")) runs++;
            if (event.path("cat").asText().equals("Node") && event.path("args").path("op_name").asText().equals("Conv")) convolutions++;
        }
        int[] reps = BenchCommand.repetitions("cifar10", 1);
        assertEquals(reps[0] + reps[1], runs, "every warm-up and timed run");
        assertTrue(convolutions >= 5 * runs, "each run's five convolutions (per tower or fused, at least five): " + convolutions);
    }
}
