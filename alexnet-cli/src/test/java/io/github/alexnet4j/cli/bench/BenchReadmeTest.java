package io.github.alexnet4j.cli.bench;

import io.github.alexnet4j.cli.ReadmeText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.alexnet4j.cli.TrainTestSupport;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The README's speed ratios are the bench file's: each ratio in the rows below, formatted to two decimals,
 * equals DL4J's images per second over the peer's in the JSON file the row names, PyTorch's being the faster of
 * its two rows in that case (its defaults, or channels-last, which is not always faster).
 */
class BenchReadmeTest {

    /** The peer the ratios compare with: PyTorch's faster row in the case, its default or channels-last ("best"). */
    private static final String FASTER = "pytorch's faster";

    private static final Path HOME = TrainTestSupport.HOME;

    @Test
    void speedRowsStateTheRatiosOfTheBenchFileTheyName() throws Exception {
        String readme = Files.readString(HOME.resolve("README.md"));
        String users = ReadmeText.row(readme, "| **speed against what users run**");
        JsonNode bench = benchOf(users, ".json");
        assertTorchvisionRatios(users, bench);

        // the share of the measured peak, and what 1.2x PyTorch best would take (its share times 1.2)
        double[] train = {percent(bench, "torchvision-train-32", "dl4j"), percent(bench, "torchvision-train-128", "dl4j")};
        double[] bestTrain = {percent(bench, "torchvision-train-32", FASTER), percent(bench, "torchvision-train-128", FASTER)};
        assertContains(users, "measured peak %.0f GFLOP/s", peakGflops(bench));
        assertHas(users, "runs at **" + range(train) + "** of the machine's peak in training");
        assertContains(users, "and **%.0f %%** in inference at batch 128", percent(bench, "torchvision-infer-128", "dl4j"));
        assertHas(users, "(PyTorch best: " + range(bestTrain) + String.format(Locale.ROOT, ", %.0f %%)",
                percent(bench, "torchvision-infer-128", FASTER)));
        assertContains(users, "would need %.0f %% of peak across a whole training step", 1.2 * bestTrain[1]);
        assertContains(users, "and %.0f %% in inference", 1.2 * percent(bench, "torchvision-infer-128", FASTER));
        assertContains(users, "as fast per image as batch 32 (%.1f vs ", speed(bench, "torchvision-train-128"));
        assertContains(users, " vs %.1f img/s)", speed(bench, "torchvision-train-32"));
        assertTrue(speed(bench, "torchvision-train-128") >= speed(bench, "torchvision-train-32"), "batch 128 at least as fast per image");

        // the second invocation the row quotes, right after the first on the same code
        java.util.regex.Matcher again = java.util.regex.Pattern.compile("a second invocation right after \\(`([\\w./-]+)\\.md`\\)").matcher(users);
        assertTrue(again.find(), "the speed row quotes a second invocation");
        JsonNode second = new ObjectMapper().readTree(HOME.resolve("results/bench/" + again.group(1) + ".json").toFile());
        assertTorchvisionRatios(users.substring(again.end()), second);
        assertEquals(bench.get("provenance").get("commit"), second.get("provenance").get("commit"), "both invocations ran the same code");

        String paper = ReadmeText.row(readme, "| the paper's two-tower net with LRN vs the same net in PyTorch");
        assertContains(paper, "training **%.2f×** (batch 32)", ratio(bench, "paper-train-32", FASTER));
        assertContains(paper, "**%.2f×** (batch 128;", ratio(bench, "paper-train-128", FASTER));
        assertContains(paper, "inference **%.2f×**", ratio(bench, "paper-infer-128", FASTER));
        assertContains(paper, "and %.2f× (batch 1)", ratio(bench, "paper-infer-1", FASTER));
        assertHas(paper, String.format(Locale.ROOT, "the second invocation %.2f× / %.2f×, %.2f×", ratio(second, "paper-train-32", FASTER),
                ratio(second, "paper-train-128", FASTER), ratio(second, "paper-infer-128", FASTER)));

        String ort = ReadmeText.row(readme, "| inference vs ONNX Runtime");
        assertContains(ort, "**%.2f×** (torchvision layout)", ratio(bench, "torchvision-infer-128", "onnxruntime"));
        assertContains(ort, "**%.2f×** (paper net)", ratio(bench, "paper-infer-128", "onnxruntime"));
        for (JsonNode run : new JsonNode[]{bench, second}) {
            assertContains(ort, "%.2f×", ratio(run, "torchvision-infer-1", "onnxruntime"));
            assertContains(ort, "%.2f×", ratio(run, "paper-infer-1", "onnxruntime"));
            assertContains(ort, "%.1f", 1000 / peerSpeed(caseRow(run, "torchvision-infer-1"), "onnxruntime"));
            assertContains(ort, "%.1f", 1000 / speed(run, "torchvision-infer-1"));
        }
        assertHas(ort, String.format(Locale.ROOT, "the second invocation %.2f× / %.2f× at batch 128 and %.2f× / %.2f× at batch 1",
                ratio(second, "torchvision-infer-128", "onnxruntime"), ratio(second, "paper-infer-128", "onnxruntime"),
                ratio(second, "torchvision-infer-1", "onnxruntime"), ratio(second, "paper-infer-1", "onnxruntime")));

        // bf16 training: the first bench of its folder and the full bench the row names, each against PyTorch best
        // (autocast) and DL4J's own float32 in the same invocation
        String bf16Train = ReadmeText.row(readme, "| bf16 training");
        assertTrue(bf16Train.contains("`results/bench/bf16-training-2026-12-01/`"), bf16Train);
        assertTrue(bf16Train.contains("`results/bench/bench-2026-12-01-5.md`"), bf16Train);
        JsonNode[] trainRuns = {new ObjectMapper().readTree(HOME.resolve("results/bench/bf16-training-2026-12-01/bench-first.json").toFile()),
                new ObjectMapper().readTree(HOME.resolve("results/bench/bench-2026-12-01-5.json").toFile())};
        double[][] t = new double[2][6];
        for (int i = 0; i < 2; i++) {
            JsonNode run = trainRuns[i];
            t[i] = new double[]{ratio(run, "torchvision-train-128-bf16", FASTER), speed(run, "torchvision-train-128-bf16"),
                    speed(run, "torchvision-train-128-bf16") / speed(run, "torchvision-train-128"),
                    peerSpeed(caseRow(run, "torchvision-train-128"), FASTER),
                    ratio(run, "torchvision-train-32-bf16", FASTER), speed(run, "torchvision-train-32-bf16") / speed(run, "torchvision-train-32")};
            assertEquals("bf16 (torch.autocast)", caseRow(run, "torchvision-train-128-bf16").get("pytorch_best").get("precision").asText());
            assertEquals("bf16 convolutions (-Dalexnet.bf16=true)", caseRow(run, "torchvision-train-128-bf16").get("dl4j").get("precision").asText());
        }
        assertHas(bf16Train, String.format(Locale.ROOT, "batch 128: **%.2f×** and **%.2f×** in two invocations (DL4J %.1f and %.1f img/s, "
                + "%.2f× and %.2f× its float32 speed in the same invocations; PyTorch's float32 best: %.1f and %.1f)",
                t[0][0], t[1][0], t[0][1], t[1][1], t[0][2], t[1][2], t[0][3], t[1][3]));
        assertHas(bf16Train, String.format(Locale.ROOT, "batch 32: **%.2f×** and **%.2f×** (%.2f× and %.2f× its float32)",
                t[0][4], t[1][4], t[0][5], t[1][5]));
        if (Math.min(Math.min(t[0][0], t[1][0]), Math.min(t[0][4], t[1][4])) < 1.05) {
            assertTrue(bf16Train.contains("not clearly ahead"), "an invocation at parity must not be told as a lead: " + bf16Train);
        }

        // bf16 inference: the two invocations the row names (the file and its repeat), each against PyTorch best
        // and against DL4J's own float32 speed in the same invocation
        String bf16 = ReadmeText.row(readme, "| bf16 inference");
        JsonNode[] runs = {benchOf(bf16, ".json"), benchOf(bf16, "-repeat.json")};
        double[] overFloat = new double[2];
        for (int i = 0; i < 2; i++) overFloat[i] = speed(runs[i], "torchvision-infer-128-bf16") / speed(runs[i], "torchvision-infer-128");
        assertHas(bf16, String.format(Locale.ROOT, "batch 128: **%.2f×** and **%.2f×** in two invocations (DL4J %.0f and %.0f img/s, "
                        + "%.2f× and %.2f× its float32 speed", ratio(runs[0], "torchvision-infer-128-bf16", FASTER),
                ratio(runs[1], "torchvision-infer-128-bf16", FASTER), speed(runs[0], "torchvision-infer-128-bf16"),
                speed(runs[1], "torchvision-infer-128-bf16"), overFloat[0], overFloat[1]));
        assertHas(bf16, String.format(Locale.ROOT, "batch 1: **%.2f×** and **%.2f×**", ratio(runs[0], "torchvision-infer-1-bf16", FASTER),
                ratio(runs[1], "torchvision-infer-1-bf16", FASTER)));
        for (JsonNode run : runs) {
            assertEquals("bf16 convolutions (-Dalexnet.bf16=true)", caseRow(run, "torchvision-infer-128-bf16").get("dl4j").get("precision").asText());
        }
        String paragraph16 = ReadmeText.paragraph(readme, "**bf16 inference.**");
        assertHas(paragraph16, String.format(Locale.ROOT, "%.2f–%.2f× as fast as float32", Math.min(overFloat[0], overFloat[1]),
                Math.max(overFloat[0], overFloat[1])));

        // peak memory, DL4J's peak resident set over PyTorch best's: the range over every case with glibc's
        // defaults (the speed rows' bench) and with the low-memory setting (the bench the row names)
        String memory = ReadmeText.row(readme, "| peak memory");
        assertTrue(memory.contains(memoryRange(bench)), "README row should say " + memoryRange(bench) + ":\n" + memory);
        assertHas(memory, memoryRange(second).replace(" PyTorch's", " in the second invocation"));
        JsonNode lowMemory = benchOf(memory, ".json");
        assertTrue(lowMemory.get("rows").get(0).get("dl4j").get("malloc").asText().startsWith("MALLOC_MMAP_THRESHOLD_="),
                "the memory row's bench ran with the low-memory setting");
        assertTrue(memory.contains(memoryRange(lowMemory)), "README row should say " + memoryRange(lowMemory) + ":\n" + memory);

        // the "Less memory" paragraph's example: torchvision-layout training at batch 128 in the two benches it
        // names, the first with glibc's defaults, the second with the low-memory setting
        String paragraph = ReadmeText.paragraph(readme, "**Less memory.**");
        java.util.regex.Matcher named = java.util.regex.Pattern.compile("`(bench-[\\w-]+)\\.md`").matcher(paragraph);
        assertTrue(named.find(), "the Less memory paragraph names its benches");
        JsonNode before = new ObjectMapper().readTree(HOME.resolve("results/bench/" + named.group(1) + ".json").toFile());
        assertTrue(named.find(), "the Less memory paragraph names two benches");
        JsonNode after = new ObjectMapper().readTree(HOME.resolve("results/bench/" + named.group(1) + ".json").toFile());
        assertTrue(before.get("rows").get(0).get("dl4j").get("malloc").asText().startsWith("glibc defaults"), "first: default malloc");
        assertTrue(after.get("rows").get(0).get("dl4j").get("malloc").asText().startsWith("MALLOC_MMAP_THRESHOLD_="), "second: the setting");
        String example = String.format(Locale.ROOT, "%.0f → %.0f MB", peak(before, "torchvision-train-128"), peak(after, "torchvision-train-128"));
        assertTrue(paragraph.contains(example), "README's Less memory paragraph should say " + example);
    }

