package io.github.alexnet4j.data.decoding;

import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;
import org.datavec.image.data.ImageWritable;
import org.datavec.image.transform.BaseImageTransform;

import java.util.Random;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * The paper's preparation of variable-resolution images (Section 2): "rescaled the image such that
 * the shorter side was of length 256, and then cropped out the central 256×256 patch".
 * <p>
 * The central square is cut in source resolution first and then resized: the same pixels, but an
 * image with an extreme aspect ratio (say 10000×20) is never blown up to 128000×256 on the way.
 * Shrinking uses area averaging (no aliasing), enlarging bilinear interpolation.
 */
public final class PaperRescale extends BaseImageTransform<Mat> {

    private final int side;

    public PaperRescale(int side) {
        super(null);
        if (side < 1) throw new IllegalArgumentException("side must be ≥ 1, got " + side);
        this.side = side;
        this.converter = new OpenCVFrameConverter.ToMat();
    }

    public int side() {
        return side;
    }

    /** Returns a new side×side matrix; {@code image} is left untouched. */
    public Mat apply(Mat image) {
        int w = image.cols(), h = image.rows(), s = Math.min(w, h);
        try (Rect centre = new Rect((w - s) / 2, (h - s) / 2, s, s); Mat square = new Mat(image, centre)) {
            Mat out = new Mat();
            if (s == side) {
                square.copyTo(out);
            } else {
                try (Size size = new Size(side, side)) {
                    resize(square, out, size, 0, 0, s > side ? INTER_AREA : INTER_LINEAR);
                }
            }
            return out;
        }
    }

    @Override
    protected ImageWritable doTransform(ImageWritable image, Random random) {
        if (image == null) return null;
        Mat mat = converter.convert(image.getFrame());
        return new ImageWritable(converter.convert(apply(mat)));
    }
}
