package io.github.alexnet4j.cli;

import io.github.alexnet4j.train.ModelPackage;
import io.github.alexnet4j.train.Trainer;
import io.github.alexnet4j.train.eval.Prediction;
import io.github.alexnet4j.train.eval.TopK;
import io.github.alexnet4j.data.decoding.BadImageException;
import io.github.alexnet4j.data.batches.FileImageSource;
import io.github.alexnet4j.data.decoding.ImageDecoder;
import io.github.alexnet4j.data.layouts.ImageNet;
import io.github.alexnet4j.data.transforms.InputPipeline;
import io.github.alexnet4j.data.decoding.PaperRescale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Top-5 classes with probabilities for each image (ten crops averaged, as in the paper).")
final class PredictCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "model.zip or a checkpoint")
    Path model;

    @Option(names = "--names", description = "synset_words.txt-style file mapping labels to human-readable names")
    Path names;

    @Option(names = "--centre-only", description = "use the centre crop only")
    boolean centreOnly;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "image files (JPEG, PNG, GIF, BMP, WebP, ...)")
    List<Path> images;

    @Override
    public Integer call() throws Exception {
        ModelPackage m = ModelPackage.read(model);
        Map<String, String> human = names != null ? ImageNet.synsetWords(names) : Map.of();
        InputPipeline pipeline = m.config().data().pipeline(m.config().model().inputSize(), m.stats());
        ImageDecoder decoder = new ImageDecoder();
        PaperRescale prepare = new PaperRescale(pipeline.storedSize());
        int failed = 0;
        for (Path image : images) {
            byte[] px;
            try {
                px = FileImageSource.prepare(image, decoder, prepare);
            } catch (BadImageException e) {
                System.out.println(e.getMessage());
                failed++;
                continue;
            }
            float[] p = Prediction.probabilities(m.net(), pipeline, px, !centreOnly);
            System.out.println(image);
            for (int k : TopK.best(p, 5)) {
                String label = m.labels().get(k);
                System.out.printf("  %6.2f %%  %s%s%n", 100 * p[k], label, human.containsKey(label) ? " (" + human.get(label) + ")" : "");
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
