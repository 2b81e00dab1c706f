package io.github.alexnet4j.interop;

import io.github.alexnet4j.data.DataSettings;
import io.github.alexnet4j.data.DatasetStats;
import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.AlexNetGraph;
import io.github.alexnet4j.train.EngineSettings;
import io.github.alexnet4j.train.ModelPackage;
import io.github.alexnet4j.train.OptimizerSettings;
import io.github.alexnet4j.train.RunConfig;
import io.github.alexnet4j.train.TrainingSettings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Model files of freshly initialised networks, for tests that need a model file and no training. */
public final class TestModels {
    private TestModels() {
    }

    /** The paper's net at an eighth of its width, 64-wide FC layers, 10 classes. */
    public static AlexNetConfig small() {
        return AlexNetConfig.paper().toBuilder().widthMultiplier(0.125).fcWidth(64).numClasses(10).build();
    }

    /** A model file of a new network of {@code c}, with a per-channel mean (120, 115, 100) and ImageNet-style data settings. */
    public static ModelPackage write(AlexNetConfig c, Path zip) throws Exception {
        DataSettings d = DataSettings.paperImageNet();
        float[] mean = new float[256 * 256 * 3];
        double[] channel = {120, 115, 100};
        for (int i = 0; i < 256 * 256; i++) for (int k = 0; k < 3; k++) mean[i * 3 + k] = (float) channel[k];
        DatasetStats stats = new DatasetStats(256, 1, mean, channel, new double[3][3], new double[3],
                new double[][]{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < c.numClasses(); i++) labels.add("n" + (1000 + i));
        RunConfig cfg = new RunConfig("test-model", c, OptimizerSettings.paper(), d, TrainingSettings.paper(), EngineSettings.local());
        ModelPackage.write(zip, AlexNetGraph.build(c), labels, cfg, stats, null);
        return ModelPackage.read(zip);
    }
}
