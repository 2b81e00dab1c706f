package io.github.alexnet4j.train;

import io.github.alexnet4j.data.BadImageException;
import io.github.alexnet4j.data.ImageDecoder;
import io.github.alexnet4j.data.ImageNet;
import io.github.alexnet4j.data.InputPipeline;
import io.github.alexnet4j.data.PaperRescale;
import io.github.alexnet4j.data.TenCrop;
import io.github.alexnet4j.data.View;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
        InputPipeline pipeline = Trainer.pipeline(m.config(), m.stats());
        ImageDecoder decoder = new ImageDecoder();
        PaperRescale prepare = new PaperRescale(pipeline.storedSize());
        int failed = 0;
        for (Path image : images) {
            byte[] px;
            try (PointerScope scope = new PointerScope()) {
                Mat decoded = decoder.decode(image);
                Mat square = prepare.apply(decoded);
                px = new byte[pipeline.storedSize() * pipeline.storedSize() * 3];
                square.data().get(px);
            } catch (BadImageException e) {
                System.out.println(e.getMessage());
                failed++;
                continue;
            }
            InputPipeline.Mode mode = centreOnly ? InputPipeline.Mode.CENTER : InputPipeline.Mode.TEN_CROP;
            List<View> views = pipeline.views(mode, new Random(0));
            int c = pipeline.cropSize();
            float[] data = new float[views.size() * 3 * c * c];
            pipeline.write(px, views, mode, null, data, 0);
            INDArray probs = TopK.averageViews(m.net().outputSingle(false, Nd4j.create(data, new long[]{views.size(), 3, c, c}, 'c')),
                    views.size() == 1 ? 1 : TenCrop.VIEWS);
            float[] p = probs.getRow(0).toFloatVector();
            System.out.println(image);
            for (int k : TopK.best(p, 5)) {
                String label = m.labels().get(k);
                System.out.printf("  %6.2f %%  %s%s%n", 100 * p[k], label, human.containsKey(label) ? " (" + human.get(label) + ")" : "");
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
