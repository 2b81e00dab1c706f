package io.github.alexnet4j.notebooks;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Decodes a PNG only if it is complete: the signature, then chunks whose lengths fit and whose CRCs match,
 * ending in IEND with nothing after it. Java's ImageIO stops reading at the image data and would accept a
 * file cut short inside IEND's CRC, which is how the notebooks' images used to be broken.
 */
final class StrictPng {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private StrictPng() {
    }

    static BufferedImage decode(byte[] png) {
        ByteBuffer b = ByteBuffer.wrap(png);
        for (byte s : SIGNATURE) {
            if (!b.hasRemaining() || b.get() != s) throw new IllegalArgumentException("not a PNG signature");
        }
        String type = "";
        while (!type.equals("IEND")) {
            if (b.remaining() < 12) throw new IllegalArgumentException("cut short after " + b.position() + " bytes (no IEND)");
            int length = b.getInt();
            if (length < 0 || length > b.remaining() - 8) throw new IllegalArgumentException("chunk longer than the file at byte " + (b.position() - 4));
            byte[] typeAndData = new byte[4 + length];
            b.get(typeAndData);
            type = new String(typeAndData, 0, 4, StandardCharsets.ISO_8859_1);
            CRC32 crc = new CRC32();
            crc.update(typeAndData);
            if ((int) crc.getValue() != b.getInt()) throw new IllegalArgumentException("CRC mismatch in chunk " + type);
        }
        if (b.hasRemaining()) throw new IllegalArgumentException(b.remaining() + " bytes after IEND");
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            if (image == null) throw new IllegalArgumentException("ImageIO cannot read it");
            return image;
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
