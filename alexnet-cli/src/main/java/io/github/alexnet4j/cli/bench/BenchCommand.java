package io.github.alexnet4j.cli.bench;

import io.github.alexnet4j.cli.AlexNetCli;
import io.github.alexnet4j.train.report.MachineInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.Implementation;
import io.github.alexnet4j.model.AlexNetGraph;
import io.github.alexnet4j.model.Flops;
import io.github.alexnet4j.model.backend.Dnnl;
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
 * Training and inference throughput, each case in its own JVM (so its peak memory is its own), with the
 * peers run on the same shapes in the same invocation: PyTorch with its defaults and with its best CPU
 * settings, and ONNX Runtime on this project's own ONNX export for inference. Cases: torchvision's layout
 * against {@code torchvision.models.alexnet} (what most users would run instead, the same arithmetic per
 * image as the paper's net), the paper's two-tower net against the same net in PyTorch (groups=2, LRN),
 * and the CIFAR-10 preset. Every case is also put against the machine's measured float32 peak (an FMA
 * probe at the same thread count). Only ratios from one invocation count: the machine is shared and noisy.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Throughput vs PyTorch in the same run (training, inference, peak memory); writes results/bench/.")
public final class BenchCommand implements Callable<Integer> {

    static final List<String> CASES = List.of("torchvision-train-32", "torchvision-train-128", "torchvision-infer-128",
            "torchvision-infer-1", "paper-train-32", "paper-train-128", "paper-infer-128", "paper-infer-1",
            "cifar10-train-128", "cifar10-infer-128");
    /**
     * Training and inference with bf16 convolutions ({@code -Dalexnet.bf16=true}) against PyTorch in bf16
     * (autocast; for inference at its best, a bfloat16 model), run by default where oneDNN has bf16 kernels;
     * ONNX Runtime's CPU provider has no bf16 convolutions, so none there.
     */
    static final List<String> BF16_CASES = List.of("torchvision-train-32-bf16", "torchvision-train-128-bf16",
            "torchvision-infer-128-bf16", "torchvision-infer-1-bf16");

    @Option(names = "--case", description = "run one case in this JVM and print its JSON line (used internally)")
    String only;

    @Option(names = "--ort-case", description = "run one inference case in ONNX Runtime in this JVM (the bench's peer; alone with --ort-profile)")
    String ortOnly;

    @Option(names = "--ort-profile", description = "with --ort-case: write ONNX Runtime's profile of every run (warm-up included; "
            + "JSON trace, each node's kernel time) to this file")
    Path ortProfile;

    @Option(names = "--out", defaultValue = "results/bench", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--no-peer", description = "skip PyTorch")
    boolean noPeer;

    @Option(names = "--cases", split = ",", description = "subset of cases (default: all)")
    List<String> cases;

    @Option(names = "--lrn", description = "LRN implementation of this project's networks: FAST (default) or DL4J, to measure what FastLrn buys")
    Implementation.Kind lrn;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public Integer call() throws Exception {
        if (only != null) {
            System.out.println(JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(runCase(only, lrn)));
            return 0;
        }
        if (ortOnly != null) {
            System.out.println(JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(OrtPeer.run(ortOnly, ortProfile)));
            return 0;
        }
        Path home = Path.of(System.getProperty("alexnet.home", "."));
        List<String> ours = List.of(javaBin(), "-Xmx12g", "-cp", System.getProperty("java.class.path"),
                "-Dalexnet.home=" + home, AlexNetCli.class.getName(), "bench");
        Map<String, Object> peak = new LinkedHashMap<>();
        JsonNode fma = child(List.of(javaBin(), "--add-modules", "jdk.incubator.vector", home.resolve("bench/FmaProbe.java").toString(),
                String.valueOf(Runtime.getRuntime().availableProcessors())));
        peak.put("fma_probe", fma);
        peak.put("sgemm_gflops", sgemmGflops());
        peak.put("cpu_flags", MachineInfo.cpuFlags());
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> all = new ArrayList<>(CASES);
        if (Dnnl.hasBf16Kernels()) all.addAll(BF16_CASES);
        for (String c : cases != null ? cases : all) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("case", c);
            row.put("dl4j", child(lrn == null ? concat(ours, "--case", c) : concat(ours, "--case", c, "--lrn", lrn.name())));
            if (!noPeer) {
                row.put("pytorch", peer(List.of(home.resolve("bench/peer/run").toString(), c)));
                row.put("pytorch_best", peer(List.of(home.resolve("bench/peer/run").toString(), c + "-best")));
            }
            if (c.contains("-infer-") && !bf16(c)) row.put("onnxruntime", peer(concat(ours, "--ort-case", c)));
            rows.add(row);
            System.err.println(c + ": " + row);
        }
        Map<String, String> machine = MachineInfo.describe(MachineInfo.commandLine("./alexnet bench" + (noPeer ? " --no-peer" : "")));
        write(out, rows, peak, machine);
        return 0;
    }

    private static List<String> concat(List<String> a, String... more) {
        List<String> l = new ArrayList<>(a);
        l.addAll(List.of(more));
        return l;
    }

