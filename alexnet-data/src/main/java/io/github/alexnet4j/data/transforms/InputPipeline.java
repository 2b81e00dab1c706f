package io.github.alexnet4j.data.transforms;

import java.util.List;
import java.util.Random;

/**
 * What happens to one prepared image on its way into a batch (Sections 2 and 4.1): a random crop and
 * mirror while training, the centre crop or the ten crops at test time; mean subtraction; PCA
 * lighting while training. The same object serves training and evaluation so both see the same
 * crop size and mean.
 *
 * @param storedSize side of the prepared images (256 in the paper)
 * @param cropSize   side of the network input (227 here, see the model's config)
 * @param mean       mean subtraction, or null for none
 * @param lighting   PCA lighting, or null for none
 * @param augment    random crops and mirrors while training (false: centre crop only, for the
 *                   "no augmentation" ablation)
 * @param scale      multiplier applied after mean subtraction (1 = the paper's 0–255 scale)
 */
public record InputPipeline(int storedSize, int cropSize, MeanSubtraction mean, PcaLighting lighting,
                            boolean augment, float scale) {

    public enum Mode { TRAIN, CENTER, TEN_CROP }

    public InputPipeline {
        if (cropSize < 1 || cropSize > storedSize) {
            throw new IllegalArgumentException("cropSize " + cropSize + " must be in 1.." + storedSize + " (storedSize)");
        }
        if (mean != null && mean.storedSize() != storedSize) {
            throw new IllegalArgumentException("mean image is " + mean.storedSize() + "² but storedSize is " + storedSize);
        }
    }

    /** The views one image contributes in {@code mode}; {@code random} is that image's own generator. */
    public List<View> views(Mode mode, Random random) {
        return switch (mode) {
            case TRAIN -> augment ? List.of(trainView(random)) : List.of(CenterCrop.view(storedSize, cropSize));
            case CENTER -> List.of(CenterCrop.view(storedSize, cropSize));
            case TEN_CROP -> TenCrop.views(storedSize, cropSize);
        };
    }

    private View trainView(Random random) {
        View crop = new RandomCrop(cropSize).choose(storedSize, random);
        return new HorizontalFlip(0.5).flips(random) ? crop.mirrored() : crop;
    }

    /** Writes {@code views} of one image into {@code out}, one CHW block per view. */
    public void write(byte[] prepared, List<View> views, Mode mode, Random random, float[] out, int offset) {
        float[] shift = mode == Mode.TRAIN && lighting != null ? lighting.shift(random) : null;
        int block = 3 * cropSize * cropSize;
        for (int v = 0; v < views.size(); v++) {
            ViewWriter.write(prepared, storedSize, views.get(v), mean, shift, scale, out, offset + v * block);
        }
    }
}
