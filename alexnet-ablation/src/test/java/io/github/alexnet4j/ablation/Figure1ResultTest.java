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
 * error (to two decimals) for every seed whose tanh run finished, tanh's "> n" when it never got there, its last
 * training error, and the range of the per-seed lower bounds on the ratio.
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
        List<Integer> seeds = rows.stream().filter(f -> f[0].equals("tanh")).map(f -> Integer.parseInt(f[1])).distinct().sorted().toList();
        assertTrue(seeds.size() >= 2, "at least two complete seed pairs: " + seeds);
        List<String> relu = new ArrayList<>(), tanhLast = new ArrayList<>();
        double lowest = Double.MAX_VALUE, highest = 0;
        for (int seed : seeds) {
            SweepReport.Reach r = SweepReport.Reach.of(curve(rows, "relu", seed), 0.25), t = SweepReport.Reach.of(curve(rows, "tanh", seed), 0.25);
            assertTrue(r.reached(), "ReLU seed " + seed + " reached 25 %");
            assertFalse(t.reached(), "the README says tanh had not reached 25 % (seed " + seed + ")");
            assertTrue(row.contains("tanh **" + t.epochText() + "**"), row);
            relu.add("**" + r.epochText() + "**");
            List<EpochMetrics> tc = curve(rows, "tanh", seed);
            tanhLast.add(String.format(Locale.ROOT, "%.2f %%", 100 * tc.get(tc.size() - 1).trainTop1Error()));
            lowest = Math.min(lowest, t.epochs() / r.epochs());
            highest = Math.max(highest, t.epochs() / r.epochs());
        }
        String reluText = String.join(", ", relu.subList(0, relu.size() - 1)) + " and " + relu.get(relu.size() - 1);
        assertTrue(row.contains("ReLU " + reluText + " (seeds " + seeds.get(0) + "–" + seeds.get(seeds.size() - 1) + ")"), reluText + " vs " + row);
        assertTrue(row.contains(String.join(", ", tanhLast) + " after"), tanhLast + " vs " + row);
        String bound = String.format(Locale.ROOT, "at least **%.1f×–%.1f×**", lowest, highest);
        assertTrue(row.contains(bound), bound + " vs " + row);
    }
}
