package io.github.alexnet4j.cli.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The bench's peak is the FMA probe's unless a real matrix product beat it in the same invocation. */
class PeakTest {

    @Test
    void aProbeBelowTheMatrixProductCannotBeThePeak() {
        assertEquals(156.0, BenchCommand.peakGflops(156, 171 - 20), 0);
        assertEquals(153.0, BenchCommand.peakGflops(80, 153), 0, "the probe read 80 while SGEMM reached 153");
        assertEquals(153.0, BenchCommand.peakGflops(Double.NaN, 153), 0, "no probe result");
    }
}
