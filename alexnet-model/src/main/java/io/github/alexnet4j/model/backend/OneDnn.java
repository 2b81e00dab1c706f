package io.github.alexnet4j.model.backend;

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

    private static final java.util.concurrent.atomic.AtomicBoolean NOTED = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Says once per JVM when the ND4J natives have no oneDNN (ND4J publishes none for arm64): the network
     * is the same, but convolution and pooling run on ND4J's generic kernels, several times slower.
     */
    public static void noteIfMissing() {
        if (!available() && !NOTED.getAndSet(true)) {
            org.slf4j.LoggerFactory.getLogger(OneDnn.class).info("No oneDNN in this platform's ND4J natives ("
                    + System.getProperty("os.arch") + "): convolution and pooling run on ND4J's generic kernels, "
                    + "several times slower");
        }
    }

    /** Whether the natives on the classpath were built with oneDNN and report it on. */
    public static boolean available() {
        return org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN();
    }

    /**
     * Conv and pooling layers whose helper failed and which DL4J then ran on its own kernels (it counts the
     * failures in a field and goes on): name → failures. Empty after a forward and backward pass = none fell back.
     */
    public static java.util.Map<String, Integer> fallbacks(ComputationGraph net) {
        java.util.Map<String, Integer> out = new java.util.LinkedHashMap<>();
        for (Layer l : net.getLayers()) {
            Class<?> c = l instanceof ConvolutionLayer ? ConvolutionLayer.class : l instanceof SubsamplingLayer ? SubsamplingLayer.class : null;
            if (c == null) continue;
            try {
                java.lang.reflect.Field f = c.getDeclaredField("helperCountFail");
                f.setAccessible(true);
                int n = f.getInt(l);
                if (n > 0) out.put(l.conf().getLayer().getLayerName(), n);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("DL4J's " + c.getSimpleName() + " has no helperCountFail field to read", e);
            }
        }
        return out;
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
