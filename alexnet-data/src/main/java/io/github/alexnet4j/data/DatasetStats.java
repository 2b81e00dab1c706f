package io.github.alexnet4j.data;

import io.github.alexnet4j.data.batches.ImageSource;
import io.github.alexnet4j.data.decoding.BadImageException;
import io.github.alexnet4j.data.decoding.BadImageReport;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import me.tongfei.progressbar.ProgressBar;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the paper's input pipeline needs to know about the training set: the mean image (subtracted
 * from every input, Section 2) and the principal components of RGB pixel values (PCA lighting,
 * Section 4.1), computed in one streaming pass over the prepared images.
 *
 * @param storedSize   side of the prepared images the statistics were taken on
 * @param images       how many images went in (bad ones are left out)
 * @param meanImage    per-pixel mean, HWC, RGB, on the 0–255 scale (storedSize² × 3 values)
 * @param channelMean  mean R, G, B (0–255)
 * @param covariance   3×3 covariance of RGB values scaled to [0, 1]
 * @param eigenvalues  λ₁ ≥ λ₂ ≥ λ₃ of the covariance
 * @param eigenvectors p₁, p₂, p₃ as rows, unit length
 */
public record DatasetStats(int storedSize, long images, float[] meanImage, double[] channelMean,
                           double[][] covariance, double[] eigenvalues, double[][] eigenvectors) {

    /** Streams over every image of {@code source}, on {@code threads} threads. */
    public static DatasetStats compute(ImageSource source, int threads, BadImageReport bad, boolean progress) {
        int s = source.storedSize();
        int n = source.size();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        List<Future<Accumulator>> parts = new ArrayList<>();
        try (ProgressBar bar = progress ? new ProgressBar("stats", n) : null) {
            for (int t = 0; t < Math.max(1, threads); t++) {
                parts.add(pool.submit(() -> {
                    Accumulator acc = new Accumulator(s);
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        try {
                            acc.add(source.prepared(i));
                        } catch (BadImageException e) {
                            bad.record(e);
                        }
                        if (bar != null) bar.step();
                    }
                    return acc;
                }));
            }
            Accumulator total = new Accumulator(s);
            for (Future<Accumulator> f : parts) total.merge(f.get());
            return total.finish();
        } catch (Exception e) {
            throw new IllegalStateException("Computing dataset statistics failed: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sums of a subset of images; merged across threads, then turned into statistics. */
    static final class Accumulator {
        final int s;
        final double[] sum;
        final double[] rgb = new double[3];
        final double[][] outer = new double[3][3];
        long images;

        Accumulator(int s) {
            this.s = s;
            this.sum = new double[s * s * 3];
        }

        /** {@code hwcBgr}: a prepared image as {@link ImageSource#prepared} returns it. */
        void add(byte[] hwcBgr) {
            double r0 = 0, g0 = 0, b0 = 0, rr = 0, rg = 0, rb = 0, gg = 0, gb = 0, bb = 0;
            for (int p = 0, n = s * s; p < n; p++) {
                int o = p * 3;
                int b = hwcBgr[o] & 0xFF, g = hwcBgr[o + 1] & 0xFF, r = hwcBgr[o + 2] & 0xFF;
                sum[o] += r;
                sum[o + 1] += g;
                sum[o + 2] += b;
                r0 += r; g0 += g; b0 += b;
                rr += r * r; rg += r * g; rb += r * b; gg += g * g; gb += g * b; bb += b * b;
            }
            rgb[0] += r0; rgb[1] += g0; rgb[2] += b0;
            outer[0][0] += rr; outer[0][1] += rg; outer[0][2] += rb;
            outer[1][1] += gg; outer[1][2] += gb; outer[2][2] += bb;
            images++;
        }

        void merge(Accumulator o) {
            for (int i = 0; i < sum.length; i++) sum[i] += o.sum[i];
            for (int i = 0; i < 3; i++) {
                rgb[i] += o.rgb[i];
                for (int j = 0; j < 3; j++) outer[i][j] += o.outer[i][j];
            }
            images += o.images;
        }

        DatasetStats finish() {
            if (images == 0) throw new IllegalStateException("no readable images to compute statistics from");
            float[] mean = new float[sum.length];
            for (int i = 0; i < sum.length; i++) mean[i] = (float) (sum[i] / images);
            double pixels = (double) images * s * s;
            double[] m = {rgb[0] / pixels, rgb[1] / pixels, rgb[2] / pixels};
            double[][] cov = new double[3][3];
            for (int i = 0; i < 3; i++) {
                for (int j = i; j < 3; j++) {
                    // E[xy] − E[x]E[y], with values scaled to [0, 1]
                    cov[i][j] = cov[j][i] = (outer[i][j] / pixels - m[i] * m[j]) / (255.0 * 255.0);
                }
            }
            return fromCovariance(s, images, mean, m, cov);
        }
    }

    static DatasetStats fromCovariance(int s, long images, float[] mean, double[] channelMean, double[][] cov) {
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(cov));
        Integer[] order = {0, 1, 2};
        double[] values = eig.getRealEigenvalues();
        java.util.Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        double[] lambda = new double[3];
        double[][] p = new double[3][];
        for (int i = 0; i < 3; i++) {
            lambda[i] = Math.max(0, values[order[i]]);
            p[i] = eig.getEigenvector(order[i]).unitVector().toArray();
        }
        return new DatasetStats(s, images, mean, channelMean, cov, lambda, p);
    }

    // ----- persistence: one small JSON file (the mean image as base64 little-endian floats) -----

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    record Stored(int storedSize, long images, double[] channelMean, double[][] covariance, double[] eigenvalues,
                  double[][] eigenvectors, String meanImageBase64) {
    }

    /** The statistics as one JSON document (also embedded in model files, so predict needs no data). */
    public String toJson() {
        ByteBuffer buf = ByteBuffer.allocate(meanImage.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(meanImage);
        Stored st = new Stored(storedSize, images, channelMean, covariance, eigenvalues, eigenvectors,
                Base64.getEncoder().encodeToString(buf.array()));
        try {
            return JSON.writeValueAsString(st);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void save(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, ".stats", ".tmp");
            Files.writeString(tmp, toJson());
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write dataset statistics to " + file, e);
        }
    }

    public static DatasetStats load(Path file) {
        try {
            return fromJson(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read dataset statistics " + file + " (" + e.getMessage()
                    + "); delete it and run `alexnet stats` again", e);
        }
    }

    public static DatasetStats fromJson(String json) throws IOException {
        {
            Stored st = JSON.readValue(json, Stored.class);
            byte[] raw = Base64.getDecoder().decode(st.meanImageBase64());
            float[] mean = new float[raw.length / 4];
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(mean);
            if (mean.length != st.storedSize() * st.storedSize() * 3) {
                throw new IOException("mean image has " + mean.length + " values, expected "
                        + st.storedSize() * st.storedSize() * 3);
            }
            return new DatasetStats(st.storedSize(), st.images(), mean, st.channelMean(), st.covariance(),
                    st.eigenvalues(), st.eigenvectors());
        }
    }

    /** Loads {@code file} if it exists and matches; otherwise computes and saves it. */
    public static DatasetStats loadOrCompute(Path file, ImageSource source, int threads, BadImageReport bad,
                                             boolean progress) {
        if (Files.isRegularFile(file)) {
            DatasetStats st = load(file);
            if (st.storedSize() == source.storedSize()) return st;
        }
        DatasetStats st = compute(source, threads, bad, progress);
        st.save(file);
        return st;
    }
}
