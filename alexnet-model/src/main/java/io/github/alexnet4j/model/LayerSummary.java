package io.github.alexnet4j.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;

import java.util.Map;

/** A per-layer table: vertex, kind, output shape and parameter count, in topological order. */
public final class LayerSummary {

    private LayerSummary() {
    }

    public static String of(ComputationGraph net, AlexNetConfig config) {
        ComputationGraphConfiguration conf = net.getConfiguration();
        InputType[] inputs = {AlexNetGraph.inputType(config)};
        Map<String, InputType> types = conf.getLayerActivationTypes(inputs);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-10s %-28s %-18s %12s%n", "vertex", "kind", "output", "parameters"));
        long total = 0;
        for (int idx : net.topologicalSortOrder()) {
            GraphVertex v = net.getVertices()[idx];
            if (v.isInputVertex()) {
                sb.append(String.format("%-10s %-28s %-18s %12s%n", v.getVertexName(), "input",
                        shape(inputs[0]), ""));
                continue;
            }
            Layer layer = v.hasLayer() ? v.getLayer() : null;
            long params = layer == null ? 0 : layer.numParams();
            total += params;
            String kind = layer == null ? v.getClass().getSimpleName().replace("Vertex", "") + " (join towers)"
                    : layer.conf().getLayer().getClass().getSimpleName();
            sb.append(String.format("%-10s %-28s %-18s %,12d%n", v.getVertexName(), kind,
                    shape(types.get(v.getVertexName())), params));
        }
        sb.append(String.format("%-10s %-28s %-18s %,12d%n", "total", "", "", total));
        return sb.toString();
    }

    static String shape(InputType t) {
        if (t == null) return "?";
        if (t instanceof InputType.InputTypeConvolutional c) {
            return c.getHeight() + "×" + c.getWidth() + "×" + c.getChannels();
        }
        if (t instanceof InputType.InputTypeFeedForward f) {
            return String.valueOf(f.getSize());
        }
        return t.toString();
    }
}
