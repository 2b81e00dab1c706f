package io.github.alexnet4j.cli.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.alexnet4j.data.DatasetStats;
import io.github.alexnet4j.interop.onnx.OnnxExport;
import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.AlexNetGraph;
import io.github.alexnet4j.train.ModelPackage;
import io.github.alexnet4j.train.RunConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * ONNX Runtime as an inference peer: this project's network, exported by {@code alexnet export onnx}'s
 * code ({@link OnnxExport}), run by ONNX Runtime's CPU provider with all graph optimisations at the
 * bench's thread count, timed like the DL4J case (median after warm-up). With a profile file, ONNX Runtime's
 * own profiler records every run, warm-up included (its JSON trace: each node's kernel time per run).
 */
final class OrtPeer {

    private OrtPeer() {
    }

    static Map<String, Object> run(String benchCase, Path profile) throws OrtException, IOException {
        String[] parts = benchCase.split("-");
        AlexNetConfig cfg = BenchCommand.config(parts[0]);
        int batch = Integer.parseInt(parts[2]);
        ComputationGraph net = AlexNetGraph.build(cfg);
        RunConfig run = RunConfig.parse("model:\n  base: " + parts[0] + "\n", List.of());
        int stored = run.data().storedSize();
        DatasetStats zeroMean = new DatasetStats(stored, 1, new float[stored * stored * 3], new double[3], new double[3][3],
                new double[]{1, 1, 1}, new double[][]{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
        List<String> labels = IntStream.range(0, cfg.numClasses()).mapToObj(i -> "class " + i).toList();
        byte[] onnx = OnnxExport.graph(new ModelPackage(net, labels, run, zeroMean, null)).toByteArray();

        int threads = Runtime.getRuntime().availableProcessors();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // ONNX Runtime names its trace <prefix>_<date>.json; it is moved to the file asked for when the runs end
            if (profile != null) options.enableProfiling(profile.toAbsolutePath() + ".ort");
            try (OrtSession session = env.createSession(onnx, options)) {
                float[] x = new float[batch * 3 * cfg.inputSize() * cfg.inputSize()];
                Random random = new Random(1);
                for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
                try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x),
                        new long[]{batch, 3, cfg.inputSize(), cfg.inputSize()})) {
                    int[] reps = BenchCommand.repetitions(parts[0], batch);
                    double[] t = new double[reps[1]];
                    for (int i = 0; i < reps[0] + reps[1]; i++) {
                        long s = System.nanoTime();
                        try (OrtSession.Result ignored = session.run(Map.of("image", input))) {
                            if (i >= reps[0]) t[i - reps[0]] = (System.nanoTime() - s) / 1e9;
                        }
                    }
                    if (profile != null) {
                        Files.move(Path.of(session.endProfiling()), profile, StandardCopyOption.REPLACE_EXISTING);
                    }
                    Arrays.sort(t);
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("case", benchCase);
                    r.put("images_per_second", batch / t[t.length / 2]);
                    r.put("peak_rss_mb", BenchCommand.peakRssMb());
                    r.put("threads", threads);
                    r.put("onnxruntime", env.getVersion());
                    r.put("providers", new ArrayList<>(OrtEnvironment.getAvailableProviders()).toString());
                    if (profile != null) r.put("profile", profile.toString());
                    return r;
                }
            }
        }
    }
}
