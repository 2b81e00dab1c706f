package io.github.alexnet4j.data.decoding;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Format and declared size of an image, read from its first bytes without decoding it. This lets bad
 * files be named precisely (empty, not an image, truncated) and decompression bombs (a small file that
 * declares 40000×40000 pixels) be refused before any pixel memory is allocated.
 */
public record ImageHeader(String format, int width, int height) {

    public long pixels() {
        return (long) width * height;
    }

    /** @throws BadImageException naming the problem; {@code name} is used in the message. */
    public static ImageHeader read(byte[] b, String name) throws BadImageException {
        if (b.length == 0) throw new BadImageException(name, "empty file (0 bytes)");
        if (starts(b, 0xFF, 0xD8, 0xFF)) return jpeg(b, name);
        if (starts(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            if (b.length < 24) throw new BadImageException(name, "truncated PNG header");
            ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
            return checked(new ImageHeader("png", bb.getInt(16), bb.getInt(20)), name);
        }
        if (starts(b, 'G', 'I', 'F', '8')) return gif(b, name);
        if (starts(b, 'B', 'M')) {
            if (b.length < 26) throw new BadImageException(name, "truncated BMP header");
            ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            return checked(new ImageHeader("bmp", Math.abs(bb.getInt(18)), Math.abs(bb.getInt(22))), name);
        }
        if (starts(b, 'R', 'I', 'F', 'F') && b.length >= 30 && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return webp(b, name);
        }
        if (starts(b, 'I', 'I', 42, 0) || starts(b, 'M', 'M', 0, 42)) return tiff(b, name);
        if (starts(b, 'I', 'I', 43, 0) || starts(b, 'M', 'M', 0, 43)) {
            throw new BadImageException(name, "BigTIFF is not supported");
        }
        throw new BadImageException(name, "not an image (starts with " + hex(b) + ")");
    }

    private static ImageHeader jpeg(byte[] b, String name) throws BadImageException {
        int i = 2;
        while (i + 9 < b.length) {
            if ((b[i] & 0xFF) != 0xFF) {
                i++;
                continue;
            }
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xFF) { i++; continue; }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { i += 2; continue; }
            int len = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) {
                int h = ((b[i + 5] & 0xFF) << 8) | (b[i + 6] & 0xFF);
                int w = ((b[i + 7] & 0xFF) << 8) | (b[i + 8] & 0xFF);
                ImageHeader header = checked(new ImageHeader("jpeg", w, h), name);
                if (!hasEndOfImage(b)) throw new BadImageException(name, "truncated JPEG (no end-of-image marker)");
                return header;
            }
            i += 2 + len;
        }
        throw new BadImageException(name, "truncated JPEG (no frame header)");
    }

    /** A complete JPEG ends with FFD9, possibly followed by padding; a cut-off download does not. */
    private static boolean hasEndOfImage(byte[] b) {
        int from = Math.max(2, b.length - 4096);
        for (int i = b.length - 2; i >= from; i--) {
            if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xD9) return true;
        }
        return false;
    }

    private static ImageHeader webp(byte[] b, String name) throws BadImageException {
        String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        switch (chunk) {
            case "VP8 ":
                return checked(new ImageHeader("webp", bb.getShort(26) & 0x3FFF, bb.getShort(28) & 0x3FFF), name);
            case "VP8L": {
                int bits = bb.getInt(21);
                return checked(new ImageHeader("webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1), name);
            }
            case "VP8X": {
                int w = 1 + ((b[24] & 0xFF) | (b[25] & 0xFF) << 8 | (b[26] & 0xFF) << 16);
                int h = 1 + ((b[27] & 0xFF) | (b[28] & 0xFF) << 8 | (b[29] & 0xFF) << 16);
                return checked(new ImageHeader("webp", w, h), name);
            }
            default:
                throw new BadImageException(name, "unsupported WebP chunk '" + chunk + "'");
        }
    }

    /**
     * A GIF's size is the largest of its logical screen and its first frame (ImageIO decodes the frame at
     * its own size, which a crafted file sets far beyond the screen's).
     */
    private static ImageHeader gif(byte[] b, String name) throws BadImageException {
        if (b.length < 13) throw new BadImageException(name, "truncated GIF header");
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int w = bb.getShort(6) & 0xFFFF, h = bb.getShort(8) & 0xFFFF;
        int flags = b[10] & 0xFF, at = 13;
        if ((flags & 0x80) != 0) at += 3 << ((flags & 7) + 1);          // global colour table
        while (at < b.length) {
            int block = b[at] & 0xFF;
            if (block == 0x2C) {                                          // image descriptor: the first frame
                if (at + 9 > b.length) throw new BadImageException(name, "truncated GIF frame header");
                int fw = bb.getShort(at + 5) & 0xFFFF, fh = bb.getShort(at + 7) & 0xFFFF;
                return checked(new ImageHeader("gif", Math.max(w, fw), Math.max(h, fh)), name);
            }
            if (block != 0x21 || at + 2 >= b.length) break;               // not an extension: stop looking
            at += 2;                                                       // 0x21, label, then sub-blocks
            while (at < b.length && (b[at] & 0xFF) != 0) at += (b[at] & 0xFF) + 1;
            at++;
        }
        return checked(new ImageHeader("gif", w, h), name);
    }

    /** A TIFF's size from its first image file directory (the page OpenCV decodes): tags 256 and 257. */
    private static ImageHeader tiff(byte[] b, String name) throws BadImageException {
        ByteBuffer bb = ByteBuffer.wrap(b).order(b[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        if (b.length < 8) throw new BadImageException(name, "truncated TIFF header");
        long ifd = bb.getInt(4) & 0xFFFFFFFFL;
        if (ifd + 2 > b.length) throw new BadImageException(name, "truncated TIFF: its first directory is past the end");
        int entries = bb.getShort((int) ifd) & 0xFFFF;
        long w = -1, h = -1;
        for (int i = 0; i < entries; i++) {
            int e = (int) ifd + 2 + 12 * i;
            if (e + 12 > b.length) throw new BadImageException(name, "truncated TIFF directory");
            int tag = bb.getShort(e) & 0xFFFF, type = bb.getShort(e + 2) & 0xFFFF;
            long value = type == 3 ? bb.getShort(e + 8) & 0xFFFF : bb.getInt(e + 8) & 0xFFFFFFFFL;
            if (tag == 256) w = value;
            if (tag == 257) h = value;
        }
        if (w <= 0 || h <= 0) throw new BadImageException(name, "TIFF without a width and height");
        if (w > Integer.MAX_VALUE || h > Integer.MAX_VALUE) {
            throw new BadImageException(name, "declares " + w + "×" + h + " pixels (decompression bomb?)");
        }
        return checked(new ImageHeader("tiff", (int) w, (int) h), name);
    }

    private static ImageHeader checked(ImageHeader h, String name) throws BadImageException {
        if (h.width <= 0 || h.height <= 0) {
            throw new BadImageException(name, "invalid " + h.format + " header: size " + h.width + "×" + h.height);
        }
        return h;
    }

    private static boolean starts(byte[] b, int... sig) {
        if (b.length < sig.length) return false;
        for (int i = 0; i < sig.length; i++) if ((b[i] & 0xFF) != (sig[i] & 0xFF)) return false;
        return true;
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(4, b.length); i++) sb.append(String.format("%02x", b[i] & 0xFF));
        return "0x" + sb;
    }
}