    /** The four torchvision-layout ratios against PyTorch best, as a speed row states them. */
    private static void assertTorchvisionRatios(String row, JsonNode bench) {
        assertContains(row, "training **%.2f×** (batch 32)", ratio(bench, "torchvision-train-32", FASTER));
        assertContains(row, "and **%.2f×** (batch 128), inference", ratio(bench, "torchvision-train-128", FASTER));
        assertContains(row, "inference **%.2f×** (batch 128)", ratio(bench, "torchvision-infer-128", FASTER));
        assertContains(row, "and **%.2f×** (batch 1)", ratio(bench, "torchvision-infer-1", FASTER));
    }

    /**
     * The AVX2-only machine's row: its bench file's torchvision-layout ratios, DL4J's share of that machine's peak in
     * training at batch 128, and the ratios to ONNX Runtime it states.
     */
    @Test
    void theAvx2RowStatesItsOwnBench() throws Exception {
        String row = ReadmeText.row(Files.readString(HOME.resolve("README.md")), "| the same comparison on an AVX2-only CPU");
        JsonNode bench = benchOf(row, ".json");
        assertTorchvisionRatios(row, bench);
        assertContains(row, "measured peak %.0f GFLOP/s", peakGflops(bench));
        assertContains(row, "**%.0f %%** of that peak training at batch 128", percent(bench, "torchvision-train-128", "dl4j"));
        assertContains(row, "PyTorch best %.0f %%)", percent(bench, "torchvision-train-128", FASTER));
        assertContains(row, "ONNX Runtime **%.2f×** (batch 128)", ratio(bench, "torchvision-infer-128", "onnxruntime"));
        assertContains(row, "and **%.2f×** (batch 1); paper net", ratio(bench, "torchvision-infer-1", "onnxruntime"));
        assertContains(row, "paper net training **%.2f×**", ratio(bench, "paper-train-32", FASTER));
        assertContains(row, " / **%.2f×**, inference", ratio(bench, "paper-train-128", FASTER));
        assertContains(row, "inference **%.2f×** (batch 128)", ratio(bench, "paper-infer-128", FASTER));
        assertTrue(caseRow(bench, "torchvision-train-32").get("dl4j").get("natives").asText().endsWith("onednn-avx2"), "an AVX2 build ran");
    }

