package io.github.alexnet4j.data.transforms;

import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.datavec.image.data.ImageWritable;
import org.datavec.image.transform.BaseImageTransform;

import java.util.Random;

import static org.bytedeco.opencv.global.opencv_core.flip;

/**
 * Base of the crop and flip transforms: each decides a {@link View} of a square stored image; as a
 * DataVec {@code ImageTransform} it also cuts that view out of an OpenCV image, so the transforms
 * can be used in any DataVec pipeline. The training pipeline instead passes the view to
 * {@link ViewWriter}, which crops, mirrors, subtracts the mean and adds lighting in one pass.
 */
public abstract class ViewTransform extends BaseImageTransform<Mat> {

    protected ViewTransform() {
        super(null);
        this.converter = new OpenCVFrameConverter.ToMat();
    }

    /** The view to take of a {@code stored}×{@code stored} image. */
    public abstract View choose(int stored, Random random);

    /** Cuts {@code view} out of {@code image} (a new matrix). */
    public static Mat cut(Mat image, View view) {
        try (Rect r = new Rect(view.x(), view.y(), view.size(), view.size()); Mat roi = new Mat(image, r)) {
            Mat out = new Mat();
            if (view.flip()) {
                flip(roi, out, 1);
            } else {
                roi.copyTo(out);
            }
            return out;
        }
    }

    @Override
    protected ImageWritable doTransform(ImageWritable image, Random random) {
        if (image == null) return null;
        Mat mat = converter.convert(image.getFrame());
        if (mat.cols() != mat.rows()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " expects a square prepared image, got "
                    + mat.cols() + "×" + mat.rows() + "; apply PaperRescale first");
        }
        View view = choose(mat.cols(), random == null ? new Random() : random);
        view.checkFits(mat.cols());
        return new ImageWritable(converter.convert(cut(mat, view)));
    }
}
