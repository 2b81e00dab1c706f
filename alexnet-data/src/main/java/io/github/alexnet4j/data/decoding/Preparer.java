package io.github.alexnet4j.data.decoding;

import io.github.alexnet4j.data.layouts.ClassFolders;
import io.github.alexnet4j.data.layouts.ImageNet;
import io.github.alexnet4j.data.layouts.LabelledFiles;
import me.tongfei.progressbar.ProgressBar;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

/**
 * The paper's one-off preparation (Section 2): every image rescaled so its shorter side is S and
 * centre-cropped to S×S, written as a quality-95 JPEG into the same class-folder layout. Runs in
 * parallel, skips files already prepared (so it can be restarted), and never stops on a bad file.
 */
public final class Preparer {

    /**
     * @param failed files that could not be written (disk full, permissions), each with its reason; bad
     *               source images are in the {@link BadImageReport}
     */
    public record Result(int written, int skipped, List<String> failed) {
    }

    private Preparer() {
    }

    public static Result prepare(Path sourceRoot, Path destRoot, int size, int threads, BadImageReport bad, boolean progress) {
        LabelledFiles files = ClassFolders.scan(sourceRoot);
        ImageDecoder decoder = new ImageDecoder();
        PaperRescale rescale = new PaperRescale(size);
        AtomicInteger written = new AtomicInteger(), skipped = new AtomicInteger();
        Queue<String> failed = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try (ProgressBar bar = progress ? new ProgressBar("prepare", files.size()) : null) {
            for (int i = 0; i < files.size(); i++) {
                Path src = files.files().get(i);
                Path dst = destRoot.resolve(files.classNames().get(files.labels()[i]))
                        .resolve(ImageNet.stripExtension(src.getFileName().toString()) + ".jpg");
                pool.submit(() -> {
                    try {
                        if (Files.isRegularFile(dst) && Files.size(dst) > 0) {
                            skipped.incrementAndGet();
                        } else {
                            write(decoder, rescale, src, dst);
                            written.incrementAndGet();
                        }
                    } catch (BadImageException e) {
                        bad.record(e);
                    } catch (IOException | RuntimeException e) {
                        failed.add(dst + ": " + e);
                    } finally {
                        if (bar != null) bar.step();
                    }
                    return null;
                });
            }
            pool.shutdown();
            pool.awaitTermination(365, TimeUnit.DAYS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdownNow();
        }
        return new Result(written.get(), skipped.get(), List.copyOf(failed));
    }

    private static void write(ImageDecoder decoder, PaperRescale rescale, Path src, Path dst)
            throws BadImageException, IOException {
        Files.createDirectories(dst.getParent());
        Path tmp = dst.resolveSibling("." + dst.getFileName() + ".tmp.jpg");
        try (PointerScope scope = new PointerScope()) {
            Mat square = rescale.apply(decoder.decode(src));
            if (!imwrite(tmp.toString(), square, new IntPointer(IMWRITE_JPEG_QUALITY, 95))) {
                throw new IOException("JPEG encoder failed");
            }
        }
        Files.move(tmp, dst, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