    /** The bench's peak: the FMA probe's, or the SGEMM's when that went faster (BenchCommand.peakGflops). */
    private static double peakGflops(JsonNode bench) {
        JsonNode peak = bench.get("peak");
        return BenchCommand.peakGflops(peak.get("fma_probe").path("fma_gflops").asDouble(Double.NaN), peak.get("sgemm_gflops").asDouble());
    }

    /** A side's share of the peak in %, at the FLOPs per image of this project's network. */
    private static double percent(JsonNode bench, String benchCase, String side) {
        JsonNode r = caseRow(bench, benchCase);
        return 100 * peerSpeed(r, side) * r.get("dl4j").get("gflops_per_image").asDouble() / peakGflops(bench);
    }

    private static double speed(JsonNode bench, String benchCase) {
        return caseRow(bench, benchCase).get("dl4j").get("images_per_second").asDouble();
    }

    /** "a–b %", or "a %" when both round alike, lowest first. */
    private static String range(double[] v) {
        long lo = Math.round(Math.min(v[0], v[1])), hi = Math.round(Math.max(v[0], v[1]));
        return lo == hi ? lo + " %" : lo + "–" + hi + " %";
    }

    private static double peak(JsonNode bench, String benchCase) {
        return caseRow(bench, benchCase).get("dl4j").get("peak_rss_mb").asDouble();
    }