    /** Whether a case multiplies in bf16 (its name ends in -bf16). */
    static boolean bf16(String benchCase) {
        return benchCase.endsWith("-bf16");
    }

    /** The network of a case's first word: the paper's, torchvision's layout, or the CIFAR-10 preset. */
    static AlexNetConfig config(String name) {
        return switch (name) {
            case "paper" -> AlexNetConfig.paper();
            case "torchvision" -> AlexNetConfig.torchvision();
            case "cifar10" -> AlexNetConfig.cifar10();
            default -> throw new IllegalArgumentException("unknown bench network " + name + " (paper, torchvision, cifar10)");
        };
    }

    /** Warm-up and timed calls for one image, the same for every peer ({@code bench/peer/torch_bench.py} too). */
    static final int BATCH1_WARMUP = 50, BATCH1_TIMED = 100;

    /** Warm-up and timed iterations: more for single images (latency), fewer for the big nets. */
    static int[] repetitions(String network, int batch) {
        // one image: the latency of a warmed-up process, as a server sees it; after 5 calls DL4J's Java code is
        // not yet compiled (24 ms per image there, 17–19 ms after 100: results/bench/predict-latency-2026-12-02/)
        if (batch == 1) return new int[]{BATCH1_WARMUP, BATCH1_TIMED};
        return network.equals("cifar10") ? new int[]{3, 15} : new int[]{2, 5};
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static JsonNode child(List<String> cmd) throws IOException, InterruptedException {
        return run(new ProcessBuilder(cmd));
    }

    /**
     * A peer framework's run, with glibc's default malloc: the README's low-memory setting (a fixed mmap
     * threshold) cost PyTorch 31 % of its CIFAR-preset training speed, and each framework runs at its best.
     */
    static JsonNode peer(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove(MachineInfo.MALLOC_THRESHOLD);
        return run(pb);
    }

    private static JsonNode run(ProcessBuilder pb) throws IOException, InterruptedException {
        Process p = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            return JSON.createObjectNode().put("error", "exit " + (p.isAlive() ? "timeout" : p.exitValue()) + ": " + output);
        }
        String[] lines = output.trim().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    static Map<String, Object> runCase(String c, Implementation.Kind lrn) {
        String[] parts = c.split("-");
        AlexNetConfig cfg = config(parts[0]);
        if (lrn != null) {
            Implementation i = cfg.implementation();
            cfg = cfg.toBuilder().implementation(new Implementation(i.layers(), lrn, i.conv1InputGradient())).build();
        }
        boolean train = parts[1].equals("train");
        int batch = Integer.parseInt(parts[2]);
        if (bf16(c)) {
            if (!Dnnl.hasBf16Kernels()) throw new IllegalArgumentException(c + ": bf16 cases need a CPU with oneDNN's bf16 kernels");
            System.setProperty(Dnnl.BF16_PROPERTY, "true");
        }
        ComputationGraph net = AlexNetGraph.build(cfg, OptimizerConfig.paper());
        INDArray x = Nd4j.randn(batch, 3, cfg.inputSize(), cfg.inputSize());
        INDArray y = Nd4j.zeros(batch, cfg.numClasses());
        for (int i = 0; i < batch; i++) y.putScalar(i, i % cfg.numClasses(), 1);
        DataSet ds = new DataSet(x, y);
        int[] reps = repetitions(parts[0], batch);
        int warmup = reps[0], iters = reps[1];
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
        r.put("malloc", MachineInfo.malloc());
        r.put("threads", Runtime.getRuntime().availableProcessors());
        r.put("gflops_per_image", (train ? Flops.trainFlopsPerImage(cfg) : Flops.inferenceFlopsPerImage(cfg)) / 1e9);
        r.put("natives", MachineInfo.nativeBuild());
        r.put("implementation", cfg.implementation().toString());
        r.put("precision", bf16(c) ? "bf16 convolutions (-Dalexnet.bf16=true)" : "float32");
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

    /**
     * The peak the % columns divide by: the FMA probe's, unless a real matrix product went faster in the same
     * invocation (the probe read half its usual value in one bench on a shared machine), then that product's.
     */
    static double peakGflops(double fmaProbe, double sgemm) {
        return Double.isNaN(fmaProbe) || sgemm > fmaProbe ? sgemm : fmaProbe;
    }

    /** Best of several 2048² SGEMMs through ND4J's BLAS: what a large matrix product reaches here. */
    static double sgemmGflops() {
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

    /** The bench's markdown table and JSON data into {@code out} (one row per case: "case", then each side's JSON). */
    static void write(Path out, List<Map<String, Object>> rows, Map<String, Object> peak, Map<String, String> machine) throws IOException {
        JsonNode probe = (JsonNode) peak.get("fma_probe");
        double sgemm = (double) peak.get("sgemm_gflops");
        double reading = probe.path("fma_gflops").asDouble(Double.NaN);
        double fma = peakGflops(reading, sgemm);
        String probeShape = probe.path("vector_bits").asText("?") + "-bit vectors, " + probe.path("threads").asInt() + " threads";
        String peakSource = fma != reading
                ? String.format(java.util.Locale.ROOT, "from a 2048² SGEMM through ND4J's OpenBLAS: the FMA probe (%s) read only "
                        + "%.0f this time, below what a real product reached, so it cannot have been the peak", probeShape, reading)
                : String.format(java.util.Locale.ROOT, "FMA probe, %s; a 2048² SGEMM through ND4J's OpenBLAS reaches %.0f",
                        probeShape, sgemm);
        StringBuilder md = new StringBuilder("# Throughput: this project (DL4J) against PyTorch and ONNX Runtime, same invocation\n\n");
        md.append(String.format(java.util.Locale.ROOT, "All at %d threads; median of timed iterations after warm-up; random data. "
                        + "*PyTorch* runs with its defaults, *PyTorch best* with channels-last tensors (its oneDNN path), and the ratio and "
                        + "PyTorch's %% of peak are against whichever of the two ran faster in this invocation (channels-last is "
                        + "not always the faster); "
                        + "DL4J with the malloc setting in the provenance, PyTorch and ONNX Runtime always with glibc's defaults "
                        + "(a fixed mmap threshold slows PyTorch); "
                        + "`torchvision` rows put this project's network in torchvision's layout against "
                        + "`torchvision.models.alexnet` itself, `paper` rows the two-tower net against the same net in PyTorch "
                        + "(groups=2, LRN). ONNX Runtime runs this project's own ONNX export. Peak: %.0f GFLOP/s float32 (%s).%n%n",
                Runtime.getRuntime().availableProcessors(), fma, peakSource));
        md.append("| case | DL4J img/s | PyTorch | PyTorch best | ONNX Runtime | DL4J / PyTorch's faster | DL4J / ONNX Runtime "
                + "| DL4J GFLOP/s | DL4J % of peak | PyTorch's faster % of peak | DL4J peak RSS | PyTorch best peak RSS |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : rows) {
            JsonNode d = (JsonNode) r.get("dl4j");
            double di = speed(d), pi = speed((JsonNode) r.get("pytorch")), bi = speed((JsonNode) r.get("pytorch_best")),
                    oi = speed((JsonNode) r.get("onnxruntime")), fi = faster(pi, bi);
            double gf = d.path("gflops_per_image").asDouble(Double.NaN);
            double bestRss = r.get("pytorch_best") == null ? Double.NaN : ((JsonNode) r.get("pytorch_best")).path("peak_rss_mb").asDouble(Double.NaN);
            md.append(String.format(java.util.Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.get("case"), cell("%.1f", di), cell("%.1f", pi), cell("%.1f", bi), cell("%.1f", oi), cell("%.2f", di / fi),
                    cell("%.2f", di / oi), cell("%.0f", di * gf), cell("%.0f %%", 100 * di * gf / fma), cell("%.0f %%", 100 * fi * gf / fma),
                    cell("%.0f MB", d.path("peak_rss_mb").asDouble(Double.NaN)), cell("%.0f MB", bestRss)));
        }
        JsonNode settings = rows.stream().map(r -> (JsonNode) r.get("pytorch_best")).filter(java.util.Objects::nonNull)
                .map(n -> n.path("settings")).findFirst().orElse(null);
        if (settings != null) md.append("\nPyTorch: ").append(settings.toString()).append('\n');
        md.append("\nCPU flags that matter here: ").append(peak.get("cpu_flags")).append('\n');
        if (rows.stream().anyMatch(r -> bf16((String) r.get("case")))) {
            md.append("\n*-bf16* rows: this project's convolutions multiply in bfloat16 (`-Dalexnet.bf16=true`; FC layers, "
                    + "pooling, the weights, the updater and the rest float32); PyTorch's default row runs under "
                    + "`torch.autocast(\"cpu\", torch.bfloat16)` (convolutions and FC layers in bfloat16, weights cast on every "
                    + "call), its best row channels-last, in inference with the model and input converted to bfloat16 once, in "
                    + "training under autocast (mixed precision: its weights and optimiser stay float32, as ours do); their % of "
                    + "peak is against the float32 peak, which bf16's dot-product instruction, with twice the products per "
                    + "instruction, can exceed.\n");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("peak", peak);
        data.put("rows", rows);
        MeasurementFiles.write(out, "bench", md.toString(), machine, data);
    }

    /** PyTorch's faster row of the two (default, channels-last), NaN where neither ran: the peer the ratios compare with. */
    static double faster(double pytorch, double pytorchBest) {
        if (Double.isNaN(pytorch)) return pytorchBest;
        return Double.isNaN(pytorchBest) ? pytorch : Math.max(pytorch, pytorchBest);
    }

    /** A table cell: the number in its format, or "—" where a peer was not run. */
    private static String cell(String format, double v) {
        return Double.isNaN(v) ? "—" : String.format(java.util.Locale.ROOT, format, v);
    }

    private static double speed(JsonNode n) {
        return n == null ? Double.NaN : n.path("images_per_second").asDouble(Double.NaN);
    }
}
