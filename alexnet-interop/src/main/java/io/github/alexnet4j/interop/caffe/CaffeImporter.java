package io.github.alexnet4j.interop.caffe;

import io.github.alexnet4j.interop.AlexNetMapping;
import io.github.alexnet4j.interop.ImportedModel;
import io.github.alexnet4j.interop.InputConvention;
import io.github.alexnet4j.interop.Labels;
import io.github.alexnet4j.interop.NetSpec;
import io.github.alexnet4j.model.AlexNetConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code alexnet import caffe}: a Caffe model (deploy prototxt + .caffemodel, optionally its mean and
 * labels) as this project's model file. Caffe nets take BGR planes, 0–255, minus a mean; the imported
 * model takes this project's input (RGB, mean subtracted) and carries the mean itself.
 */
public final class CaffeImporter {

    /**
     * @param sha1    the .caffemodel's SHA-1
     * @param knownAs the model-zoo file with that SHA-1, or null
     */
    public record Report(String sha1, String knownAs, AlexNetConfig config, InputConvention input, Path model) {
    }

    private CaffeImporter() {
    }

    public static Report run(Path prototxt, Path caffemodel, Path mean, Path labels, Path out) throws IOException {
        String sha1 = CaffeFiles.sha1(caffemodel);
        NetSpec spec = CaffeImport.read(prototxt, caffemodel);
        InputConvention input = InputConvention.caffe();
        if (mean != null) {
            int[] side = new int[1];
            float[] image = CaffeFiles.meanImage(mean, side);
            if (side[0] < spec.inputSize()) {
                throw new io.github.alexnet4j.interop.ImportException(mean + ": a " + side[0] + "² mean for " + spec.inputSize()
                        + "² crops; the mean must be at least the crop's size");
            }
            input = input.withMeanImage(image, side[0]);
        }
        AlexNetMapping.Result mapped = AlexNetMapping.map(spec, input);
        List<String> names = labels != null ? Labels.read(labels) : null;
        String name = caffemodel.getFileName().toString().replaceFirst("\\.caffemodel$", "");
        ImportedModel.write(name, mapped, input, names, out);
        return new Report(sha1, CaffeFiles.knownModel(sha1), mapped.config(), input, out);
    }
}
