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
        assertEquals(1000, all.size());
        // exactly the 23 one-component JPEGs, and every pixel of each decodes to three equal channels
        int oneComponent = 0;
        for (Path p : all) {
            if (jpegComponents(Files.readAllBytes(p)) != 1) continue;
            oneComponent++;
            try (Mat m = ok(p)) {
                byte[] px = new byte[m.cols() * m.rows() * 3];
                m.data().get(px);
                for (int i = 0; i < px.length; i += 3) {
                    if (px[i] != px[i + 1] || px[i + 1] != px[i + 2]) fail(p + " pixel " + i / 3 + " is not grey");
                }
            }
        }
        assertEquals(23, oneComponent, "the samples hold 23 greyscale photos");
    }

    private static void assertColour(int[] expected, int[] actual, int tolerance, String what) {
        for (int i = 0; i < 3; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= tolerance, what + ": expected " + java.util.Arrays.toString(expected)
                    + " within " + tolerance);
        }
    }

    /** The component count in a JPEG's start-of-frame segment (1 = greyscale, 3 = YCbCr, 4 = CMYK). */
    static int jpegComponents(byte[] b) {
        for (int i = 2; i + 9 < b.length; ) {
            if ((b[i] & 0xFF) != 0xFF) return -1;
            int marker = b[i + 1] & 0xFF, length = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) return b[i + 9] & 0xFF;
            i += 2 + length;
        }
        return -1;
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
        // a CMYK JPEG as Photoshop and Pillow write them (Adobe marker, inverted CMYK), made by
        // src/test/fixtures/make_cmyk_jpeg.py: thirds of pure cyan, pure magenta and 50 % black
        Path cmyk = Path.of(ImageDecoderTest.class.getResource("/images/cmyk-thirds.jpg").toURI());
        assertEquals(4, jpegComponents(Files.readAllBytes(cmyk)), "the fixture really is a four-component JPEG");
        try (Mat m = ok(cmyk)) {
            assertEquals(48, m.cols());
            assertEquals(16, m.rows());
            // B, G, R from R = 255 (1 - C)(1 - K), G = 255 (1 - M)(1 - K), B = 255 (1 - Y)(1 - K)
            assertColour(new int[]{255, 255, 0}, bgr(m, 8, 8), 8, "cyan third, B G R: " + java.util.Arrays.toString(bgr(m, 8, 8)));
            assertColour(new int[]{255, 0, 255}, bgr(m, 24, 8), 8, "magenta third, B G R: " + java.util.Arrays.toString(bgr(m, 24, 8)));
            assertColour(new int[]{127, 127, 127}, bgr(m, 40, 8), 8, "50 % black third, B G R: " + java.util.Arrays.toString(bgr(m, 40, 8)));
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
            assertColour(new int[]{10, 200, 30}, bgr(m, 12, 8), 6, "WebP is lossy: colours within a few levels");
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
