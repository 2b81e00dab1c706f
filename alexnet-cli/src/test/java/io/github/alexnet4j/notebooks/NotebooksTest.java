package io.github.alexnet4j.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.alexnet4j.cli.TrainTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every notebook runs headless with the project's Java kernel, no cell reports an error, every image it
 * shows is a complete PNG (checked chunk by chunk, CRCs included), and each shows what it exists to show.
 * The figures notebook draws from a model this test trains, never from whatever sits in {@code runs/}.
 * Needs Jupyter and the kernel (notebooks/setup, which .ci/run calls); without them the test is skipped
 * on a developer's machine and fails under CI.
 */
class NotebooksTest {

    static final Path HOME = Path.of(System.getProperty("alexnet.home", "..")).toAbsolutePath().normalize();
    private static final Pattern INLINE_PNG = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)");

    @TempDir
    static Path out;

    static Path model;

    @BeforeAll
    static void kernelAndModel() throws Exception {
        if (!Files.isRegularFile(Path.of("/usr/bin/jupyter")) || !kernelInstalled()) {
            String msg = "Jupyter or the alexnet-java kernel is not installed: run notebooks/setup";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(msg);
            System.err.println("SKIPPED (no notebook kernel): " + msg);
            org.junit.jupiter.api.Assumptions.abort(msg);
        }
        TrainTestSupport.setUp(out.resolve("cache"));
        Path run = out.resolve("tiny-run");
        TrainTestSupport.cli(0, TrainTestSupport.tinyTrain(run, 1, "--set", "training.tenCrop=false").toArray(String[]::new));
        model = run.resolve("model.zip");
    }

    @Test
    void quickstartBuildsThePaperNetAndShowsAPhoto() throws Exception {
        Executed nb = execute("quickstart");
        assertTrue(nb.text().contains("60,965,224 parameters"), "the paper net's parameter count");
        assertTrue(nb.text().contains("conv1_a") && nb.text().contains("conv1_b"), "the layer table shows both towers");
        assertEquals(1, nb.pngs().size(), "the photo after the paper's rescale");
        assertEquals(256, nb.pngs().get(0).getWidth());
    }

    @Test
    void resultsShowsRunsBenchAndAblationsAsTables() throws Exception {
        Executed nb = execute("results");
        List<Path> sweeps;
        try (Stream<Path> s = Files.list(HOME.resolve("results/ablation"))) {
            sweeps = s.filter(p -> Files.exists(p.resolve("table.csv"))).sorted().toList();
        }
        assertFalse(sweeps.isEmpty());
        for (Path sweep : sweeps) {
            assertTrue(nb.html().contains("<h3>" + sweep.getFileName() + "</h3>"), "a table for sweep " + sweep.getFileName());
        }
        long figure1 = sweeps.stream().filter(p -> Files.exists(p.resolve("figure1.csv"))
                && (p.getFileName().toString().equals("figure1") || p.getFileName().toString().equals("figure1-fourlayer"))).count();
        assertEquals(2, figure1, "Figure 1 on the four-layer net and on the CIFAR AlexNet");
        // runs, bench, pipeline, one per sweep, one speed table per Figure 1
        assertEquals(3 + sweeps.size() + figure1, count(nb.html(), "<table>"), "tables shown");
        assertTrue(nb.html().contains("paper's Δ top-1") && nb.html().contains("significant"), "paper's deltas and significance");
        assertTrue(nb.html().contains("verdict") && nb.html().contains("cannot tell at this budget"), "what each sweep can resolve");
        // learning curves (2), bench ratios, one delta chart per sweep, one chart per Figure 1
        assertEquals(2 + 1 + sweeps.size() + figure1, nb.pngs().size(), "charts shown");
        assertTrue(nb.html().contains("main-job-") && nb.html().contains("cifar10-long-"), "the main job beside the long run");

        // what a reader gets from nbconvert's HTML export: real tables, not text
        Path html = out.resolve("results.html");
        run(List.of("/usr/bin/jupyter", "nbconvert", "--to", "html", "--output", html.toString(), out.resolve("results.ipynb").toString()),
                out.resolve("results-html.log"), 5);
        assertEquals(3 + sweeps.size() + figure1, count(Files.readString(html), "<table>"), "tables in the HTML export");
    }

    @Test
    void figuresDrawsTheGivenModel() throws Exception {
        Executed nb = execute("figures");
        assertTrue(nb.text().contains("model: model.zip from tiny-run"), "uses ALEXNET_MODEL, the model this test trained");
        assertTrue(nb.text().contains("colour specificity per tower"));
        assertEquals(3, nb.pngs().size(), "Figure 3, Figure 4 left and right");
    }

    record Executed(String text, String html, List<java.awt.image.BufferedImage> pngs) {
    }

    /** Runs the notebook, fails on any error cell or invalid image, and returns what its cells showed. */
    private Executed execute(String name) throws Exception {
        Path log = out.resolve(name + ".log");
        run(List.of("/usr/bin/jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.timeout=600", "--ExecutePreprocessor.startup_timeout=120",
                "--output-dir", out.toString(), HOME.resolve("notebooks").resolve(name + ".ipynb").toString()), log, 15);
        JsonNode nb = new ObjectMapper().readTree(out.resolve(name + ".ipynb").toFile());
        List<String> problems = new ArrayList<>();
        StringBuilder text = new StringBuilder(), html = new StringBuilder();
        List<java.awt.image.BufferedImage> pngs = new ArrayList<>();
        int cells = 0;
        for (JsonNode cell : nb.get("cells")) {
            if (!"code".equals(cell.get("cell_type").asText())) continue;
            cells++;
            if (cell.get("outputs").isEmpty()) problems.add("cell " + cells + " produced no output");
            for (JsonNode o : cell.get("outputs")) {
                String all = o.toString();
                if ("error".equals(o.path("output_type").asText()) || all.contains("Exception") && !all.contains("InvalidConfigException")) {
                    problems.add("cell " + cells + ": " + all.substring(0, Math.min(400, all.length())));
                }
                text.append(joined(o.path("text"))).append(joined(o.path("data").path("text/plain")));
                String h = joined(o.path("data").path("text/html"));
                text.append(h);
                html.append(h);
                try {
                    if (o.path("data").has("image/png")) pngs.add(StrictPng.decode(Base64.getMimeDecoder().decode(joined(o.path("data").path("image/png")))));
                    Matcher m = INLINE_PNG.matcher(h);
                    while (m.find()) pngs.add(StrictPng.decode(Base64.getDecoder().decode(m.group(1))));
                } catch (IllegalArgumentException e) {
                    problems.add("cell " + cells + ": invalid image: " + e.getMessage());
                }
            }
        }
        assertTrue(cells > 0, "no code cells");
        assertEquals(List.of(), problems, name + " has failing cells");
        return new Executed(text.toString(), html.toString(), pngs);
    }

    private void run(List<String> command, Path log, int minutes) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("ALEXNET_MODEL", model.toString());
        Process p = pb.start();
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(command.get(command.size() - 1) + " did not finish in " + minutes + " minutes");
        }
        if (p.exitValue() != 0) fail(command.get(command.size() - 1) + ": nbconvert failed:\n" + tail(log));
    }

    /** Notebook text fields are a string or a list of lines. */
    private static String joined(JsonNode field) {
        if (field.isMissingNode() || field.isNull()) return "";
        if (!field.isArray()) return field.asText();
        StringBuilder sb = new StringBuilder();
        field.forEach(line -> sb.append(line.asText()));
        return sb.toString();
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int at = s.indexOf(what); at >= 0; at = s.indexOf(what, at + 1)) n++;
        return n;
    }

    /**
     * Whether Jupyter finds the kernel, wherever notebooks/setup put it ($HOME, JUPYTER_DATA_DIR, ...): asked
     * of jupyter_client itself (what `jupyter kernelspec list` does; Debian's Jupyter lacks that command).
     */
    static boolean kernelInstalled() throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import json; from jupyter_client.kernelspec import "
                + "KernelSpecManager; print(json.dumps(KernelSpecManager().find_kernel_specs()))")
                .redirectErrorStream(true).start();
        String json = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) return false;
        return new ObjectMapper().readTree(json).has("alexnet-java");
    }

    private static String tail(Path log) throws Exception {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
