package io.github.alexnet4j.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;

/**
 * Switches on DL4J's oneDNN helpers for convolution and pooling, which M2.1 ships disabled
 * ({@code org.eclipse.deeplearning4j.helpers.disable} defaults to true) and unreachable (see
 * {@link org.nd4j.nativeblas.Nd4jCpu}). Must run before a network is initialised; an explicit
 * {@code -Dorg.eclipse.deeplearning4j.helpers.disable=true} from the user is respected.
 */
public final class OneDnn {
    public static final String PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    private OneDnn() {
    }

    public static void enableHelpers() {
        if (System.getProperty(PROPERTY) == null) System.setProperty(PROPERTY, "false");
    }

    /** Whether the natives on the classpath were built with oneDNN and report it on. */
    public static boolean available() {
        return org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN();
    }

    /** Names of the conv and pooling layers of {@code net} that run without a helper (empty = all fast). */
    public static java.util.List<String> layersWithoutHelper(ComputationGraph net) {
        java.util.List<String> slow = new java.util.ArrayList<>();
        for (Layer l : net.getLayers()) {
            Object helper = l instanceof ConvolutionLayer c ? c.getHelper()
                    : l instanceof SubsamplingLayer s ? s.getHelper() : "n/a";
            if (helper == null) slow.add(l.conf().getLayer().getLayerName());
        }
        return slow;
    }
}
