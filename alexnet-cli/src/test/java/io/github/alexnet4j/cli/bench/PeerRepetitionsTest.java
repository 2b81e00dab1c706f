package io.github.alexnet4j.cli.bench;

import io.github.alexnet4j.cli.TrainTestSupport;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** PyTorch's script warms up and times one image as often as DL4J and ONNX Runtime do (latency is warm-up sensitive). */
class PeerRepetitionsTest {

    @Test
    void pytorchTimesSingleImagesAsOftenAsTheJavaPeers() throws Exception {
        String script = Files.readString(TrainTestSupport.HOME.resolve("bench/peer/torch_bench.py"));
        int[] reps = BenchCommand.repetitions("torchvision", 1);
        String expected = "warmup, iters = (" + reps[0] + ", " + reps[1] + ") if batch == 1";
        assertTrue(script.contains(expected), "torch_bench.py should say: " + expected);
    }
}
