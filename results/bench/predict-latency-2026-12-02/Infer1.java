import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.AlexNetGraph;
import io.github.alexnet4j.model.optim.OptimizerConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import java.util.*;

public class Infer1 {
    public static void main(String[] a) {
        AlexNetConfig cfg = a.length > 0 && a[0].equals("paper") ? AlexNetConfig.paper() : AlexNetConfig.torchvision();
        int batch = a.length > 1 ? Integer.parseInt(a[1]) : 1;
        ComputationGraph net = AlexNetGraph.build(cfg, OptimizerConfig.paper());
        INDArray x = Nd4j.randn(batch, 3, cfg.inputSize(), cfg.inputSize());
        for (int i = 0; i < 20; i++) net.output(x);
        double[] t = new double[50];
        for (int i = 0; i < t.length; i++) { long s = System.nanoTime(); net.output(x); t[i] = (System.nanoTime() - s) / 1e6; }
        Arrays.sort(t);
        System.out.printf("output(): median %.2f ms  min %.2f%n", t[t.length / 2], t[0]);
        Map<String, INDArray> acts = net.feedForward(new INDArray[]{x}, false, false);
        Map<String, List<String>> inputsOf = net.getConfiguration().getVertexInputs();
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        double sum = 0;
        for (int idx : net.topologicalSortOrder()) {
            GraphVertex v = net.getVertices()[idx];
            if (v.isInputVertex()) continue;
            INDArray[] in = inputsOf.get(v.getVertexName()).stream().map(acts::get).toArray(INDArray[]::new);
            double[] f = new double[30];
            for (int r = 0; r < f.length; r++) {
                for (int i = 0; i < in.length; i++) v.setInput(i, in[i], mgr);
                long s = System.nanoTime();
                v.doForward(false, mgr);
                Nd4j.getExecutioner().commit();
                f[r] = (System.nanoTime() - s) / 1e6;
            }
            Arrays.sort(f);
            sum += f[f.length / 2];
            System.out.printf("%-10s %-28s %7.2f ms (min %.2f)  in %s stride %s%n", v.getVertexName(),
                v.hasLayer() ? v.getLayer().getClass().getSimpleName() : v.getClass().getSimpleName(), f[f.length / 2], f[0],
                Arrays.toString(in[0].shape()), Arrays.toString(in[0].stride()));
        }
        System.out.printf("sum of vertices %.2f ms%n", sum);


    }
}
