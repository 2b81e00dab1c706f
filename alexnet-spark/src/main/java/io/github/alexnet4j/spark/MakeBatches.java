package io.github.alexnet4j.spark;

import io.github.alexnet4j.data.decoding.BadImageException;
import io.github.alexnet4j.data.decoding.BadImageReport;
import io.github.alexnet4j.data.batches.BatchMaker;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.CollectionAccumulator;
import org.nd4j.linalg.dataset.DataSet;

import java.util.Iterator;

/**
 * Runs on an executor: turns the batch numbers of its partition into training batches, reading and
 * transforming the images there (decoding is the expensive part and scales with the cluster). Bad
 * files are skipped, as on one machine, and reported back to the driver through an accumulator.
 */
final class MakeBatches implements FlatMapFunction<Iterator<Integer>, DataSet> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<TrainingSet> data;
    private final int epoch;
    private final CollectionAccumulator<String> badFiles;

    MakeBatches(Broadcast<TrainingSet> data, int epoch, CollectionAccumulator<String> badFiles) {
        this.data = data;
        this.epoch = epoch;
        this.badFiles = badFiles;
    }

    @Override
    public Iterator<DataSet> call(Iterator<Integer> batchNumbers) {
        BatchMaker maker = data.value().maker();
        int[] order = maker.order(epoch);
        BadImageReport bad = new BadImageReport();
        // made one at a time as training asks for them: a partition of full-size batches would not fit in memory
        return new Iterator<DataSet>() {
            DataSet ahead = advance();

            DataSet advance() {
                while (batchNumbers.hasNext()) {
                    DataSet ds = maker.make(batchNumbers.next(), epoch, order, bad);
                    if (ds != null) return ds;
                }
                bad.files().forEach((file, reason) -> badFiles.add(file + "\t" + reason));
                return null;
            }

            @Override
            public boolean hasNext() {
                return ahead != null;
            }

            @Override
            public DataSet next() {
                if (ahead == null) throw new java.util.NoSuchElementException();
                DataSet ds = ahead;
                ahead = advance();
                return ds;
            }
        };
    }

    /** The accumulator's "file\treason" lines back into a driver-side {@link BadImageReport} entry. */
    static BadImageException decode(String line) {
        int tab = line.indexOf('\t');
        return new BadImageException(line.substring(0, tab), line.substring(tab + 1));
    }
}
