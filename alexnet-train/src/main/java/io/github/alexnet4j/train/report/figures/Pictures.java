package io.github.alexnet4j.train.report.figures;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Small drawing helpers shared by the figures. */
final class Pictures {

    private Pictures() {
    }

    /** A prepared image (side×side×3, BGR) as a picture, scaled up {@code zoom} times without smoothing. */
    static BufferedImage fromPrepared(byte[] hwcBgr, int side, int zoom) {
        BufferedImage img = new BufferedImage(side * zoom, side * zoom, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side * zoom; y++) {
            for (int x = 0; x < side * zoom; x++) {
                int o = ((y / zoom) * side + x / zoom) * 3;
                img.setRGB(x, y, (hwcBgr[o + 2] & 0xFF) << 16 | (hwcBgr[o + 1] & 0xFF) << 8 | (hwcBgr[o] & 0xFF));
            }
        }
        return img;
    }

    static Graphics2D canvas(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        return g;
    }
}
