package io.github.alexnet4j.cli.bench;

import io.github.alexnet4j.cli.AlexNetCli;
import io.github.alexnet4j.train.report.MachineInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.AlexNetGraph;
import io.github.alexnet4j.model.Flops;
import io.github.alexnet4j.model.optim.OptimizerConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Training and inference throughput of the paper's network and the CIFAR-10 preset, each case in its
 * own JVM (so its peak memory is its own), with the PyTorch peer run on the same shapes in the same
 * invocation. Only ratios from one invocation count: the machine is shared and noisy.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Throughput vs PyTorch in the same run (training, inference, peak memory); writes results/bench/.")
public final class BenchCommand implements Callable<Integer> {

    static final List<String> CASES = List.of("paper-train-32", "paper-train-128", "paper-infer-128",
            "cifar10-train-128", "cifar10-infer-128");

    @Option(names = "--case", description = "run one case in this JVM and print its JSON line (used internally)")
    String only;

    @Option(names = "--out", defaultValue = "results/bench", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--no-peer", description = "skip PyTorch")
    boolean noPeer;

    @Option(names = "--cases", split = ",", description = "subset of cases (default: all)")
    List<String> cases;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public Integer call() throws Exception {
        if (only != null) {
            System.out.println(JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(runCase(only)));
            return 0;
        }
        Path home = Path.of(System.getProperty("alexnet.home", "."));
        double peak = peakGflops();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String c : cases != null ? cases : CASES) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("case", c);
            JsonNode ours = child(List.of(javaBin(), "-Xmx12g", "-cp", System.getProperty("java.class.path"),
                    "-Dalexnet.home=" + home, AlexNetCli.class.getName(), "bench", "--case", c));
            row.put("dl4j", ours);
            if (!noPeer) row.put("pytorch", child(List.of(home.resolve("bench/peer/run").toString(), c)));
            rows.add(row);
            System.err.println(c + ": " + row);
        }
        Map<String, String> machine = MachineInfo.describe(MachineInfo.commandLine("./alexnet bench" + (noPeer ? " --no-peer" : "")));
        write(rows, peak, machine);
        return 0;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static JsonNode child(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            return JSON.createObjectNode().put("error", "exit " + (p.isAlive() ? "timeout" : p.exitValue()) + ": " + output);
        }
        String[] lines = output.trim().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    static Map<String, Object> runCase(String c) {
        String[] parts = c.split("-");
        AlexNetConfig cfg = parts[0].equals("paper") ? AlexNetConfig.paper() : AlexNetConfig.cifar10();
        boolean train = parts[1].equals("train");
        int batch = Integer.parseInt(parts[2]);
        ComputationGraph net = AlexNetGraph.build(cfg, OptimizerConfig.paper());
        INDArray x = Nd4j.randn(batch, 3, cfg.inputSize(), cfg.inputSize());
        INDArray y = Nd4j.zeros(batch, cfg.numClasses());
        for (int i = 0; i < batch; i++) y.putScalar(i, i % cfg.numClasses(), 1);
        DataSet ds = new DataSet(x, y);
        int warmup = parts[0].equals("paper") ? 2 : 3, iters = parts[0].equals("paper") ? 5 : 15;
        double[] t = new double[iters];
        for (int i = 0; i < warmup + iters; i++) {
            long s = System.nanoTime();
            if (train) net.fit(ds);
            else net.outputSingle(false, x);
            if (i >= warmup) t[i - warmup] = (System.nanoTime() - s) / 1e9;
        }
        Arrays.sort(t);
        double median = t[iters / 2];
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("case", c);
        r.put("images_per_second", batch / median);
        r.put("peak_rss_mb", peakRssMb());
        r.put("threads", Runtime.getRuntime().availableProcessors());
        r.put("gflops_per_image", (train ? Flops.trainFlopsPerImage(cfg) : Flops.inferenceFlopsPerImage(cfg)) / 1e9);
        r.put("natives", MachineInfo.nativeBuild());
        return r;
    }

    /** This process's peak resident set (VmHWM), in MB. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return Double.NaN;
    }

    /** The machine's measured fp32 peak: best of several 2048² SGEMMs through ND4J's BLAS. */
    static double peakGflops() {
        int n = 2048;
        INDArray a = Nd4j.rand(n, n), b = Nd4j.rand(n, n), c = Nd4j.create(n, n);
        double best = 0;
        for (int i = 0; i < 8; i++) {
            long s = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            best = Math.max(best, 2.0 * n * n * n / ((System.nanoTime() - s) / 1e9) / 1e9);
        }
        return best;
    }

    private void write(List<Map<String, Object>> rows, double peak, Map<String, String> machine) throws IOException {
        StringBuilder md = new StringBuilder("# Throughput: this project (DL4J) vs PyTorch, same invocation\n\n");
        md.append(String.format("Both at %d threads; median of timed iterations after warm-up; random data. Measured peak "
                + "(2048² SGEMM through ND4J's OpenBLAS): %.0f GFLOP/s.%n%n", Runtime.getRuntime().availableProcessors(), peak));
        md.append("| case | DL4J img/s | PyTorch img/s | DL4J / PyTorch | DL4J % of peak | PyTorch % of peak | DL4J peak RSS | PyTorch peak RSS |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : rows) {
            JsonNode d = (JsonNode) r.get("dl4j"), p = (JsonNode) r.get("pytorch");
            double di = d.path("images_per_second").asDouble(Double.NaN), pi = p == null ? Double.NaN : p.path("images_per_second").asDouble(Double.NaN);
            double gf = d.path("gflops_per_image").asDouble(Double.NaN);
            md.append(String.format("| %s | %.1f | %.1f | %.2f | %.0f %% | %.0f %% | %.0f MB | %.0f MB |%n", r.get("case"), di, pi,
                    di / pi, 100 * di * gf / peak, 100 * pi * gf / peak, d.path("peak_rss_mb").asDouble(Double.NaN),
                    p == null ? Double.NaN : p.path("peak_rss_mb").asDouble(Double.NaN)));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("peak_gflops", peak);
        data.put("rows", rows);
        MeasurementFiles.write(out, "bench", md.toString(), machine, data);
    }
}
