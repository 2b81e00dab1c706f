package io.github.alexnet4j.model.backend;

import io.github.alexnet4j.model.AblationVariantsTest;
import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.AlexNetGraph;
import io.github.alexnet4j.model.optim.OptimizerConfig;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import static org.junit.jupiter.api.Assertions.*;

/** The fast path is on, and it computes what DL4J's built-in layers compute. */
class OneDnnHelpersTest {

    @Test
    void everyConvAndPoolingLayerRunsOnItsOneDnnHelper() {
        assertTrue(OneDnn.available(), "the CPU natives on the classpath must be a oneDNN build (nd4j.classifier)");
        ComputationGraph net = AlexNetGraph.build(AlexNetConfig.paper(), OptimizerConfig.paper());
        assertEquals(java.util.List.of(), OneDnn.layersWithoutHelper(net), "layers without a oneDNN helper");
        // having a helper is not running on it: DL4J counts a helper's failures and falls back silently
        AlexNetConfig small = AlexNetConfig.paper().toBuilder().numClasses(10).build();
        ComputationGraph n2 = AlexNetGraph.build(small, OptimizerConfig.paper());
        n2.fit(AblationVariantsTest.randomBatch(small, 2, 3));
        assertEquals(java.util.Map.of(), OneDnn.fallbacks(n2), "layers that fell back to DL4J's own kernels");
    }

    /**
     * oneDNN itself says what it ran (DNNL_VERBOSE=1 makes it print every primitive it executes): a
     * training step of the paper's net runs its convolutions there, at least one per layer, and its
     * max-poolings in this project's {@code FastMaxPooling} (none in oneDNN); with DL4J's own layers the
     * poolings run in oneDNN too. This cannot pass without oneDNN doing the work. The probe runs with
     * {@code -Dalexnet.dnnl=false}: these are libnd4j's helpers, the path taken where oneDNN cannot be
     * called directly ({@link Dnnl}; {@code ChannelsLastTest} checks that path).
     */
    @Test
    void oneDnnReportsRunningTheConvolutionsAndDl4jsPoolings() throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g", "-D" + Dnnl.PROPERTY + "=false",
                "-cp", System.getProperty("java.class.path"), OneDnnProbe.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("DNNL_VERBOSE", "1");
        pb.environment().put("ONEDNN_VERBOSE", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), out.substring(Math.max(0, out.length() - 3000)));
        assertTrue(out.contains(OneDnnProbe.DL4J_LAYERS), out.substring(Math.max(0, out.length() - 3000)));
        String ours = out.substring(0, out.indexOf(OneDnnProbe.DL4J_LAYERS)), dl4j = out.substring(out.indexOf(OneDnnProbe.DL4J_LAYERS));
        // the paper net has 10 convolutions and 6 max-poolings (both towers): forward and backward each
        assertTrue(count(ours, "convolution") >= 10 * 2, "oneDNN ran " + count(ours, "convolution") + " convolutions:\n"
                + ours.lines().filter(l -> l.contains("verbose")).limit(20).toList());
        assertEquals(0, count(ours, "pooling"), "this project's max-pooling runs in FastMaxPoolingLayer");
        assertTrue(count(dl4j, "convolution") >= 10 * 2, "oneDNN ran " + count(dl4j, "convolution") + " convolutions for DL4J's layers");
        assertTrue(count(dl4j, "pooling") >= 6 * 2, "oneDNN ran " + count(dl4j, "pooling") + " poolings for DL4J's layers");
    }

    private static long count(String verbose, String primitive) {
        return verbose.lines().filter(l -> l.contains(",exec,") && l.contains(primitive)).count();
    }

    @Test
    void helpersMatchTheReferenceImplementationInOutputsAndGradients() {
        AlexNetConfig c = AlexNetConfig.cifar10().toBuilder().dropout(0).build();
        DataSet batch = AblationVariantsTest.randomBatch(c, 8, 4);
        ComputationGraph fast = AlexNetGraph.build(c, OptimizerConfig.paper());
        ComputationGraph reference;
        System.setProperty(OneDnn.PROPERTY, "true");
        try {
            reference = AlexNetGraph.build(c, OptimizerConfig.paper());
        } finally {
            System.setProperty(OneDnn.PROPERTY, "false");
        }
        assertFalse(OneDnn.layersWithoutHelper(reference).isEmpty(), "reference really runs without helpers");
        assertTrue(OneDnn.layersWithoutHelper(fast).isEmpty());
        assertEquals(reference.params(), fast.params(), "same seed, same weights");

        INDArray outFast = fast.outputSingle(batch.getFeatures());
        INDArray outRef = reference.outputSingle(batch.getFeatures());
        assertTrue(outRef.equalsWithEps(outFast, 1e-4), "outputs differ: " + outRef.sub(outFast).amaxNumber());

        Gradient gFast = gradient(fast, batch), gRef = gradient(reference, batch);
        for (String p : gRef.gradientForVariable().keySet()) {
            INDArray a = gRef.getGradientFor(p), b = gFast.getGradientFor(p);
            double scale = Math.max(1e-6, a.amaxNumber().doubleValue());
            double diff = a.sub(b).amaxNumber().doubleValue();
            assertTrue(diff <= 1e-3 * scale, p + ": max gradient difference " + diff + " vs magnitude " + scale);
        }
    }

    private static Gradient gradient(ComputationGraph net, DataSet batch) {
        net.setInputs(batch.getFeatures());
        net.setLabels(batch.getLabels());
        net.computeGradientAndScore();
        return net.gradient();
    }
}
