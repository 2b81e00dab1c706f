package io.github.alexnet4j.ablation;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The README's ablation row states what the committed sweep tables give: each Δ top-1 it quotes (rounded
 * to one decimal, with its 95 % interval where it gives one), whether it calls a change significant, and
 * the detectable effect it quotes for the rows it calls undecided.
 */
class AblationReadmeTest {

    private static final Path HOME = SweepTest.HOME;

    static String row() throws IOException {
        return Files.readAllLines(HOME.resolve("README.md")).stream().filter(l -> l.startsWith("| ablations |")).findFirst().orElseThrow();
    }

    static Map<String, ResolutionTable.Line> table(String sweep) throws IOException {
        return ResolutionTable.read(HOME.resolve("results/ablation").resolve(sweep).resolve("table.csv")).stream()
                .collect(Collectors.toMap(ResolutionTable.Line::variant, Function.identity()));
    }

    /** "+5.1" / "−1.0" (the README's minus sign), one decimal. */
    static String signed(double v) {
        String s = String.format(Locale.ROOT, "%+.1f", v);
        return s.startsWith("-") ? "−" + s.substring(1) : s;
    }

    static String interval(ResolutionTable.Line l) {
        return "[" + signed(l.low()) + ", " + signed(l.high()) + "]";
    }

    static boolean significant(ResolutionTable.Line l) {
        return l.low() > 0 || l.high() < 0;
    }

    @Test
    void threeSeedSweepNumbersAreTheTables() throws IOException {
        String row = row();
        Map<String, ResolutionTable.Line> t = table("cifar10-paper");
        for (String v : List.of("no-lrn", "one-tower")) {
            assertTrue(significant(t.get(v)), v + " is called significant");
        }
        assertTrue(row.contains("no LRN **" + signed(t.get("no-lrn").delta()) + "** top-1 " + interval(t.get("no-lrn"))), row);
        assertTrue(row.contains("one tower **" + signed(t.get("one-tower").delta()) + "** " + interval(t.get("one-tower"))), row);
        for (var e : Map.of("overlapping pooling", "non-overlapping-pooling", "PCA lighting", "no-pca-lighting").entrySet()) {
            ResolutionTable.Line l = t.get(e.getValue());
            assertFalse(significant(l), e.getValue() + " is called n.s.");
            assertTrue(row.contains(e.getKey() + " (" + signed(l.delta()) + ", n.s.)"), e.getKey() + " " + signed(l.delta()) + " vs " + row);
        }
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (String v : List.of("no-conv3", "no-conv4", "no-conv5")) {
            assertFalse(significant(t.get(v)), v + " is called n.s.");
            lo = Math.min(lo, t.get(v).delta());
            hi = Math.max(hi, t.get(v).delta());
        }
        assertTrue(row.contains("removing a middle conv layer (" + signed(lo) + "…" + signed(hi) + ", n.s.)"), row);
        ResolutionTable.Line dropout = t.get("no-dropout");
        assertTrue(significant(dropout));
        assertTrue(row.contains("no dropout " + signed(dropout.delta()) + ", significant"), row);
        // "3 seeds resolve about 3 points": every undecided row's detectable effect rounds to 3
        ResolutionTable.Line base = t.get("baseline");
        for (String v : List.of("non-overlapping-pooling", "no-pca-lighting", "no-conv3", "no-conv4", "no-conv5")) {
            ResolutionTable.Line l = t.get(v);
            double detectable = Stats.detectable(base.top1Std(), base.runs(), l.top1Std(), l.runs(), 0.05, 0.80);
            assertEquals(3, Math.round(detectable), v + ": detectable " + detectable);
        }
        assertTrue(row.contains("3 seeds resolve about 3 points of top-1"), row);
    }

    /**
     * The rerun of the undecided rows at more seeds: the README quotes how many of its 42 runs the committed
     * table holds, each variant's Δ top-1 with its interval and whether it is significant, and the range of
     * the detectable effects at that count.
     */
    @Test
    void undecidedRerunNumbersAreItsTable() throws IOException {
        String row = row();
        Map<String, ResolutionTable.Line> t = table("cifar10-undecided");
        int runs = t.values().stream().mapToInt(ResolutionTable.Line::runs).sum();
        assertTrue(row.contains("**" + runs + " of 42 runs**"), runs + " runs vs " + row);
        ResolutionTable.Line base = t.get("baseline");
        double lo = Double.MAX_VALUE, hi = 0;
        for (var e : Map.of("overlapping pooling", "non-overlapping-pooling", "PCA lighting", "no-pca-lighting",
                "no conv3", "no-conv3", "no conv4", "no-conv4", "no conv5", "no-conv5").entrySet()) {
            ResolutionTable.Line l = t.get(e.getValue());
            String want = e.getKey() + " " + signed(l.delta()) + " " + interval(l) + " (" + (significant(l) ? "significant" : "n.s.") + ")";
            assertTrue(row.contains(want), want + " vs " + row);
            double detectable = Stats.detectable(base.top1Std(), base.runs(), l.top1Std(), l.runs(), 0.05, 0.80);
            lo = Math.min(lo, detectable);
            hi = Math.max(hi, detectable);
        }
        String range = String.format(Locale.ROOT, "detectable effect %.1f–%.1f points", lo, hi);
        assertTrue(row.contains(range), range + " vs " + row);
    }

    /**
     * PCA lighting's row taken to 10 seeds per arm: the README quotes its runs, its Δ top-1 with interval and
     * significance, and its detectable effect.
     */
    @Test
    void pcaLightingAtTenSeedsIsItsTable() throws IOException {
        String row = row();
        Map<String, ResolutionTable.Line> t = table("cifar10-undecided-pca");
        ResolutionTable.Line base = t.get("baseline"), l = t.get("no-pca-lighting");
        String want = String.format(Locale.ROOT, "at %d + %d runs PCA lighting %s %s (%s), detectable %.1f points", base.runs(), l.runs(),
                signed(l.delta()), interval(l), significant(l) ? "significant" : "n.s.",
                Stats.detectable(base.top1Std(), base.runs(), l.top1Std(), l.runs(), 0.05, 0.80));
        assertTrue(row.contains(want), want + " vs " + row);
    }
}
