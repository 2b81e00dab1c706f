import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.AlexNetGraph;
import io.github.alexnet4j.model.optim.OptimizerConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import java.util.*;
public class Lat {
    public static void main(String[] a) {
        AlexNetConfig cfg = AlexNetConfig.torchvision();
        int warm = Integer.parseInt(a[0]), n = Integer.parseInt(a[1]);
        ComputationGraph net = AlexNetGraph.build(cfg, OptimizerConfig.paper());
        INDArray x = Nd4j.randn(1, 3, cfg.inputSize(), cfg.inputSize());
        for (int i = 0; i < warm; i++) net.outputSingle(false, x);
        double[] t = new double[n];
        for (int i = 0; i < n; i++) { long s = System.nanoTime(); net.outputSingle(false, x); t[i] = (System.nanoTime() - s) / 1e6; }
        Arrays.sort(t);
        System.out.printf("RESULT median %.2f ms p10 %.2f p90 %.2f min %.2f%n", t[n / 2], t[n / 10], t[n * 9 / 10], t[0]);
    }
}
