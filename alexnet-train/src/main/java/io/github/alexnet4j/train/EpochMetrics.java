package io.github.alexnet4j.train;

/**
 * One line of {@code metrics.jsonl} / {@code metrics.csv}: where training stood at the end of an
 * epoch (or when the time budget ran out mid-epoch, then {@code epoch} is fractional).
 */
public record EpochMetrics(double epoch, long iteration, double trainLoss, double trainTop1Error, double valTop1Error,
                           double valTop5Error, double learningRate, double imagesPerSecond, double trainSeconds,
                           double wallSeconds, int badImages) {

    public static final String CSV_HEADER = "epoch,iteration,train_loss,train_top1_error,val_top1_error,val_top5_error,"
            + "learning_rate,images_per_second,train_seconds,wall_seconds,bad_images";

    public String csv() {
        return String.format(java.util.Locale.ROOT, "%.4f,%d,%.5f,%.5f,%.5f,%.5f,%.6g,%.2f,%.1f,%.1f,%d", epoch, iteration,
                trainLoss, trainTop1Error, valTop1Error, valTop5Error, learningRate, imagesPerSecond, trainSeconds,
                wallSeconds, badImages);
    }
}
