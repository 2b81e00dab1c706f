import io.github.alexnet4j.model.*;
import io.github.alexnet4j.model.optim.OptimizerConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;
/** Which forward kernel each convolution's inference and training passes run, after one inference call at batch 1 and 8. */
public class Kern {
    public static void main(String[] a) throws Exception {
        for (AlexNetConfig cfg : new AlexNetConfig[]{AlexNetConfig.torchvision(), AlexNetConfig.paper()}) {
            ComputationGraph net = AlexNetGraph.build(cfg, OptimizerConfig.paper());
            for (int batch : new int[]{1, 8}) {
                long t = System.nanoTime();
                net.outputSingle(false, Nd4j.randn(batch, 3, cfg.inputSize(), cfg.inputSize()));
                StringBuilder sb = new StringBuilder(String.format("batch %d (first call %.0f ms):", batch, (System.nanoTime() - t) / 1e6));
                for (var l : net.getLayers()) {
                    if (!l.getClass().getSimpleName().equals("FastConvolutionLayer")) continue;
                    var f = l.getClass().getDeclaredField("channelsLast"); f.setAccessible(true);
                    Object plan = f.get(l);
                    var m = plan.getClass().getDeclaredMethod("inferenceImplementation"); m.setAccessible(true);
                    var k = plan.getClass().getDeclaredMethod("forwardImplementation"); k.setAccessible(true);
                    sb.append(" ").append(l.getConfig().getLayerName()).append("=").append(m.invoke(plan)).append("/").append(k.invoke(plan));
                }
                System.out.println(sb);
            }
        }
    }
}
