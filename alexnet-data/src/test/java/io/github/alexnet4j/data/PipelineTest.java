package io.github.alexnet4j.data;

import io.github.alexnet4j.data.batches.ImageBatchIterator;
import io.github.alexnet4j.data.batches.ImageSource;
import io.github.alexnet4j.data.transforms.InputPipeline;
import io.github.alexnet4j.data.transforms.MeanSubtraction;
import io.github.alexnet4j.data.transforms.PcaLighting;
import io.github.alexnet4j.data.batches.FileImageSource;
import io.github.alexnet4j.data.decoding.BadImageReport;
import io.github.alexnet4j.data.layouts.ClassFolders;
import io.github.alexnet4j.data.layouts.LabelledFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PipelineTest {

    @TempDir
    Path dir;

    private static LabelledFiles cifarSlice(int perClass) {
        return ClassFolders.scan(TestDatasets.cifarTrain()).perClassLimit(perClass);
    }

    @Test
    void statisticsMatchADirectComputation() throws Exception {
        FileImageSource src = new FileImageSource(cifarSlice(3), 32, false);
        DatasetStats st = DatasetStats.compute(src, 2, new BadImageReport(), false);
        assertEquals(30, st.images());
        double[] mean = new double[32 * 32 * 3];
        List<double[]> pixels = new ArrayList<>();
        for (int i = 0; i < src.size(); i++) {
            byte[] px = src.prepared(i);
            for (int p = 0; p < 32 * 32; p++) {
                double r = px[p * 3 + 2] & 0xFF, g = px[p * 3 + 1] & 0xFF, b = px[p * 3] & 0xFF;
                mean[p * 3] += r / 30;
                mean[p * 3 + 1] += g / 30;
                mean[p * 3 + 2] += b / 30;
                pixels.add(new double[]{r / 255, g / 255, b / 255});
            }
        }
        for (int i = 0; i < mean.length; i += 97) assertEquals(mean[i], st.meanImage()[i], 1e-3, "mean image @" + i);
        double[] m = new double[3];
        for (double[] q : pixels) for (int c = 0; c < 3; c++) m[c] += q[c] / pixels.size();
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                double cov = 0;
                for (double[] q : pixels) cov += (q[a] - m[a]) * (q[b] - m[b]);
                assertEquals(cov / pixels.size(), st.covariance()[a][b], 1e-9, "cov " + a + b);
            }
        }
        // eigenpairs: C p = λ p, λ sorted descending
        for (int i = 0; i < 3; i++) {
            for (int a = 0; a < 3; a++) {
                double cp = 0;
                for (int b = 0; b < 3; b++) cp += st.covariance()[a][b] * st.eigenvectors()[i][b];
                assertEquals(st.eigenvalues()[i] * st.eigenvectors()[i][a], cp, 1e-9);
            }
        }
        assertTrue(st.eigenvalues()[0] >= st.eigenvalues()[1] && st.eigenvalues()[1] >= st.eigenvalues()[2]);

        Path f = dir.resolve("stats.json");
        st.save(f);
        DatasetStats back = DatasetStats.load(f);
        assertArrayEquals(st.meanImage(), back.meanImage());
        assertArrayEquals(st.eigenvalues(), back.eigenvalues());
    }

    private InputPipeline pipeline(int stored, int crop) {
        DatasetStats st = new DatasetStats(stored, 1, new float[stored * stored * 3], new double[3], new double[3][3],
                new double[]{0.2, 0.02, 0.005}, new double[][]{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
        return new InputPipeline(stored, crop, new MeanSubtraction(st, MeanSubtraction.Mode.PER_PIXEL),
                new PcaLighting(st, 0.1), true, 1f);
    }

    @Test
    void sameSeedSameBatchesDifferentSeedDifferentBatches() {
        FileImageSource src = new FileImageSource(cifarSlice(4), 32, true);
        DataSet a = first(src, 11), b = first(src, 11), c = first(src, 12);
        assertEquals(a.getFeatures(), b.getFeatures());
        assertEquals(a.getLabels(), b.getLabels());
        assertNotEquals(a.getFeatures(), c.getFeatures());
        assertArrayEquals(new long[]{16, 3, 28, 28}, a.getFeatures().shape());
    }

    private DataSet first(ImageSource src, long seed) {
        try (ImageBatchIterator it = new ImageBatchIterator(src, pipeline(32, 28), InputPipeline.Mode.TRAIN, 16, seed, 2,
                new BadImageReport())) {
            return it.next();
        }
    }

    @Test
    void resumingAtABatchGivesTheSameDataAsGoingThere() {
        FileImageSource src = new FileImageSource(cifarSlice(4), 32, true);
        try (ImageBatchIterator full = new ImageBatchIterator(src, pipeline(32, 28), InputPipeline.Mode.TRAIN, 8, 3, 1,
                new BadImageReport());
             ImageBatchIterator resumed = new ImageBatchIterator(src, pipeline(32, 28), InputPipeline.Mode.TRAIN, 8, 3, 1,
                     new BadImageReport())) {
            full.reset(); // epoch 1
            full.next();
            full.next();
            DataSet third = full.next();
            resumed.startEpoch(1, 2);
            assertEquals(third.getFeatures(), resumed.next().getFeatures());
        }
    }

    @Test
    void tenCropGivesTenRowsPerImage() {
        FileImageSource src = new FileImageSource(cifarSlice(1), 32, false);
        try (ImageBatchIterator it = new ImageBatchIterator(src, pipeline(32, 28), InputPipeline.Mode.TEN_CROP, 4, 0, 1,
                new BadImageReport())) {
            DataSet ds = it.next();
            assertEquals(40, ds.numExamples());
            // rows 0 and 5 are the top-left crop and its mirror
            var tl = ds.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.point(0));
            var tlm = ds.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.point(5));
            assertEquals(tl.getFloat(0, 3, 0), tlm.getFloat(0, 3, 27), 0f);
            assertEquals(ds.getLabels().getRow(0), ds.getLabels().getRow(9));
        }
    }

    /** Bad files never stop an epoch: they are skipped, named once, and counted by reason. */
    @Test
    void badFilesAreSkippedCountedAndReported() throws Exception {
        for (String c : List.of("a", "b")) {
            Path d = Files.createDirectories(dir.resolve("ds").resolve(c));
            for (int i = 0; i < 3; i++) TestImages.write(TestImages.halves(40, 30), "jpg", d.resolve(i + ".jpg"));
        }
        Path a = dir.resolve("ds/a");
        Files.write(a.resolve("empty.jpg"), new byte[0]);
        Files.writeString(a.resolve("text.png"), "<html>not found</html>");
        TestImages.pngBomb(40_000, a.resolve("bomb.png"));
        byte[] jpeg = TestImages.jpegBytes(TestImages.halves(64, 64));
        Files.write(dir.resolve("ds/b/cut.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length / 3));
        TestImages.cmykJpeg(50, 40, dir.resolve("ds/b/cmyk.jpg"));

        LabelledFiles files = ClassFolders.scan(dir.resolve("ds"));
        assertEquals(11, files.size());
        BadImageReport bad = new BadImageReport();
        FileImageSource src = new FileImageSource(files, 32, false);
        int rows = 0;
        try (ImageBatchIterator it = new ImageBatchIterator(src, pipeline(32, 28), InputPipeline.Mode.TRAIN, 4, 0, 2, bad)) {
            for (int epoch = 0; epoch < 2; epoch++) {
                while (it.hasNext()) rows += it.next().numExamples();
                it.reset();
            }
        }
        assertEquals(2 * 7, rows, "6 good + the CMYK JPEG, in each of 2 epochs");
        assertEquals(4, bad.count(), bad.summary());
        String summary = bad.summary();
        assertTrue(summary.contains("empty file") && summary.contains("not an image") && summary.contains("truncated JPEG")
                && summary.contains("decompression bomb"), summary);
    }
}
