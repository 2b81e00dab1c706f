package io.github.alexnet4j.data.decoding;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

/**
 * Reads any common image file into an 8-bit, 3-channel OpenCV matrix (BGR, OpenCV's order), or refuses
 * it with a {@link BadImageException} that names the file and the reason.
 * <p>
 * OpenCV (libjpeg-turbo, libpng, libwebp) does the decoding: it is several times faster than ImageIO,
 * converts CMYK JPEGs, greyscale and 16-bit images to 8-bit colour, drops alpha and applies EXIF
 * rotation. GIF, which OpenCV 4.5 cannot read, goes through ImageIO. The header (for GIF, the first
 * frame's too; for TIFF, its first directory) is checked first so that a decompression bomb is refused
 * before its pixels are allocated, and files over 64 MB are not read at all.
 */
public final class ImageDecoder {

    /** 100 Mpixel (10000×10000, 300 MB decoded) is far beyond any real photo in ImageNet. */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    /** ImageNet's largest photos are a few MB; a file over this is not read into memory at all. */
    public static final long MAX_FILE_BYTES = 64L << 20;

    private final long maxPixels;

    public ImageDecoder() {
        this(DEFAULT_MAX_PIXELS);
    }

    public ImageDecoder(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    public Mat decode(Path file) throws BadImageException {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new BadImageException(file.toString(), String.format("is %.0f MB, over the %d-MB limit for an image file",
                        size / 1e6, MAX_FILE_BYTES >> 20));
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadImageException(file.toString(), "file not found");
        } catch (IOException | OutOfMemoryError e) {
            throw new BadImageException(file.toString(), "cannot read: " + e.getMessage());
        }
        return decode(bytes, file.toString());
    }

    public Mat decode(byte[] bytes, String name) throws BadImageException {
        ImageHeader header = ImageHeader.read(bytes, name);
        if (header.pixels() > maxPixels) {
            throw new BadImageException(name, String.format("declares %d×%d = %.0f Mpixel, over the %.0f-Mpixel limit"
                    + " (decompression bomb?)", header.width(), header.height(), header.pixels() / 1e6, maxPixels / 1e6));
        }
        Mat image = header.format().equals("gif") ? decodeWithImageIo(bytes, name) : decodeWithOpenCv(bytes, name);
        if ((long) image.cols() * image.rows() > maxPixels) {
            image.close();
            throw new BadImageException(name, "decoded size " + image.cols() + "×" + image.rows() + " is over the pixel limit");
        }
        return image;
    }

    private static Mat decodeWithOpenCv(byte[] bytes, String name) throws BadImageException {
        try (BytePointer data = new BytePointer(bytes); Mat buffer = new Mat(1, bytes.length, CV_8UC1, data)) {
            Mat image = imdecode(buffer, IMREAD_COLOR);
            if (image == null || image.empty()) {
                if (image != null) image.close();
                throw new BadImageException(name, "corrupt or unsupported image data (decoder gave no pixels)");
            }
            return image;
        }
    }

    private static Mat decodeWithImageIo(byte[] bytes, String name) throws BadImageException {
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new BadImageException(name, "corrupt image: " + e.getMessage());
        }
        if (img == null) throw new BadImageException(name, "no ImageIO reader could decode it");
        int w = img.getWidth(), h = img.getHeight();
        if ((long) w * h * 3 > Integer.MAX_VALUE) throw new BadImageException(name, "decoded size " + w + "×" + h + " is too large");
        byte[] bgr = new byte[w * h * 3];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x], o = (y * w + x) * 3;
                bgr[o] = (byte) p;
                bgr[o + 1] = (byte) (p >> 8);
                bgr[o + 2] = (byte) (p >> 16);
            }
        }
        Mat mat = new Mat(h, w, CV_8UC3);
        mat.data().put(bgr);
        return mat;
    }
}
