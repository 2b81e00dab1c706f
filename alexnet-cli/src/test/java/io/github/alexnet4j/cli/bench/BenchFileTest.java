package io.github.alexnet4j.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench writes its files from a finished run (the step that comes after half an hour of measuring). */
class BenchFileTest {

    @Test
    void aRunsRowsBecomeTheTableWithRatiosAndSharesOfThePeak(@TempDir Path out) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("case", "torchvision-infer-1");
        row.put("dl4j", json.readTree("{\"images_per_second\": 60.0, \"gflops_per_image\": 1.5, \"peak_rss_mb\": 460}"));
        row.put("pytorch", json.readTree("{\"images_per_second\": 20.0, \"peak_rss_mb\": 500}"));
        row.put("pytorch_best", json.readTree("{\"images_per_second\": 24.0, \"peak_rss_mb\": 520, \"settings\": {\"memory_format\": \"channels_last\"}}"));
        row.put("onnxruntime", json.readTree("{\"images_per_second\": 75.0}"));
        Map<String, Object> peak = new LinkedHashMap<>();
        peak.put("fma_probe", json.readTree("{\"fma_gflops\": 200.0, \"vector_bits\": 512, \"threads\": 2}"));
        peak.put("sgemm_gflops", 180.0);
        peak.put("cpu_flags", "avx2 avx512f");

        BenchCommand.write(out, List.of(row), peak, Map.of("command", "./alexnet bench"));

        String md = Files.readString(out.resolve("bench-" + java.time.LocalDate.now() + ".md"));
        // 60 img/s against PyTorch's faster 24 and ONNX Runtime's 75; 90 GFLOP/s is 45 % of 200, PyTorch's 36 is 18 %
        assertTrue(md.contains("| torchvision-infer-1 | 60.0 | 20.0 | 24.0 | 75.0 | 2.50 | 0.80 | 90 | 45 % | 18 % | 460 MB | 520 MB |"), md);
        assertTrue(md.contains("Peak: 200 GFLOP/s float32"), md);
        assertTrue(Files.exists(out.resolve("bench-" + java.time.LocalDate.now() + ".json")));
    }
}
