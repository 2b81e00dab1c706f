import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.AlexNetGraph;
import io.github.alexnet4j.model.optim.OptimizerConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import java.util.*;
public class Out1 {
    public static void main(String[] a) {
        AlexNetConfig cfg = a[0].equals("paper") ? AlexNetConfig.paper() : AlexNetConfig.torchvision();
        int batch = Integer.parseInt(a[1]), n = Integer.parseInt(a[2]);
        ComputationGraph net = AlexNetGraph.build(cfg, OptimizerConfig.paper());
        INDArray x = Nd4j.randn(batch, 3, cfg.inputSize(), cfg.inputSize());
        for (int i = 0; i < 20; i++) net.outputSingle(false, x);
        double[] t = new double[n];
        for (int i = 0; i < n; i++) { long s = System.nanoTime(); net.outputSingle(false, x); t[i] = (System.nanoTime() - s) / 1e6; }
        Arrays.sort(t);
        System.out.printf("RESULT %s median %.2f ms p10 %.2f p90 %.2f%n", String.join(" ", a), t[n / 2], t[n / 10], t[n * 9 / 10]);
    }
}
