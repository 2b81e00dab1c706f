package io.github.alexnet4j.data;

import io.github.alexnet4j.data.decoding.PaperRescale;
import io.github.alexnet4j.data.decoding.BadImageException;
import io.github.alexnet4j.data.decoding.ImageDecoder;
import io.github.alexnet4j.data.decoding.ImageHeader;
import io.github.alexnet4j.data.layouts.ClassFolders;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Every kind of odd file either loads as 8-bit RGB or is refused with its name and a specific reason. */
class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder();
    @TempDir
    Path dir;

    private Mat ok(Path file) throws BadImageException {
        Mat m = decoder.decode(file);
        assertEquals(3, m.channels(), file + ": 3 channels");
        assertEquals(org.bytedeco.opencv.global.opencv_core.CV_8U, m.depth(), file + ": 8-bit");
        return m;
    }

    private void refused(Path file, String reasonPart) {
        BadImageException e = assertThrows(BadImageException.class, () -> decoder.decode(file));
        assertTrue(e.getMessage().startsWith(file.toString()), "names the file: " + e.getMessage());
        assertTrue(e.reason().contains(reasonPart), "'" + e.reason() + "' should say '" + reasonPart + "'");
    }

    /** B, G, R of pixel (x, y). */
    private static int[] bgr(Mat m, int x, int y) {
        try (UByteIndexer ix = m.createIndexer()) {
            return new int[]{ix.get(y, x, 0), ix.get(y, x, 1), ix.get(y, x, 2)};
        }
    }

    @Test
    void realGreyscaleImageNetPhotosBecomeThreeEqualChannels() throws Exception {
        Path samples = TestDatasets.imagenetSamples();
        List<Path> all = ClassFolders.imagesIn(samples);
        int grey = 0;
        for (Path p : all) {
            try (Mat m = ok(p)) {
                int[] px = bgr(m, m.cols() / 2, m.rows() / 2);
                int[] px2 = bgr(m, m.cols() / 3, m.rows() / 4);
                if (px[0] == px[1] && px[1] == px[2] && px2[0] == px2[1] && px2[1] == px2[2]) grey++;
            }
        }
        assertEquals(1000, all.size());
        assertTrue(grey >= 23, "the 23 greyscale photos (and any neutral-centred ones) decode as equal channels: " + grey);
    }

    @Test
    void emptyTruncatedAndNonImageFilesAreRefusedWithReasons() throws Exception {
        refused(Files.write(dir.resolve("empty.jpg"), new byte[0]), "empty file");
        refused(Files.writeString(dir.resolve("notes.jpg"), "hello, not a picture"), "not an image");
        byte[] jpeg = TestImages.jpegBytes(TestImages.halves(64, 48));
        refused(Files.write(dir.resolve("cut.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length / 2)), "truncated JPEG");
        refused(Files.write(dir.resolve("stub.jpg"), java.util.Arrays.copyOf(jpeg, 20)), "truncated JPEG");
        refused(dir.resolve("missing.jpg"), "file not found");
        byte[] png = Files.readAllBytes(TestImages.write(TestImages.halves(64, 48), "png", dir.resolve("a.png")));
        png[png.length / 2] ^= 0x55;
        png[png.length / 2 + 1] ^= 0x55;
        refused(Files.write(dir.resolve("corrupt.png"), java.util.Arrays.copyOf(png, png.length - 30)), "corrupt");
    }

    @Test
    void decompressionBombIsRefusedBeforeDecoding() throws Exception {
        Path bomb = TestImages.pngBomb(40_000, dir.resolve("bomb.png"));
        assertTrue(Files.size(bomb) < 5_000_000);
        refused(bomb, "decompression bomb");
    }

    @Test
    void cmykJpegLoadsAsRgb() throws Exception {
        try (Mat m = ok(TestImages.cmykJpeg(40, 20, dir.resolve("cmyk.jpg")))) {
            assertEquals(40, m.cols());
            assertEquals(20, m.rows());
        }
    }

    @Test
    void sixteenBitPngBecomesEightBit() throws Exception {
        try (Mat m = ok(TestImages.png16(30, 20, dir.resolve("deep.png")))) {
            int[] px = bgr(m, 5, 5);
            assertEquals(60000 >> 8, px[0], 1);
            assertEquals(30000 >> 8, px[1], 1);
        }
    }

    @Test
    void alphaGifAndBmpLoad() throws Exception {
        BufferedImage argb = new BufferedImage(20, 10, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x80FF0000);
        try (Mat m = ok(TestImages.write(argb, "png", dir.resolve("alpha.png")))) {
            assertEquals(20, m.cols());
        }
        BufferedImage rgb = TestImages.halves(20, 10);
        for (String fmt : List.of("gif", "bmp")) {
            try (Mat m = ok(TestImages.write(rgb, fmt, dir.resolve("img." + fmt)))) {
                assertArrayEquals(new int[]{0, 0, 255}, bgr(m, 2, 5), fmt + " left half is red");
                assertArrayEquals(new int[]{255, 0, 0}, bgr(m, 17, 5), fmt + " right half is blue");
            }
        }
    }

    @Test
    void webpLoads() throws Exception {
        Path webp = dir.resolve("img.webp");
        try (Mat src = new Mat(16, 24, org.bytedeco.opencv.global.opencv_core.CV_8UC3,
                new org.bytedeco.opencv.opencv_core.Scalar(10, 200, 30, 0))) {
            assertTrue(org.bytedeco.opencv.global.opencv_imgcodecs.imwrite(webp.toString(), src));
        }
        assertEquals("webp", ImageHeader.read(Files.readAllBytes(webp), "x").format());
        try (Mat m = ok(webp)) {
            assertEquals(24, m.cols());
            assertEquals(16, m.rows());
        }
    }

    @Test
    void exifRotationIsApplied() throws Exception {
        // stored 40 wide × 20 high, left red / right blue; orientation 6 = rotate 90° clockwise
        try (Mat m = ok(TestImages.exifRotated(TestImages.halves(40, 20), dir.resolve("rot.jpg")))) {
            assertEquals(20, m.cols(), "width and height swap");
            assertEquals(40, m.rows());
            int[] top = bgr(m, 10, 5), bottom = bgr(m, 10, 35);
            assertTrue(top[2] > 200 && top[0] < 60, "the left (red) half is now on top: " + java.util.Arrays.toString(top));
            assertTrue(bottom[0] > 200 && bottom[2] < 60, "blue at the bottom: " + java.util.Arrays.toString(bottom));
        }
    }

    @Test
    void tinyAndExtremeAspectImagesArePreparedToTheStoredSize() throws Exception {
        PaperRescale prepare = new PaperRescale(256);
        for (int[] wh : new int[][]{{10, 10}, {4000, 3}, {3, 2000}}) {
            Path f = TestImages.write(TestImages.halves(wh[0], wh[1]), "png", dir.resolve("odd" + wh[0] + ".png"));
            try (Mat m = ok(f); Mat p = prepare.apply(m)) {
                assertEquals(256, p.cols());
                assertEquals(256, p.rows());
            }
        }
    }
}
