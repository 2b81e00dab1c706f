package io.github.alexnet4j.data;

import com.sun.net.httpserver.HttpServer;
import io.github.alexnet4j.data.batches.BatchMaker;
import io.github.alexnet4j.data.batches.ImageBatchIterator;
import io.github.alexnet4j.data.batches.ImageSource;
import io.github.alexnet4j.data.decoding.BadImageReport;
import io.github.alexnet4j.data.layouts.Cifar10;
import io.github.alexnet4j.data.transforms.InputPipeline;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A hung data source ends with a message, not a silent stall; CIFAR-10's download and unpack survive interruption. */
class StuckAndDownloadTest {

    @TempDir
    Path dir;

    @Test
    void aLoaderThatNeverAnswersEndsWithAMessage() {
        ImageSource hung = new ImageSource() {
            @Override public int size() { return 4; }
            @Override public int label(int index) { return 0; }
            @Override public String name(int index) { return "nfs://hung/" + index; }
            @Override public List<String> classNames() { return List.of("a", "b"); }
            @Override public int storedSize() { return 8; }
            @Override public byte[] prepared(int index) {
                try {
                    Thread.sleep(60_000);   // a read on a file system that stopped answering
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new byte[8 * 8 * 3];
            }
        };
        InputPipeline p = new InputPipeline(8, 6, null, null, false, 1f);
        long start = System.nanoTime();
        try (ImageBatchIterator it = new ImageBatchIterator(new BatchMaker(hung, p, InputPipeline.Mode.CENTER, 2, 0), 1,
                new BadImageReport()).timeout(1)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, it::hasNext);
            assertTrue(e.getMessage().contains("no batch of images arrived in 1 s") && e.getMessage().contains("loaderTimeoutSeconds"),
                    e.getMessage());
        }
        assertTrue(System.nanoTime() - start < 30_000_000_000L, "it gave up after its timeout, not after the read");
    }

    /** cifar-10-binary.tar.gz's layout with one record per batch file. */
    private byte[] archive() throws IOException {
        Path tgz = dir.resolve("cifar.tar.gz");
        byte[] record = new byte[Cifar10.RECORD];
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(Files.newOutputStream(tgz)))) {
            for (String f : List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                    "data_batch_5.bin", "test_batch.bin")) {
                TarArchiveEntry e = new TarArchiveEntry("cifar-10-batches-bin/" + f);
                e.setSize(record.length);
                tar.putArchiveEntry(e);
                tar.write(record);
                tar.closeArchiveEntry();
            }
        }
        return Files.readAllBytes(tgz);
    }

    @Test
    void anInterruptedUnpackIsRedoneAndAFailedDownloadNamesItsCause() throws Exception {
        byte[] tgz = archive();
        String md5 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(tgz));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/cifar.tar.gz", x -> {
            x.sendResponseHeaders(200, tgz.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(tgz);
            }
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/cifar.tar.gz");
            Path cache = dir.resolve("cache");
            Path batches = Cifar10.download(cache, uri, md5);
            assertEquals(1, Cifar10.testBinary(batches).size());
            // as if the unpack had stopped half-way: its marker gone, a batch file cut short
            Files.delete(cache.resolve(".cifar-10-unpacked"));
            Files.write(batches.resolve("test_batch.bin"), new byte[10]);
            Cifar10.download(cache, uri, md5);
            assertEquals(1, Cifar10.testBinary(batches).size(), "unpacked again");
        } finally {
            server.stop(0);
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        IOException e = assertThrows(IOException.class, () -> Cifar10.download(dir.resolve("cache2"),
                URI.create("http://127.0.0.1:" + closed + "/cifar.tar.gz"), md5));
        assertTrue(e.getMessage().contains("cannot download") && !e.getMessage().endsWith("null")
                && e.getMessage().contains("ConnectException"), e.getMessage());
    }
}
