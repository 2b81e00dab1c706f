package io.github.alexnet4j.interop;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/** Runs an ONNX file in ONNX Runtime (the Java API): the other runtime the imports and exports are checked against. */
public final class OnnxRuntime {
    private OnnxRuntime() {
    }

    /** Output {@code output} of {@code file} for the batch {@code x} (NCHW), as [batch][values]. */
    public static float[][] run(Path file, INDArray x, String output) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions())) {
            String input = session.getInputNames().iterator().next();
            long[] declared = ((ai.onnxruntime.TensorInfo) session.getInputInfo().get(input).getInfo()).getShape();
            String name = output != null ? output : session.getOutputNames().iterator().next();
            // files with a fixed batch of 1 (PyTorch's default export) see one image at a time
            int per = declared[0] > 0 ? (int) declared[0] : (int) x.size(0);
            float[][] out = new float[(int) x.size(0)][];
            for (int from = 0; from < x.size(0); from += per) {
                INDArray part = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, from + per));
                try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(part.dup('c').data().asFloat()), part.shape());
                     OrtSession.Result r = session.run(Map.of(input, t))) {
                    float[][] y = (float[][]) r.get(name).orElseThrow().getValue();
                    System.arraycopy(y, 0, out, from, y.length);
                }
            }
            return out;
        }
    }

    public static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }
}
