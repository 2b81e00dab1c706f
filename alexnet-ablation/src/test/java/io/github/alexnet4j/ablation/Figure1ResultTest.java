package io.github.alexnet4j.ablation;

import io.github.alexnet4j.train.EpochMetrics;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The README's Figure 1 row for the four-layer network states what the committed curves
 * ({@code results/ablation/figure1-fourlayer/figure1.csv}) give: each run's epochs to 25 % training error (two
 * decimals, "> n" for a tanh run that never got there), and the ratio tanh/ReLU per seed — its mean and range when
 * every tanh run got there, otherwise the range of the per-seed lower bounds, called a lower bound.
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

    private static String listed(List<String> items) {
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    @Test
    void readmeRowMatchesTheCommittedCurves() throws IOException {
        List<String[]> rows = Files.readAllLines(HOME.resolve("results/ablation/figure1-fourlayer/figure1.csv")).stream()
                .skip(1).map(l -> l.split(",")).toList();
        String row = Files.readAllLines(HOME.resolve("README.md")).stream()
                .filter(l -> l.startsWith("| Figure 1 on the paper's own four-layer network")).findFirst().orElseThrow();
        List<Integer> seeds = rows.stream().filter(f -> f[0].equals("tanh")).map(f -> Integer.parseInt(f[1])).distinct().sorted().toList();
        assertTrue(seeds.size() >= 2, "at least two complete seed pairs: " + seeds);
        List<String> relu = new ArrayList<>(), tanh = new ArrayList<>();
        double[] ratios = new double[seeds.size()];
        boolean allReached = true;
        for (int i = 0; i < seeds.size(); i++) {
            int seed = seeds.get(i);
            SweepReport.Reach r = SweepReport.Reach.of(curve(rows, "relu", seed), 0.25), t = SweepReport.Reach.of(curve(rows, "tanh", seed), 0.25);
            assertTrue(r.reached(), "ReLU seed " + seed + " reached 25 %");
            allReached &= t.reached();
            relu.add("**" + r.epochText() + "**");
            tanh.add("**" + t.epochText() + "**");
            ratios[i] = t.epochs() / r.epochs();
        }
        String seedRange = " (seeds " + seeds.get(0) + "–" + seeds.get(seeds.size() - 1) + ")";
        assertTrue(row.contains("ReLU " + listed(relu) + seedRange), listed(relu) + " vs " + row);
        assertTrue(row.contains("tanh " + listed(tanh)), listed(tanh) + " vs " + row);
        double lowest = Arrays.stream(ratios).min().orElseThrow(), highest = Arrays.stream(ratios).max().orElseThrow();
        String ratio = allReached
                ? String.format(Locale.ROOT, "tanh took **%.1f×** ReLU's epochs (mean of %d seeds; range **%.1f×–%.1f×**)",
                        Stats.mean(ratios), ratios.length, lowest, highest)
                : String.format(Locale.ROOT, "tanh took at least **%.1f×–%.1f×** ReLU's epochs", lowest, highest);
        assertTrue(row.contains(ratio), ratio + " vs " + row);
        assertEquals(!allReached, row.contains("lower bound"), "a lower bound is called one exactly when a tanh run did not get there: " + row);
    }
}
