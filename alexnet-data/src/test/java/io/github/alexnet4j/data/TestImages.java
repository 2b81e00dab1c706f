package io.github.alexnet4j.data;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import static org.bytedeco.opencv.global.opencv_core.CV_16UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

/** Writes the odd image files users really have, for the decoder's tests. */
public final class TestImages {

    private TestImages() {
    }

    /** Left half red, right half blue. */
    public static BufferedImage halves(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, w / 2, h);
        g.setColor(Color.BLUE);
        g.fillRect(w / 2, 0, w - w / 2, h);
        g.dispose();
        return img;
    }

    public static Path write(BufferedImage img, String format, Path file) throws IOException {
        if (!ImageIO.write(img, format, file.toFile())) throw new IOException("no writer for " + format);
        return file;
    }

    public static byte[] jpegBytes(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }

    /** A JPEG whose EXIF orientation tag says "rotate 90° clockwise to display" (value 6). */
    public static Path exifRotated(BufferedImage img, Path file) throws IOException {
        byte[] jpeg = jpegBytes(img);
        ByteBuffer tiff = ByteBuffer.allocate(26).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8); // header, IFD at 8
        tiff.putShort((short) 1);                                              // one entry
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 6).putShort((short) 0);
        tiff.putInt(0);                                                        // no next IFD
        byte[] exif = new byte[6 + tiff.capacity()];
        System.arraycopy("Exif\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, exif, 0, 6);
        System.arraycopy(tiff.array(), 0, exif, 6, tiff.capacity());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);                                                 // SOI
        out.write(0xFF);
        out.write(0xE1);
        int len = exif.length + 2;
        out.write(len >> 8);
        out.write(len & 0xFF);
        out.write(exif);
        out.write(jpeg, 2, jpeg.length - 2);
        Files.write(file, out.toByteArray());
        return file;
    }

    /** A four-channel (CMYK/YCCK, Adobe) JPEG, as printers' and magazines' files are. */
    public static Path cmykJpeg(int w, int h, Path file) throws IOException {
        WritableRaster r = Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, w, h, 4, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.setPixel(x, y, new int[]{x < w / 2 ? 0 : 255, 128, 64, 0});
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(r, null, null), null);
        } finally {
            writer.dispose();
        }
        return file;
    }

    /** A 16-bit-per-channel RGB PNG. */
    public static Path png16(int w, int h, Path file) {
        try (Mat m = new Mat(h, w, CV_16UC3, new Scalar(60000, 30000, 1000, 0))) {
            imwrite(file.toString(), m);
        }
        return file;
    }

    /** A small, valid-looking PNG whose header declares {@code side}×{@code side} pixels. */
    public static Path pngBomb(int side, Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(side).putInt(side).put((byte) 8).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        // a few rows of zeros, compressed: a real bomb's data would inflate to side² bytes
        Deflater d = new Deflater(9);
        d.setInput(new byte[(side + 1) * 64]);
        d.finish();
        byte[] buf = new byte[1 << 20];
        int n = d.deflate(buf);
        chunk(out, "IDAT", java.util.Arrays.copyOf(buf, n));
        chunk(out, "IEND", new byte[0]);
        Files.write(file, out.toByteArray());
        return file;
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
