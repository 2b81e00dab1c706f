package io.github.alexnet4j.data.layouts;

import io.github.alexnet4j.data.batches.MemoryImageSource;
import io.github.alexnet4j.data.DataLocations;
import io.github.alexnet4j.data.DatasetException;
import io.github.alexnet4j.data.batches.ImageSource;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * CIFAR-10 (Krizhevsky 2009) in its official binary form: {@code data_batch_1..5.bin} and
 * {@code test_batch.bin}, each record one label byte then 1024 red, 1024 green, 1024 blue bytes.
 * {@link #download} fetches the official archive, checks its published MD5 and unpacks it once into
 * the cache; every path can also be given explicitly, for offline machines.
 */
public final class Cifar10 {
    private static final Logger log = LoggerFactory.getLogger(Cifar10.class);

    public static final String URL = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";
    /** MD5 published with the archive. */
    public static final String MD5 = "c32a1d4ab5d03f1284b67883e8d87530";
    public static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");
    public static final int SIDE = 32, RECORD = 1 + 3 * SIDE * SIDE;

    private Cifar10() {
    }

    /** The images of the given batch files, in memory, prepared (32×32 HWC BGR). */
    public static ImageSource readBinary(List<Path> batchFiles) {
        List<byte[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path f : batchFiles) {
            byte[] all;
            try {
                all = Files.readAllBytes(f);
            } catch (IOException e) {
                throw new DatasetException("Cannot read CIFAR-10 batch " + f + ": " + e.getMessage(), e);
            }
            if (all.length == 0 || all.length % RECORD != 0) {
                throw new DatasetException(f + " is not a CIFAR-10 binary batch: " + all.length + " bytes is not a multiple of "
                        + RECORD + " (truncated download?)");
            }
            for (int r = 0; r < all.length / RECORD; r++) {
                int base = r * RECORD;
                int label = all[base] & 0xFF;
                if (label >= CLASSES.size()) throw new DatasetException(f + " record " + r + ": label " + label + " is not 0..9");
                byte[] hwcBgr = new byte[SIDE * SIDE * 3];
                for (int p = 0; p < SIDE * SIDE; p++) {
                    hwcBgr[p * 3] = all[base + 1 + 2 * SIDE * SIDE + p];     // B
                    hwcBgr[p * 3 + 1] = all[base + 1 + SIDE * SIDE + p];     // G
                    hwcBgr[p * 3 + 2] = all[base + 1 + p];                   // R
                }
                images.add(hwcBgr);
                labels.add(label);
            }
        }
        return new MemoryImageSource(CLASSES, SIDE, images, labels.stream().mapToInt(Integer::intValue).toArray(),
                "cifar10-binary");
    }

    public static ImageSource trainBinary(Path dir) {
        List<Path> files = new ArrayList<>();
        for (int i = 1; i <= 5; i++) files.add(requireFile(dir.resolve("data_batch_" + i + ".bin")));
        return readBinary(files);
    }

    public static ImageSource testBinary(Path dir) {
        return readBinary(List.of(requireFile(dir.resolve("test_batch.bin"))));
    }

    private static Path requireFile(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new DatasetException("Missing " + p + ": expected the unpacked cifar-10-binary.tar.gz "
                    + "(cifar-10-batches-bin/). `alexnet train` downloads it when it finds no CIFAR-10 (unless "
                    + DataLocations.OFFLINE_ENV + " is set), or download " + URL + " yourself and unpack it");
        }
        return p;
    }

    /**
     * Downloads (if not cached) and unpacks the official archive into {@code cacheDir}; returns the
     * folder holding the .bin batches.
     */
    public static Path download(Path cacheDir) throws IOException, InterruptedException {
        return download(cacheDir, URI.create(URL), MD5);
    }

    /**
     * As {@link #download(Path)} from {@code source} (a mirror). The unpacked batches count only when the unpacking
     * finished (a marker file written last), so an interrupted unpack is redone; the download has
     * connection and response timeouts, and a failure names its cause.
     */
    public static Path download(Path cacheDir, URI source, String md5) throws IOException, InterruptedException {
        Path dir = cacheDir.resolve("cifar-10-batches-bin");
        Path done = cacheDir.resolve(".cifar-10-unpacked");
        if (Files.isRegularFile(done) && Files.isRegularFile(dir.resolve("test_batch.bin"))) return dir;
        Files.createDirectories(cacheDir);
        Path archive = cacheDir.resolve("cifar-10-binary.tar.gz");
        if (!Files.isRegularFile(archive) || !md5.equals(md5(archive))) {
            log.info("Downloading {} to {}", source, archive);
            Path tmp = cacheDir.resolve("cifar-10-binary.tar.gz.part");
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(30)).build();
            HttpResponse<Path> r;
            try {
                r = http.send(HttpRequest.newBuilder(source).timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.ofFile(tmp));
            } catch (IOException e) {
                throw new IOException("cannot download " + source + ": " + e, e);
            }
            if (r.statusCode() != 200) throw new IOException("HTTP " + r.statusCode() + " from " + source);
            Files.move(tmp, archive, StandardCopyOption.REPLACE_EXISTING);
        }
        verify(archive, md5);
        Files.deleteIfExists(done);
        unpack(archive, cacheDir);
        Files.writeString(done, "unpacked from " + archive + "\n");
        return dir;
    }

    public static void verify(Path archive, String expectedMd5) throws IOException {
        String actual = md5(archive);
        if (!expectedMd5.equals(actual)) {
            throw new IOException(archive + " has MD5 " + actual + ", expected " + expectedMd5
                    + ": the download is corrupt or incomplete; delete it and try again");
        }
    }

    static String md5(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("MD5");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void unpack(Path archive, Path into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
                new BufferedInputStream(Files.newInputStream(archive))))) {
            for (TarArchiveEntry e; (e = tar.getNextTarEntry()) != null; ) {
                Path out = into.resolve(e.getName()).normalize();
                if (!out.startsWith(into)) throw new IOException("archive entry escapes target folder: " + e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
