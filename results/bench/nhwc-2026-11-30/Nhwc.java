// Issue 19, "NHWC layout end to end": one stock DL4J convolution layer (torchvision conv2 shape, batch 32)
// trained in NCHW or NHWC with the oneDNN helpers on; run with DNNL_VERBOSE=1 to see which layouts oneDNN gets.
// java -cp <./alexnet classpath> Nhwc.java NCHW|NHWC <steps>
import org.deeplearning4j.nn.conf.*;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.*;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.learning.config.Sgd;

public class Nhwc {
    public static void main(String[] a) throws Exception {
        io.github.alexnet4j.model.backend.OneDnn.enableHelpers();
        CNN2DFormat f = CNN2DFormat.valueOf(a[0]);
        int steps = Integer.parseInt(a[1]);
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().updater(new Sgd(0.01)).graphBuilder()
            .addInputs("in").setInputTypes(InputType.convolutional(27, 27, 64, f))
            .addLayer("conv", new ConvolutionLayer.Builder(5, 5).padding(2, 2).nOut(192).dataFormat(f).activation(Activation.RELU).build(), "in")
            .addLayer("out", new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).format(f).activation(Activation.IDENTITY).build(), "conv")
            .setOutputs("out").build());
        net.init();
        long[] in = f == CNN2DFormat.NCHW ? new long[]{32, 64, 27, 27} : new long[]{32, 27, 27, 64};
        long[] out = f == CNN2DFormat.NCHW ? new long[]{32, 192, 27, 27} : new long[]{32, 27, 27, 192};
        var x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, in);
        var y = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, out);
        for (int i = 0; i < 2; i++) net.fit(new org.nd4j.linalg.dataset.DataSet(x, y));
        long t = System.nanoTime();
        for (int i = 0; i < steps; i++) net.fit(new org.nd4j.linalg.dataset.DataSet(x, y));
        System.out.printf("%s %.1f ms/step helpers=%s fallbacks=%s%n", f, (System.nanoTime() - t) / 1e6 / steps,
            io.github.alexnet4j.model.backend.OneDnn.layersWithoutHelper(net), io.github.alexnet4j.model.backend.OneDnn.fallbacks(net));
    }
}
