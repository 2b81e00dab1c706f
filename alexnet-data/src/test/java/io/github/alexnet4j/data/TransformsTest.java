package io.github.alexnet4j.data;

import io.github.alexnet4j.data.transforms.MeanSubtraction;
import io.github.alexnet4j.data.transforms.PcaLighting;
import io.github.alexnet4j.data.transforms.CenterCrop;
import io.github.alexnet4j.data.transforms.HorizontalFlip;
import io.github.alexnet4j.data.transforms.RandomCrop;
import io.github.alexnet4j.data.transforms.TenCrop;
import io.github.alexnet4j.data.transforms.View;
import io.github.alexnet4j.data.transforms.ViewTransform;
import io.github.alexnet4j.data.transforms.ViewWriter;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.datavec.image.data.ImageWritable;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.*;

class TransformsTest {

    @Test
    void tenCropsAreTheFourCornersTheCentreAndTheirMirrors() {
        List<View> v = TenCrop.views(256, 227);
        assertEquals(List.of(new View(0, 0, 227, false), new View(29, 0, 227, false), new View(0, 29, 227, false),
                new View(29, 29, 227, false), new View(14, 14, 227, false), new View(0, 0, 227, true),
                new View(29, 0, 227, true), new View(0, 29, 227, true), new View(29, 29, 227, true),
                new View(14, 14, 227, true)), v);
        assertEquals(new View(2, 2, 28, false), CenterCrop.view(32, 28));
    }

    @Test
    void randomCropsCoverEveryPositionAndStayInside() {
        RandomCrop crop = new RandomCrop(28);
        Random r = new Random(1);
        boolean[][] seen = new boolean[5][5];
        for (int i = 0; i < 2000; i++) {
            View v = crop.choose(32, r);
            v.checkFits(32);
            seen[v.x()][v.y()] = true;
        }
        for (boolean[] row : seen) for (boolean s : row) assertTrue(s, "every one of the 5×5 offsets occurs");
        double flips = 0;
        HorizontalFlip flip = new HorizontalFlip(0.5);
        for (int i = 0; i < 10_000; i++) if (flip.flips(r)) flips++;
        assertEquals(0.5, flips / 10_000, 0.02);
    }

    /** The fused writer gives exactly what DataVec's transforms give step by step (BGR → RGB, mirrored). */
    @Test
    void viewWriterMatchesTheDataVecTransforms() {
        int s = 12, c = 7;
        byte[] px = new byte[s * s * 3];
        new Random(5).nextBytes(px);
        Mat img = new Mat(s, s, CV_8UC3);
        img.data().put(px);
        OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat();
        for (View view : List.of(new View(3, 1, c, false), new View(5, 5, c, true), new View(0, 2, c, true))) {
            float[] out = new float[3 * c * c];
            ViewWriter.write(px, s, view, null, null, 1f, out, 0);
            Mat cut = ViewTransform.cut(img, view);
            try (UByteIndexer ix = cut.createIndexer()) {
                for (int ch = 0; ch < 3; ch++) {
                    for (int i = 0; i < c; i++) {
                        for (int j = 0; j < c; j++) {
                            assertEquals(ix.get(i, j, 2 - ch), out[(ch * c + i) * c + j], 0f, view + " c" + ch + " " + i + "," + j);
                        }
                    }
                }
            }
            // and as a DataVec ImageTransform on an ImageWritable
            ViewTransform fixed = new ViewTransform() {
                @Override
                public View choose(int stored, Random random) {
                    return view;
                }
            };
            Mat viaDataVec = conv.convert(fixed.transform(new ImageWritable(conv.convert(img)), new Random()).getFrame());
            assertEquals(c, viaDataVec.cols());
            try (UByteIndexer a = viaDataVec.createIndexer(); UByteIndexer b = cut.createIndexer()) {
                assertEquals(b.get(0, 0, 1), a.get(0, 0, 1));
                assertEquals(b.get(c - 1, c - 1, 0), a.get(c - 1, c - 1, 0));
            }
        }
    }

    @Test
    void mirroringReversesEachRow() {
        int s = 4;
        byte[] px = new byte[s * s * 3];
        for (int x = 0; x < s; x++) px[(1 * s + x) * 3 + 2] = (byte) (10 * x); // R of row 1 = 0,10,20,30
        float[] out = new float[3 * s * s];
        ViewWriter.write(px, s, new View(0, 0, s, true), null, null, 1f, out, 0);
        assertArrayEquals(new float[]{30, 20, 10, 0}, java.util.Arrays.copyOfRange(out, s, 2 * s));
    }

    @Test
    void meanIsSubtractedAtTheStoredPositionLightingAddedAndScaleApplied() {
        int s = 3;
        float[] mean = new float[s * s * 3];
        for (int i = 0; i < mean.length; i++) mean[i] = i;
        DatasetStats stats = new DatasetStats(s, 1, mean, new double[]{1, 2, 3}, new double[3][3], new double[3],
                new double[][]{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
        MeanSubtraction perPixel = new MeanSubtraction(stats, MeanSubtraction.Mode.PER_PIXEL);
        byte[] px = new byte[s * s * 3];
        java.util.Arrays.fill(px, (byte) 100);
        float[] out = new float[3 * 2 * 2];
        ViewWriter.write(px, s, new View(1, 1, 2, false), perPixel, new float[]{5, 6, 7}, 0.5f, out, 0);
        // R at output (0,0) = stored (1,1): (100 + 5 − mean[(1*3+1)*3 + 0]) * 0.5
        assertEquals((100 + 5 - 12) * 0.5f, out[0], 1e-6);
        // B at output (1,1) = stored (2,2): (100 + 7 − mean[(2*3+2)*3 + 2]) * 0.5
        assertEquals((100 + 7 - 26) * 0.5f, out[11], 1e-6);
        MeanSubtraction perChannel = new MeanSubtraction(stats, MeanSubtraction.Mode.PER_CHANNEL);
        assertEquals(2f, perChannel.at(1, 0, 2));
    }

    /** α ~ N(0, σ): shifts average to zero, and along pᵢ their spread is 255·σ·λᵢ. */
    @Test
    void pcaLightingHasThePapersStatistics() {
        double[] lambda = {0.2175, 0.0188, 0.0045};
        double[][] p = {{-0.5675, 0.7192, 0.4009}, {-0.5808, -0.0045, -0.8140}, {-0.5836, -0.6948, 0.4203}};
        PcaLighting lighting = new PcaLighting(lambda, p, 0.1);
        Random r = new Random(7);
        int n = 200_000;
        double[] sum = new double[3];
        double[] proj2 = new double[3];
        for (int k = 0; k < n; k++) {
            float[] s = lighting.shift(r);
            for (int c = 0; c < 3; c++) sum[c] += s[c];
            for (int i = 0; i < 3; i++) {
                double d = s[0] * p[i][0] + s[1] * p[i][1] + s[2] * p[i][2];
                proj2[i] += d * d;
            }
        }
        for (int c = 0; c < 3; c++) assertEquals(0, sum[c] / n, 0.05, "mean shift of channel " + c);
        for (int i = 0; i < 3; i++) {
            // p is only roughly orthonormal (4 decimals), so allow 2 %
            double expected = 255 * 0.1 * lambda[i];
            assertEquals(expected, Math.sqrt(proj2[i] / n), 0.02 * expected + 0.01, "std along p" + i);
        }
    }
}