    private static String memoryRange(JsonNode bench) {
        double low = Double.MAX_VALUE, high = 0;
        for (JsonNode r : bench.get("rows")) {
            double m = r.get("dl4j").get("peak_rss_mb").asDouble() / r.get("pytorch_best").get("peak_rss_mb").asDouble();
            low = Math.min(low, m);
            high = Math.max(high, m);
        }
        return String.format(Locale.ROOT, "%.2f–%.2f× PyTorch's", low, high);
    }

    /** The JSON bench file beside the markdown one the row names, its name's ".md" replaced by {@code suffix}. */
    private static JsonNode benchOf(String row, String suffix) throws java.io.IOException {
        return new ObjectMapper().readTree(HOME.resolve(file(row).replaceAll("\\.md$", suffix)).toFile());
    }

    /** The results file the row names in its last column. */
    private static String file(String row) {
        String[] cells = row.split("\\|");
        return cells[cells.length - 1].trim().replace("`", "");
    }

    private static double ratio(JsonNode bench, String benchCase, String peer) {
        JsonNode r = caseRow(bench, benchCase);
        return r.get("dl4j").get("images_per_second").asDouble() / peerSpeed(r, peer);
    }

    /** A peer's images per second in a case's row; {@link #FASTER}: PyTorch's faster row, default or channels-last. */
    private static double peerSpeed(JsonNode r, String peer) {
        if (!peer.equals(FASTER)) return r.get(peer).get("images_per_second").asDouble();
        return BenchCommand.faster(r.path("pytorch").path("images_per_second").asDouble(Double.NaN),
                r.path("pytorch_best").path("images_per_second").asDouble(Double.NaN));
    }

    private static JsonNode caseRow(JsonNode bench, String benchCase) {
        for (JsonNode r : bench.get("rows")) {
            if (r.get("case").asText().equals(benchCase)) return r;
        }
        throw new AssertionError("no case " + benchCase + " in the bench file");
    }

    private static void assertHas(String row, String text) {
        assertTrue(row.contains(text), "README row should say " + text + ":\n" + row);
    }

    private static void assertContains(String row, String format, double value) {
        String want = String.format(Locale.ROOT, format, value);
        assertTrue(row.contains(want), "README row should say " + want + ":\n" + row);
    }
}
