package io.github.alexnet4j.notebooks;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/** The notebook test's PNG check refuses what the old kernel produced: a file two bytes short. */
class StrictPngTest {

    @Test
    void acceptsACompletePngAndRefusesOneCutShortOrPadded() throws Exception {
        BufferedImage image = new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 4, 0x123456);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        byte[] png = bytes.toByteArray();

        assertEquals(0x123456, StrictPng.decode(png).getRGB(3, 4) & 0xFFFFFF);
        byte[] cut = Arrays.copyOf(png, png.length - 2);
        assertNotNull(ImageIO.read(new java.io.ByteArrayInputStream(cut)), "ImageIO alone accepts the cut file");
        assertThrows(IllegalArgumentException.class, () -> StrictPng.decode(cut));
        assertThrows(IllegalArgumentException.class, () -> StrictPng.decode(Arrays.copyOf(png, png.length + 1)));
        byte[] flipped = png.clone();
        flipped[40] ^= 1; // inside IHDR or IDAT: its CRC no longer matches
        assertThrows(IllegalArgumentException.class, () -> StrictPng.decode(flipped));
    }
}
