package io.github.alexnet4j.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every notebook runs headless with the project's Java kernel and no cell reports an error.
 * Needs Jupyter and the kernel (notebooks/setup, which .ci/run calls); without them the test is
 * skipped on a developer's machine and fails under CI.
 */
class NotebooksTest {

    static final Path HOME = Path.of(System.getProperty("alexnet.home", "..")).toAbsolutePath().normalize();

    @TempDir
    Path out;

    @ParameterizedTest
    @ValueSource(strings = {"quickstart", "results", "figures"})
    void notebookRunsWithoutErrors(String name) throws Exception {
        if (!Files.isRegularFile(Path.of("/usr/bin/jupyter")) || !kernelInstalled()) {
            String msg = "Jupyter or the alexnet-java kernel is not installed: run notebooks/setup";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(msg);
            Assumptions.abort(msg);
        }
        Path log = out.resolve(name + ".log");
        Process p = new ProcessBuilder("/usr/bin/jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.timeout=600", "--ExecutePreprocessor.startup_timeout=120",
                "--output-dir", out.toString(), HOME.resolve("notebooks").resolve(name + ".ipynb").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(name + " did not finish in 15 minutes");
        }
        if (p.exitValue() != 0) fail(name + ": nbconvert failed:\n" + tail(log));
        JsonNode nb = new ObjectMapper().readTree(out.resolve(name + ".ipynb").toFile());
        List<String> problems = new ArrayList<>();
        int cells = 0;
        for (JsonNode cell : nb.get("cells")) {
            if (!"code".equals(cell.get("cell_type").asText())) continue;
            cells++;
            if (cell.get("outputs").isEmpty()) problems.add("cell " + cells + " produced no output");
            for (JsonNode o : cell.get("outputs")) {
                String text = o.toString();
                if ("error".equals(o.path("output_type").asText()) || text.contains("Exception") && !text.contains("InvalidConfigException")) {
                    problems.add("cell " + cells + ": " + text.substring(0, Math.min(400, text.length())));
                }
            }
        }
        assertTrue(cells > 0, "no code cells");
        assertEquals(List.of(), problems, name + " has failing cells");
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
