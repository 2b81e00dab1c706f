import io.github.alexnet4j.model.*;
import io.github.alexnet4j.model.optim.OptimizerConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;
public class Fused {
    public static void main(String[] a) throws Exception {
        for (AlexNetConfig cfg : new AlexNetConfig[]{AlexNetConfig.torchvision(), AlexNetConfig.paper(), AlexNetConfig.cifar10()}) {
            ComputationGraph net = AlexNetGraph.build(cfg, OptimizerConfig.paper());
            for (int batch : new int[]{1, 8}) {
                net.outputSingle(false, Nd4j.randn(batch, 3, cfg.inputSize(), cfg.inputSize()));
                StringBuilder sb = new StringBuilder("batch " + batch + ":");
                for (var l : net.getLayers()) {
                    if (!l.getClass().getSimpleName().equals("FastConvolutionLayer")) continue;
                    var f = l.getClass().getDeclaredField("channelsLast"); f.setAccessible(true);
                    Object plan = f.get(l);
                    var g = plan.getClass().getDeclaredField("forwardWithRelu"); g.setAccessible(true);
                    var k = plan.getClass().getDeclaredField("forwardKernel"); k.setAccessible(true);
                    sb.append(" ").append(l.getConfig().getLayerName()).append("=").append(g.get(plan) != null).append("(").append(k.get(plan)).append(")");
                }
                System.out.println(sb);
            }
        }
    }
}
