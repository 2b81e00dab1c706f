package io.github.alexnet4j.train;

/**
 * How to train on Spark (module alexnet-spark): where, and which of DL4J's two schemes.
 *
 * @param master             a Spark master URL ({@code local[2]}, {@code spark://host:7077}, {@code yarn}),
 *                           or {@code submit} to take the one spark-submit was given
 * @param mode               {@code averaging}: synchronous parameter averaging (frequency 1 is closest to
 *                           the paper's SGD); {@code sharing}: asynchronous, thresholded gradient sharing
 * @param averagingFrequency batches each worker trains between two averagings
 * @param stretch            batches per Spark job (a checkpoint may follow each)
 * @param networkMask        gradient sharing: the network the workers talk on, e.g. 10.0.0.0/16
 * @param port               gradient sharing: UDP port of the parameter server (Aeron)
 */
public record SparkOptions(String master, String mode, int averagingFrequency, int stretch, String networkMask, int port) {

    public SparkOptions {
        if (!mode.equals("averaging") && !mode.equals("sharing")) {
            throw new IllegalArgumentException("--spark-mode " + mode + ": expected averaging or sharing");
        }
        if (averagingFrequency < 1) throw new IllegalArgumentException("--averaging-frequency must be ≥ 1");
        if (stretch < 1) throw new IllegalArgumentException("--stretch must be ≥ 1");
    }

    /** Implemented by alexnet-spark and found with {@link java.util.ServiceLoader}, so this module needs no Spark. */
    public interface Support {
        StepEngine.Factory engine(SparkOptions options);
    }
}
