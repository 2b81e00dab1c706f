package io.github.alexnet4j.cli.bench;

import io.github.alexnet4j.train.report.MachineInfo;
import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "profile", mixinStandardHelpOptions = true,
        description = {"Per-layer time of a training step (forward and backward of every conv, LRN, pooling, FC and merge,",
                "plus the updater) for the paper's network, the CIFAR-10 preset and torchvision's layout; writes results/bench/profile-<date>.md/json."})
public final class ProfileCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "results/bench", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--paper-batch", defaultValue = "128", description = "batch for the paper's network (default: ${DEFAULT-VALUE})")
    int paperBatch;

    @Option(names = "--cifar-batch", defaultValue = "128", description = "batch for the CIFAR-10 preset (default: ${DEFAULT-VALUE})")
    int cifarBatch;

    @Option(names = "--torchvision-batch", defaultValue = "128", description = "batch for torchvision's layout (default: ${DEFAULT-VALUE})")
    int torchvisionBatch;

    @Option(names = "--networks", split = ",", defaultValue = "paper,cifar10,torchvision",
            description = "which networks to profile, of paper, cifar10, torchvision (default: ${DEFAULT-VALUE})")
    List<String> networks;

    @Option(names = "--reps", defaultValue = "5", description = "timed repetitions per vertex; medians are reported (default: ${DEFAULT-VALUE})")
    int reps;

    @Option(names = "--no-peer", description = "skip the PyTorch per-layer profile")
    boolean noPeer;

    @Option(names = "--conv1", description = {"only the micro-benchmark of conv1's backprop (conv2d_bp against the",
            "deconv2d_bp trick, batch 32); writes results/bench/conv1-backprop-<date>.md/json"})
    boolean conv1;

    @Override
    public Integer call() throws Exception {
        if (conv1) {
            Conv1Backprop.Result r = Conv1Backprop.measure(32, Math.max(reps, 5));
            MeasurementFiles.write(out, "conv1-backprop", "# conv1's backprop: libnd4j's kernels alone\n\n" + r.markdown(),
                    MachineInfo.describe(MachineInfo.commandLine("./alexnet profile --conv1")), Conv1Backprop.json(r));
            return 0;
        }
        List<LayerProfile.Result> results = new ArrayList<>();
        for (String n : networks) results.add(LayerProfile.measure(TITLES.getOrDefault(n, n), BenchCommand.config(n), batch(n), reps));
        List<JsonNode> peers = new ArrayList<>();
        if (!noPeer) {
            // after ours, in the same invocation; the peer measures each module alone in the same way
            // (for torchvision's layout: torchvision.models.alexnet itself, what users compare with)
            String peer = Path.of(System.getProperty("alexnet.home", ".")).resolve("bench/peer/run").toString();
            for (String n : networks) peers.add(BenchCommand.peer(List.of(peer, "profile-" + n + "-" + batch(n) + "-" + reps)));
        }
        Map<String, String> machine = MachineInfo.describe(MachineInfo.commandLine("./alexnet profile"));
        StringBuilder md = new StringBuilder("# Where a training step's time goes (DL4J, per layer)\n\n");
        md.append("Each vertex is run forward and backward on its real inputs, timed alone (median of ").append(reps)
                .append(" repetitions, after two warm-up steps, random data). The updater (minibatch division, weight decay, ")
                .append("momentum, parameter step; PyTorch's `optimizer.step()`) is timed alone on a real gradient. ")
                .append("As in training, PyTorch's first layer computes no gradient for the image, nor does DL4J's where this project's ")
                .append("conv1 shortcut applies (conv1's windows end at the image's edge: the paper's 227, the CIFAR preset; ")
                .append("not torchvision's 224 at padding 2). Threads: ").append(Runtime.getRuntime().availableProcessors())
                .append("; natives: ").append(MachineInfo.nativeBuild()).append(".\n\n");
        if (!peers.isEmpty()) {
            md.append("## Side by side with PyTorch (same network, same method, same invocation)\n\n")
                    .append("ReLU counts with the conv or FC layer before it (DL4J fuses it), dropout and the loss with ")
                    .append("the FC layers, as in DL4J's dense and output layers.\n\n");
            for (int i = 0; i < results.size(); i++) md.append(sideBySide(results.get(i), peers.get(i))).append('\n');
        }
        md.append("## DL4J, vertex by vertex\n\n");
        for (LayerProfile.Result r : results) md.append(LayerProfile.markdown(r)).append('\n');
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("results", results);
        data.put("pytorch", peers);
        MeasurementFiles.write(out, "profile", md.toString(), machine, data);
        return 0;
    }

    private static final Map<String, String> TITLES = Map.of("paper", "paper (227x227, two towers)",
            "cifar10", "cifar10 preset (28x28 crops)", "torchvision", "torchvision layout (224x224, one tower, no LRN)");

    private int batch(String network) {
        return switch (network) {
            case "paper" -> paperBatch;
            case "cifar10" -> cifarBatch;
            default -> torchvisionBatch;
        };
    }

    /** DL4J's layer kinds in the categories both frameworks share. */
    static String category(String kind) {
        if (kind.startsWith("Convolution") || kind.startsWith("FastConvolution")) return "conv";
        if (kind.contains("Lrn") || kind.contains("LocalResponse")) return "lrn";
        if (kind.startsWith("Subsampling") || kind.startsWith("FastMaxPooling")) return "pool";
        if (kind.startsWith("Dense") || kind.startsWith("FastDense") || kind.startsWith("Output") || kind.startsWith("FastOutput") || kind.startsWith("Dropout")) return "fc";
        if (kind.startsWith("Merge")) return "merge";
        return kind;
    }

    private static String sideBySide(LayerProfile.Result ours, JsonNode peer) {
        if (peer.has("error")) return "PyTorch profile failed: " + peer.get("error").asText() + "\n";
        Map<String, double[]> ms = new LinkedHashMap<>();
        for (String c : List.of("conv", "lrn", "pool", "fc", "merge", "reshape")) ms.put(c, new double[2]);
        for (LayerProfile.Row r : ours.rows()) ms.computeIfAbsent(category(r.kind()), k -> new double[2])[0] += r.totalMs();
        for (JsonNode r : peer.get("rows")) {
            ms.computeIfAbsent(r.get("kind").asText(), k -> new double[2])[1] +=
                    r.get("forward_ms").asDouble() + r.get("backward_ms").asDouble();
        }
        double peerStep = peer.get("step_ms").asDouble();
        ms.put("updater", new double[]{ours.updaterMs(), peer.get("optimizer_ms").asDouble()});
        ms.put("whole step", new double[]{ours.stepMs(), peerStep});
        StringBuilder sb = new StringBuilder(String.format("### %s, batch %d%n%n", ours.model(), ours.batch()));
        sb.append("| part | DL4J ms | PyTorch ms | DL4J / PyTorch time | DL4J share of step |\n|---|---|---|---|---|\n");
        ms.forEach((k, v) -> sb.append(String.format("| %s | %.1f | %.1f | %s | %.1f %% |%n", k, v[0], v[1],
                v[1] > 0 ? String.format("%.2f", v[0] / v[1]) : "–", 100 * v[0] / ours.stepMs())));
        return sb.toString();
    }
}
