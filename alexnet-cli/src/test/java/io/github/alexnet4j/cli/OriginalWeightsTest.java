package io.github.alexnet4j.cli;

import io.github.alexnet4j.data.TestDatasets;
import io.github.alexnet4j.data.batches.FileImageSource;
import io.github.alexnet4j.data.decoding.BadImageReport;
import io.github.alexnet4j.data.layouts.ClassFolders;
import io.github.alexnet4j.data.transforms.InputPipeline;
import io.github.alexnet4j.interop.caffe.CaffeFixtures;
import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.AlexNetGraph;
import io.github.alexnet4j.train.ModelPackage;
import io.github.alexnet4j.train.RunConfig;
import io.github.alexnet4j.train.eval.ErrorRates;
import io.github.alexnet4j.train.eval.Evaluator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The original weights through the command line: `import caffe` (checksum line, a model `predict` uses),
 * bad files as one line with nothing written, `eval` of ensembles, and `train --init` fine-tuning an
 * imported network on real CIFAR-10 images.
 */
class OriginalWeightsTest {

    @TempDir
    static Path dir;
    static Path[] caffe;
    static Path imported;

    @BeforeAll
    static void setUp() throws Exception {
        TrainTestSupport.setUp(dir.resolve("cache"));
        caffe = CaffeFixtures.write(Files.createDirectories(dir.resolve("caffe")), new CaffeFixtures.Shape(
                new int[]{16, 32, 48, 48, 32}, 64, 7, 227, 1e-4f), CaffeFixtures.Form.LAYER, false, 9);
        imported = dir.resolve("imported.zip");
        String[] out = TrainTestSupport.cli(0, "import", "caffe", "--prototxt", caffe[0].toString(), "--weights",
                caffe[1].toString(), "--out", imported.toString());
        assertTrue(Pattern.compile("SHA-1 [0-9a-f]{40} ").matcher(out[0]).find(), out[0]);
        assertTrue(out[0].contains("not a published model-zoo file"), out[0]);
    }

    @Test
    void predictUsesTheImportedModel() throws Exception {
        Path photo;
        try (var s = Files.list(TestDatasets.imagenetSamples())) {
            photo = s.sorted().findFirst().orElseThrow();
        }
        String[] out = TrainTestSupport.cli(0, "predict", "--model", imported.toString(), photo.toString());
        Matcher m = Pattern.compile("(\\d+\\.\\d+) %\\s+class\\d").matcher(out[0]);
        int lines = 0;
        while (m.find()) lines++;
        assertEquals(5, lines, "top-5 lines: " + out[0]);
    }

    @Test
    void badFilesAreOneLineAndWriteNothing() throws Exception {
        Path notAModel = dir.resolve("notes.caffemodel");
        Files.writeString(notAModel, "not a network\n");
        Path out = dir.resolve("never.zip");
        String[] r = TrainTestSupport.cli(2, "import", "caffe", "--prototxt", caffe[0].toString(), "--weights",
                notAModel.toString(), "--out", out.toString());
        assertTrue(r[1].startsWith("alexnet: ") && r[1].contains("notes.caffemodel"), r[1]);
        assertEquals(1, r[1].strip().lines().count(), "one line: " + r[1]);
        assertFalse(Files.exists(out));
        r = TrainTestSupport.cli(2, "import", "onnx", caffe[1].toString(), "--preset", "caffe", "--out", out.toString());
        assertTrue(r[1].contains("net.caffemodel") && r[1].contains("not an ONNX model"), r[1]);
        assertFalse(Files.exists(out));
    }

    @Test
    void anEnsembleOfOneIsThatModelAndOfTwoIsTheAverageOfTheirProbabilities() throws Exception {
        // two differently initialised CIFAR-sized nets scored on 60 real test images
        Path data = Files.createDirectories(dir.resolve("cifar-slice"));
        Path test = TestDatasets.cifarTest();
        for (String cls : List.of("airplane", "cat", "ship")) {
            Path into = Files.createDirectories(data.resolve(cls));
            try (var s = Files.list(test.resolve(cls))) {
                for (Path p : s.sorted().limit(20).toList()) Files.createSymbolicLink(into.resolve(p.getFileName()), p);
            }
        }
        AlexNetConfig c = AlexNetConfig.cifar10().toBuilder().numClasses(3).build();
        ModelPackage a = cifarModel(c.toBuilder().seed(1).build(), dir.resolve("a.zip"));
        ModelPackage b = cifarModel(c.toBuilder().seed(2).build(), dir.resolve("b.zip"));
        var source = new FileImageSource(ClassFolders.scan(data), 32, false);
        InputPipeline pipeline = a.config().data().pipeline(28, a.stats());
        Evaluator.Scores sa = Evaluator.scores(a.net(), source, pipeline, InputPipeline.Mode.CENTER, new BadImageReport());
        Evaluator.Scores sb = Evaluator.scores(b.net(), source, pipeline, InputPipeline.Mode.CENTER, new BadImageReport());
        Evaluator.Scores one = Evaluator.average(List.of(sa));
        assertArrayEquals(sa.probabilities(), one.probabilities(), "an ensemble of one is that model");

        // by hand: each model's output on the centre crops, averaged
        INDArray x = batch(source, pipeline);
        INDArray byHand = a.net().outputSingle(x).add(b.net().outputSingle(x)).div(2);
        Evaluator.Scores two = Evaluator.average(List.of(sa, sb));
        for (int i = 0; i < 60; i++) {
            for (int k = 0; k < 3; k++) assertEquals(byHand.getFloat(i, k), two.probabilities()[i][k], 1e-6);
        }
        ErrorRates avg = ErrorRates.of(two.probabilities(), two.labels(), two.classNames());
        int wrong = 0;
        for (int i = 0; i < 60; i++) if (byHand.getRow(i).argMax().getInt(0) != two.labels()[i]) wrong++;
        assertEquals(wrong / 60.0, avg.top1Error(), 1e-12);

        // through the command line: each member and the average, centre crop and ten crops
        String[] out = TrainTestSupport.cli(0, "eval", "--model", dir.resolve("a.zip").toString(), "--model",
                dir.resolve("b.zip").toString(), "--data", data.toString());
        for (String line : List.of("centre crop, model 1", "centre crop, model 2", "centre crop, average of 2 models",
                "ten crops, average of 2 models")) {
            assertTrue(out[0].contains(line), out[0]);
        }
        assertTrue(out[0].contains(String.format("centre crop, average of 2 models: top-1 error %.2f %%", 100 * avg.top1Error())), out[0]);
    }

