package io.github.alexnet4j.train;

import io.github.alexnet4j.data.DatasetStats;
import io.github.alexnet4j.data.batches.BatchMaker;
import io.github.alexnet4j.data.batches.ImageBatchIterator;
import io.github.alexnet4j.data.batches.MemoryImageSource;
import io.github.alexnet4j.data.decoding.BadImageReport;
import io.github.alexnet4j.data.transforms.InputPipeline;
import io.github.alexnet4j.data.transforms.MeanSubtraction;
import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.AlexNetGraph;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Two workers are the same training as two copies of the network, each taking one SGD step on its own
 * batch from the same start, then averaged: after one round with averaging frequency 1 the network holds
 * the mean of the two copies' parameters and the mean of their momentum (updater state), equal within
 * 1e-6 (float sums in another order).
 */
class ParallelWorkersTest {

    private BatchMaker maker;
    private ComputationGraph net;
    private INDArray expectedParams, expectedMomentum;

    @BeforeEach
    void twoSingleSteps() {
        Random random = new Random(3);
        List<byte[]> images = new ArrayList<>();
        int[] labels = new int[8];
        for (int i = 0; i < 8; i++) {
            byte[] px = new byte[32 * 32 * 3];
            random.nextBytes(px);
            images.add(px);
            labels[i] = i % 10;
        }
        MemoryImageSource source = new MemoryImageSource(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), 32, images, labels, "random");
        DatasetStats stats = DatasetStats.compute(source, 1, new BadImageReport(), false);
        InputPipeline pipeline = new InputPipeline(32, 28, new MeanSubtraction(stats, MeanSubtraction.Mode.PER_PIXEL), null, true, 1 / 64f);
        maker = new BatchMaker(source, pipeline, InputPipeline.Mode.TRAIN, 4, 5);
        // no dropout: the workers' masks would differ from the copies' masks
        net = AlexNetGraph.build(AlexNetConfig.cifar10().toBuilder().dropout(0).build());
        net.fit(batch(0));   // a momentum that is not zero

        ComputationGraph first = net.clone(), second = net.clone();
        first.fit(batch(0));
        second.fit(batch(1));
        assertTrue(first.params().sub(second.params()).amaxNumber().doubleValue() > 1e-3, "the two batches move the weights differently");
        expectedParams = first.params().add(second.params()).divi(2);
        expectedMomentum = first.getUpdater().getStateViewArray().add(second.getUpdater().getStateViewArray()).divi(2);
    }

    private DataSet batch(int b) {
        return maker.make(b, 0, maker.order(0), new BadImageReport());
    }

    @Test
    void oneRoundOfTwoWorkersIsTheAverageOfTwoSingleSteps() {
        try (ImageBatchIterator batches = new ImageBatchIterator(maker, 1, new BadImageReport());
             ParallelWorkers workers = new ParallelWorkers(2, 1, 2)) {
            StepEngine.Step step = workers.step(net, batches);
            assertEquals(2, step.batches());
            assertEquals(8, step.examples());
            assertFalse(batches.hasNext(), "both batches taken");
        }
        assertEquals(0, expectedParams.sub(net.params()).amaxNumber().doubleValue(), 1e-6, "parameters: the mean of the two steps");
        assertEquals(0, expectedMomentum.sub(net.getUpdater().getStateViewArray()).amaxNumber().doubleValue(), 1e-6,
                "momentum: the mean of the two steps' updater states");
    }
}
