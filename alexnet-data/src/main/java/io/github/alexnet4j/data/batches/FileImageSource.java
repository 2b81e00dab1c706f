package io.github.alexnet4j.data.batches;

import io.github.alexnet4j.data.decoding.BadImageException;
import io.github.alexnet4j.data.decoding.ImageDecoder;
import io.github.alexnet4j.data.decoding.PaperRescale;
import io.github.alexnet4j.data.layouts.LabelledFiles;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;

import java.util.List;

/**
 * Image files decoded and prepared on demand (decode → {@link PaperRescale}). With
 * {@code cacheInMemory} each prepared image is kept after its first use, which is how a small dataset
 * (CIFAR-10 is 150 MB prepared) avoids decoding every epoch; bad files are remembered and skipped.
 */
public final class FileImageSource implements ImageSource {
    private final LabelledFiles files;
    private final int storedSize;
    private final ImageDecoder decoder;
    private final PaperRescale rescale;
    private final byte[][] cache;
    private final String[] badReason;

    public FileImageSource(LabelledFiles files, int storedSize, boolean cacheInMemory) {
        this(files, storedSize, cacheInMemory, new ImageDecoder());
    }

    public FileImageSource(LabelledFiles files, int storedSize, boolean cacheInMemory, ImageDecoder decoder) {
        this.files = files;
        this.storedSize = storedSize;
        this.decoder = decoder;
        this.rescale = new PaperRescale(storedSize);
        this.cache = cacheInMemory ? new byte[files.size()][] : null;
        this.badReason = new String[files.size()];
    }

    /** Whether caching {@code n} prepared images of side {@code s} fits in {@code budgetBytes}. */
    public static boolean fitsInMemory(int n, int s, long budgetBytes) {
        return (long) n * s * s * 3 <= budgetBytes;
    }

    public LabelledFiles files() {
        return files;
    }

    @Override public int size() { return files.size(); }
    @Override public int label(int index) { return files.labels()[index]; }
    @Override public String name(int index) { return files.files().get(index).toString(); }
    @Override public List<String> classNames() { return files.classNames(); }
    @Override public int storedSize() { return storedSize; }

    /** One file decoded and prepared: {@code rescale.side()}² × 3 bytes, HWC, BGR. */
    public static byte[] prepare(java.nio.file.Path file, ImageDecoder decoder, PaperRescale rescale) throws BadImageException {
        try (PointerScope scope = new PointerScope()) {
            Mat square = rescale.apply(decoder.decode(file));
            byte[] out = new byte[rescale.side() * rescale.side() * 3];
            square.data().get(out);
            return out;
        }
    }

    @Override
    public byte[] prepared(int index) throws BadImageException {
        if (cache != null && cache[index] != null) return cache[index];
        if (badReason[index] != null) throw new BadImageException(name(index), badReason[index]);
        byte[] out;
        try {
            out = prepare(files.files().get(index), decoder, rescale);
        } catch (BadImageException e) {
            badReason[index] = e.reason();
            throw e;
        } catch (RuntimeException | OutOfMemoryError e) {
            // a decoder crash on one odd file must not end the epoch
            badReason[index] = "failed to decode: " + e;
            throw new BadImageException(name(index), badReason[index]);
        }
        if (cache != null) cache[index] = out;
        return out;
    }
}