    private static ModelPackage cifarModel(AlexNetConfig c, Path zip) throws Exception {
        RunConfig cfg = RunConfig.load(TrainTestSupport.HOME.resolve("configs/cifar10.yaml"), List.of("model.numClasses=3"));
        var stats = io.github.alexnet4j.data.DatasetStats.compute(new FileImageSource(ClassFolders.scan(TestDatasets.cifarTest())
                .perClassLimit(5), 32, false), 1, new BadImageReport(), false);
        ModelPackage.write(zip, AlexNetGraph.build(c), List.of("airplane", "cat", "ship"),
                new RunConfig(cfg.name(), c, cfg.optimizer(), cfg.data(), cfg.training(), cfg.engine()), stats, null);
        return ModelPackage.read(zip);
    }

    private static INDArray batch(FileImageSource source, InputPipeline pipeline) throws Exception {
        float[] data = new float[source.size() * 3 * 28 * 28];
        for (int i = 0; i < source.size(); i++) {
            var views = pipeline.views(InputPipeline.Mode.CENTER, null);
            pipeline.write(source.prepared(i), views, InputPipeline.Mode.CENTER, null, data, i * 3 * 28 * 28);
        }
        return org.nd4j.linalg.factory.Nd4j.create(data, new long[]{source.size(), 3, 28, 28}, 'c');
    }

    @Test
    void fineTuningAnImportedNetworkReplacesFc8AndTrainsOnCifar() throws Exception {
        Path run = dir.resolve("finetune");
        TrainTestSupport.cli(0, "train", "--init", imported.toString(), "--run-dir", run.toString(), "--no-progress",
                "--limit-per-class", "6", "--epochs", "1", "--set", "training.budgetMinutes=0", "--set", "training.batchSize=20",
                "--set", "training.evalTrainImages=20", "--set", "training.tenCrop=false", "--set", "data.storedSize=256",
                "--set", "optimizer.learningRate=0.001", "--set", "optimizer.schedule.warmupIterations=0",
                "--set", "data.cacheMegabytes=64", "--set", "training.checkpointEvery=1");
        ModelPackage before = ModelPackage.read(imported), after = ModelPackage.read(run.resolve("model.zip"));
        assertEquals(7, before.net().getLayer("fc8").getParam("b").length());
        assertEquals(10, after.net().getLayer("fc8").getParam("b").length(), "fc8 now has CIFAR-10's 10 classes");
        assertEquals(before.config().model().convWidths(), after.config().model().convWidths(), "the imported architecture");
        assertEquals(227, after.config().model().inputSize());
        assertTrue(Files.readString(run.resolve("init.txt")).contains(imported.toAbsolutePath().toString()), "the init model is recorded");
        assertTrue(Files.readString(run.resolve("config.yaml")).contains("init: " + imported.toAbsolutePath()));
        double moved = before.net().getLayer("conv2_a").getParam("W").sub(after.net().getLayer("conv2_a").getParam("W"))
                .norm2Number().doubleValue();
        assertTrue(moved > 0, "conv2 learned");

        Path frozen = dir.resolve("frozen");
        TrainTestSupport.cli(0, "train", "--init", imported.toString(), "--freeze-through", "pool5", "--run-dir", frozen.toString(),
                "--no-progress", "--limit-per-class", "6", "--epochs", "1", "--set", "training.budgetMinutes=0",
                "--set", "training.batchSize=20", "--set", "training.evalTrainImages=20", "--set", "training.tenCrop=false",
                "--set", "data.storedSize=256", "--set", "optimizer.learningRate=0.001", "--set", "data.cacheMegabytes=64");
        ComputationGraph f = ModelPackage.read(frozen.resolve("model.zip")).net();
        assertEquals(before.net().getLayer("conv2_a").getParam("W"), f.getLayer("conv2_a").getParam("W"), "frozen through pool5");
        assertNotEquals(before.net().getLayer("fc7").getParam("W"), f.getLayer("fc7").getParam("W"), "the FC layers learned");
    }
}
