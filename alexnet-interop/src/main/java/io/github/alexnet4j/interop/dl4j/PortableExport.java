package io.github.alexnet4j.interop.dl4j;

import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.AlexNetGraph;
import io.github.alexnet4j.model.Implementation;
import io.github.alexnet4j.model.layers.TowerSplit;
import io.github.alexnet4j.train.ModelPackage;
import io.github.alexnet4j.train.OptimizerSettings;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * {@code alexnet export dl4j}: a model file a DL4J program without this project's jars can load with
 * {@code ModelSerializer.restoreComputationGraph}. This project's classes are swapped for DL4J's stock
 * ones that compute the same inference: DL4J's convolution, dense and LRN layers (the same forward pass;
 * DL4J's LRN backward pass is wrong, which matters only for training), DL4J's SubsetVertex for a tower's
 * share of maps, Nesterov momentum for the paper's classic momentum and L2 for its weight decay (the
 * updater state is not kept). Labels and the input recipe go in as plain-text entries.
 */
public final class PortableExport {

    private PortableExport() {
    }

    public static ComputationGraph network(ModelPackage m) {
        AlexNetConfig stock = m.config().model().requireAlexNet("export dl4j").toBuilder()
                .implementation(new Implementation(Implementation.Kind.DL4J, Implementation.Kind.DL4J, true)).build();
        OptimizerSettings o = m.config().optimizer();
        ComputationGraphConfiguration conf = AlexNetGraph.configuration(stock, o.updater());
        Map<String, GraphVertex> vertices = conf.getVertices();
        for (Map.Entry<String, GraphVertex> e : vertices.entrySet()) {
            if (e.getValue() instanceof TowerSplit t) {
                e.setValue(new SubsetVertex(t.getFrom(), t.getTo()));
            } else if (e.getValue() instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BaseLayer layer) {
                layer.setIUpdater(new Nesterovs(o.learningRate(), o.momentum()));
                layer.setRegularization(stockOnly(layer.getRegularization(), o.weightDecay()));
                layer.setRegularizationBias(stockOnly(layer.getRegularizationBias(), o.weightDecay()));
            }
        }
        ComputationGraph net = new ComputationGraph(conf);
        net.init(m.net().params().dup(), false);
        return net;
    }

    private static List<Regularization> stockOnly(List<Regularization> current, double weightDecay) {
        List<Regularization> out = new ArrayList<>();
        for (Regularization r : current) {
            out.add(r.getClass().getName().startsWith("org.nd4j.") ? r : new L2Regularization(weightDecay));
        }
        return out;
    }

    /** Writes the portable model (atomically) with {@code labels.txt} and {@code input.txt} beside the network. */
    public static void write(ModelPackage m, Path out) throws IOException {
        ComputationGraph net = network(m);
        String json = net.getConfiguration().toJson();
        if (json.contains("io.github.alexnet4j")) {
            throw new IllegalStateException("the portable configuration still names a class of this project");
        }
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path plain = Files.createTempFile(dir, "." + out.getFileName(), ".net");
        Path tmp = Files.createTempFile(dir, "." + out.getFileName(), ".tmp");
        try {
            ModelSerializer.writeModel(net, plain.toFile(), false);
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(plain));
                 ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
                for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                    zip.putNextEntry(new ZipEntry(e.getName()));
                    in.transferTo(zip);
                    zip.closeEntry();
                }
                entry(zip, "labels.txt", String.join("\n", m.labels()) + "\n");
                entry(zip, "input.txt", recipe(m));
            }
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(plain);
            Files.deleteIfExists(tmp);
        }
    }

    private static String recipe(ModelPackage m) {
        double[] mean = m.stats().channelMean();
        var d = m.config().data();
        return String.format(java.util.Locale.ROOT, "input: NCHW float32, RGB, %dx%d centre crop of the image resized to %d on "
                        + "its shorter side%nmean subtracted: %s (per channel R, G, B: %.3f %.3f %.3f)%nthen multiplied by %s%n",
                m.config().model().inputSize(), m.config().model().inputSize(), d.storedSize(), d.mean(), mean[0], mean[1],
                mean[2], d.scale());
    }

    private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
