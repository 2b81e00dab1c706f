package io.github.alexnet4j.interop;

import io.github.alexnet4j.data.TestDatasets;
import io.github.alexnet4j.data.batches.FileImageSource;
import io.github.alexnet4j.data.decoding.ImageDecoder;
import io.github.alexnet4j.data.decoding.PaperRescale;
import io.github.alexnet4j.data.transforms.CenterCrop;
import io.github.alexnet4j.data.transforms.ViewWriter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A few of the shared ImageNet photos as network inputs: shorter side 256, centre crop, RGB, 0–255 minus a mean. */
public final class RealImages {
    private RealImages() {
    }

    public static INDArray batch(int count, int crop, double mean) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(TestDatasets.imagenetSamples())) {
            files = s.sorted().limit(count).toList();
        }
        float[] data = new float[count * 3 * crop * crop];
        ImageDecoder decoder = new ImageDecoder();
        PaperRescale rescale = new PaperRescale(256);
        for (int i = 0; i < count; i++) {
            byte[] px = FileImageSource.prepare(files.get(i), decoder, rescale);
            ViewWriter.write(px, 256, CenterCrop.view(256, crop), null, null, 1f, data, i * 3 * crop * crop);
        }
        INDArray x = Nd4j.create(data, new long[]{count, 3, crop, crop}, 'c');
        return x.subi(mean);
    }
}
