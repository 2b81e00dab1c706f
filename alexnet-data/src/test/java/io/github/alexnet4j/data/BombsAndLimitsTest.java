package io.github.alexnet4j.data;

import io.github.alexnet4j.data.decoding.BadImageException;
import io.github.alexnet4j.data.decoding.ImageDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Decompression bombs in every accepted format are refused from their headers, before any pixel memory is
 * allocated, and an oversized file is not read into memory at all.
 */
class BombsAndLimitsTest {

    @TempDir
    Path dir;

    private static void refused(Path file, String... reasonParts) {
        BadImageException e = assertThrows(BadImageException.class, () -> new ImageDecoder().decode(file));
        for (String p : reasonParts) assertTrue(e.getMessage().contains(p), e.getMessage());
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
    }

    /** A little-endian TIFF whose first directory declares {@code w}×{@code h} 8-bit RGB pixels and holds none. */
    static byte[] tiffHeader(long w, long h) {
        ByteBuffer b = ByteBuffer.allocate(8 + 2 + 12 * 3 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        b.putShort((short) 3);
        b.putShort((short) 256).putShort((short) 4).putInt(1).putInt((int) w);   // ImageWidth, LONG
        b.putShort((short) 257).putShort((short) 4).putInt(1).putInt((int) h);   // ImageLength, LONG
        b.putShort((short) 277).putShort((short) 3).putInt(1).putInt(3);          // SamplesPerPixel
        b.putInt(0);
        return b.array();
    }

    /** A GIF whose screen is 10×10 but whose first frame declares {@code w}×{@code h}. */
    static byte[] gifWithHugeFrame(int w, int h) {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.put("GIF89a".getBytes()).putShort((short) 10).putShort((short) 10).put((byte) 0).put((byte) 0).put((byte) 0);
        b.put((byte) 0x21).put((byte) 0xF9).put((byte) 4).put(new byte[4]).put((byte) 0);   // graphic control extension
        b.put((byte) 0x2C).putShort((short) 0).putShort((short) 0).putShort((short) w).putShort((short) h).put((byte) 0);
        b.put((byte) 2).put((byte) 1).put((byte) 0).put((byte) 0).put((byte) 0x3B);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    @Test
    void aTiffDeclaring40000SquareIsRefusedFromItsHeader() throws Exception {
        Path bomb = dir.resolve("bomb.tif");
        Files.write(bomb, tiffHeader(40_000, 40_000));
        assertTrue(Files.size(bomb) < 100);
        refused(bomb, "40000×40000", "decompression bomb");
    }

    @Test
    void aGifWhoseFirstFrameIs40000SquareIsRefusedAlthoughItsScreenIsSmall() throws Exception {
        Path bomb = dir.resolve("bomb.gif");
        Files.write(bomb, gifWithHugeFrame(40_000, 40_000));
        refused(bomb, "40000×40000", "decompression bomb");
        Path huge = dir.resolve("wide.gif");   // 65535 × 65535 would overflow an int count of bytes
        Files.write(huge, gifWithHugeFrame(65_535, 65_535));
        refused(huge, "decompression bomb");
    }

    @Test
    void aFileOverTheSizeLimitIsNotRead() throws Exception {
        Path big = dir.resolve("big.jpg");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.write(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
            f.setLength(ImageDecoder.MAX_FILE_BYTES + 1);   // sparse: no disk used
        }
        refused(big, "over the 64-MB limit");
    }
}
