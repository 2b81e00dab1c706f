package io.github.alexnet4j.cli.bench;

import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.AlexNetGraph;
import io.github.alexnet4j.model.backend.Dnnl;
import io.github.alexnet4j.model.optim.OptimizerConfig;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.stepfunctions.NegativeGradientStepFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Where a training step's time goes, vertex by vertex: each layer (conv, LRN, pooling, FC with its
 * dropout, the output layer) and each tower merge is run forward and backward on its real inputs,
 * timed alone; the updater (DL4J's minibatch division, weight decay, momentum and the parameter step)
 * is timed alone on a real gradient; what a full {@code fit} costs beyond both is the graph's own
 * bookkeeping.
 */
public final class LayerProfile {

    /** One vertex of the graph: median milliseconds of its forward and backward pass. */
    public record Row(String vertex, String kind, double forwardMs, double backwardMs) {
        public double totalMs() {
            return forwardMs + backwardMs;
        }
    }

    /**
     * @param stepMs     a whole {@code fit} on one batch
     * @param updaterMs  the updater alone on a real gradient: minibatch division, weight decay, momentum, step
     */
    public record Result(String model, int batch, List<Row> rows, double updaterMs, double stepMs) {
        public double layersMs() {
            return rows.stream().mapToDouble(Row::totalMs).sum();
        }

        /** The graph's own work outside its vertices and the updater: a step minus both. */
        public double bookkeepingMs() {
            return stepMs - layersMs() - updaterMs;
        }
    }

    private LayerProfile() {
    }

    public static Result measure(String model, AlexNetConfig cfg, int batch, int reps) {
        ComputationGraph net = AlexNetGraph.build(cfg, OptimizerConfig.paper());
        INDArray x = Nd4j.randn(batch, 3, cfg.inputSize(), cfg.inputSize());
        INDArray y = Nd4j.zeros(batch, cfg.numClasses());
        for (int i = 0; i < batch; i++) y.putScalar(i, i % cfg.numClasses(), 1);
        DataSet ds = new DataSet(x, y);
        for (int i = 0; i < 2; i++) net.fit(ds);   // warm-up: oneDNN primitives, workspaces

        double stepMs = median(reps, () -> net.fit(ds));
        // The updater alone, as fit applies it (BaseOptimizer: updater.update; SGD: params -= result), on
        // a real gradient. Not by subtraction: a step minus computeGradientAndScore called on its own came
        // out near 0 ms for 61 M parameters, so the two calls do not cost the same forward/backward work.
        net.setInputs(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        Gradient gradient = net.gradient();
        INDArray flat = gradient.gradient().reshape(gradient.gradient().length());
        NegativeGradientStepFunction step = new NegativeGradientStepFunction();
        double updater = median(reps, () -> {
            net.getUpdater().update(gradient, net.getIterationCount(), net.getEpochCount(), batch, LayerWorkspaceMgr.noWorkspaces());
            step.step(net.params(), flat);
        });

        Map<String, INDArray> acts = new java.util.HashMap<>();
        net.feedForward(new INDArray[]{x}, true, false).forEach((k, a) -> acts.put(k, copyKeepingLayout(a, a)));
        net.clearLayersStates();   // nothing from the graph's workspaces may survive into the timings below
        Map<String, List<String>> inputsOf = net.getConfiguration().getVertexInputs();
        // One workspace for everything a vertex allocates, reset after each repetition: after the first
        // repetition it is sized, so the timings see pointer bumps, as inside a real training step, not
        // fresh allocations and page faults (which doubled the big early layers' times without it).
        WorkspaceConfiguration wsConf = WorkspaceConfiguration.builder().initialSize(0)
                .policyAllocation(AllocationPolicy.OVERALLOCATE).overallocationLimit(0.2)
                .policyLearning(LearningPolicy.FIRST_LOOP).policyReset(ResetPolicy.BLOCK_LEFT)
                .policySpill(SpillPolicy.REALLOCATE).build();
        String wsName = "ALEXNET_PROFILE";
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.builder().defaultWorkspace(wsName, wsConf).build();
        List<Row> rows = new ArrayList<>();
        Map<String, INDArray> eps = new java.util.HashMap<>();
        GraphVertex[] vertices = net.getVertices();
        for (int idx : net.topologicalSortOrder()) {
            GraphVertex v = vertices[idx];
            if (v.isInputVertex()) continue;
            INDArray[] in = inputsOf.get(v.getVertexName()).stream().map(n -> copyKeepingLayout(acts.get(n), acts.get(n)))
                    .toArray(INDArray[]::new);
            double[] fwd = new double[reps], bwd = new double[reps];
            for (int r = 0; r < reps; r++) {
              try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(wsConf, wsName)) {
                for (int i = 0; i < in.length; i++) v.setInput(i, in[i], mgr);
                long s = System.nanoTime();
                INDArray out = v.doForward(true, mgr);
                Nd4j.getExecutioner().commit();
                fwd[r] = (System.nanoTime() - s) / 1e6;
                if (v.hasLayer() && v.getLayer() instanceof IOutputLayer o) {
                    o.setLabels(y);
                    v.setEpsilon(null);
                } else {
                    v.setEpsilon(eps.computeIfAbsent(v.getVertexName(), k -> detachedRandn(out)));
                }
                s = System.nanoTime();
                try {
                    v.doBackward(false, mgr);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("backward of " + v.getVertexName() + " (repetition " + r + "): " + e, e);
                }
                Nd4j.getExecutioner().commit();
                bwd[r] = (System.nanoTime() - s) / 1e6;
              }
            }
            String kind = v.hasLayer() ? v.getLayer().getClass().getSimpleName() : v.getClass().getSimpleName();
            rows.add(new Row(v.getVertexName(), kind, median(fwd), median(bwd)));
        }
        return new Result(model, batch, rows, updater, stepMs);
    }

    /** A gradient for {@code like}: random values, laid out as {@code like} (as the layer above would give it). */
    private static INDArray detachedRandn(INDArray like) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return copyKeepingLayout(Nd4j.randn(like.dataType(), like.shape()), like);
        }
    }

    /**
     * {@code values} copied out of any workspace, laid out as {@code layout}: a channels-last activation stays
     * channels-last, as training hands it to the next vertex. (INDArray's dup and detach make it row-major
     * NCHW, which sent the profile's pooling down its NCHW path and made convolutions copy their input.)
     */
    static INDArray copyKeepingLayout(INDArray values, INDArray layout) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (!Dnnl.isChannelsLast(layout) || values.dataType() != DataType.FLOAT) return values.dup();
            long[] s = layout.shape();
            INDArray copy = Nd4j.createUninitialized(DataType.FLOAT, s[0], s[2], s[3], s[1]).permute(0, 3, 1, 2);
            Dnnl.copy(values, copy);
            return copy;
        }
    }

    private static double median(int reps, Runnable r) {
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long s = System.nanoTime();
            r.run();
            Nd4j.getExecutioner().commit();
            t[i] = (System.nanoTime() - s) / 1e6;
        }
        return median(t);
    }

    private static double median(double[] t) {
        double[] c = t.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    /** A markdown table: vertices, then the updater and the graph's own overhead, with shares of the step. */
    public static String markdown(Result r) {
        StringBuilder sb = new StringBuilder(String.format("### %s, batch %d: %.0f ms per training step%n%n", r.model(),
                r.batch(), r.stepMs()));
        sb.append("| vertex | kind | forward ms | backward ms | share of step |\n|---|---|---|---|---|\n");
        for (Row row : r.rows()) {
            sb.append(String.format("| %s | %s | %.1f | %.1f | %.1f %% |%n", row.vertex(), row.kind(), row.forwardMs(),
                    row.backwardMs(), 100 * row.totalMs() / r.stepMs()));
        }
        sb.append(String.format("| (updater: minibatch division, weight decay, momentum, step; timed alone) | | | | %.1f %% (%.1f ms) |%n",
                100 * r.updaterMs() / r.stepMs(), r.updaterMs()));
        sb.append(String.format("| (graph bookkeeping: the step minus the vertices and the updater) | | | | %.1f %% (%.1f ms) |%n",
                100 * r.bookkeepingMs() / r.stepMs(), r.bookkeepingMs()));
        sb.append("\nBy kind:\n\n| kind | ms | share of step |\n|---|---|---|\n");
        Map<String, Double> byKind = new java.util.TreeMap<>();
        for (Row row : r.rows()) byKind.merge(row.kind(), row.totalMs(), Double::sum);
        byKind.put("(updater)", r.updaterMs());
        byKind.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).forEach(e ->
                sb.append(String.format("| %s | %.1f | %.1f %% |%n", e.getKey(), e.getValue(), 100 * e.getValue() / r.stepMs())));
        return sb.toString();
    }
}
