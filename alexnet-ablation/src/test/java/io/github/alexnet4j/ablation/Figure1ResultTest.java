package io.github.alexnet4j.ablation;

import io.github.alexnet4j.train.EpochMetrics;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The README's Figure 1 row for the four-layer network states what the committed curves
 * ({@code results/ablation/figure1-fourlayer/figure1.csv}) give: each ReLU run's epochs to 25 % training
 * error (to two decimals), tanh's "> n" when it never got there, and the lower bound on the ratio.
 */
class Figure1ResultTest {

    private static final Path HOME = SweepTest.HOME;

    private static List<EpochMetrics> curve(List<String[]> rows, String nonlinearity, int seed) {
        List<EpochMetrics> h = new ArrayList<>();
        for (String[] f : rows) {
            if (!f[0].equals(nonlinearity) || Integer.parseInt(f[1]) != seed) continue;
            double epoch = Double.parseDouble(f[2]), seconds = Double.parseDouble(f[4]);
            h.add(new EpochMetrics(epoch, 0, 0, Double.parseDouble(f[3]), 0, 0, 0, 0, seconds, seconds, 0));
        }
        return h;
    }

    @Test
    void readmeRowMatchesTheCommittedCurves() throws IOException {
        List<String[]> rows = Files.readAllLines(HOME.resolve("results/ablation/figure1-fourlayer/figure1.csv")).stream()
                .skip(1).map(l -> l.split(",")).toList();
        String row = Files.readAllLines(HOME.resolve("README.md")).stream()
                .filter(l -> l.startsWith("| Figure 1 on the paper's own four-layer network")).findFirst().orElseThrow();
        SweepReport.Reach relu1 = SweepReport.Reach.of(curve(rows, "relu", 1), 0.25), relu2 = SweepReport.Reach.of(curve(rows, "relu", 2), 0.25),
                tanh1 = SweepReport.Reach.of(curve(rows, "tanh", 1), 0.25);
        assertTrue(relu1.reached() && relu2.reached(), "both ReLU runs reached 25 %");
        assertTrue(row.contains("ReLU **" + relu1.epochText() + "** and **" + relu2.epochText() + "**"), row);
        assertFalse(tanh1.reached(), "the README says tanh had not reached 25 %");
        assertTrue(row.contains("tanh **" + tanh1.epochText() + "**"), row);
        String bound = String.format(Locale.ROOT, "%.1f×", tanh1.epochs() / relu1.epochs());
        assertTrue(row.contains("at least " + bound + "**"), bound + " vs " + row);
        double lastTanh = curve(rows, "tanh", 1).get(curve(rows, "tanh", 1).size() - 1).trainTop1Error();
        assertTrue(row.contains(String.format(Locale.ROOT, "%.2f %% after", 100 * lastTanh)), row);
    }
}
