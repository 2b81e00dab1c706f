package io.github.alexnet4j.ablation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a finished sweep can resolve, rebuilt from its {@code table.csv} (mean, standard deviation and
 * number of seeds per variant, and the Welch interval of each Δ) when the runs themselves are no longer
 * on the machine: per variant, the smallest change in top-1 error the seeds could have detected (80 %
 * power, two-sided Welch test at 5 %) beside the paper's, and the verdict that follows
 * ({@link Stats#verdict}). The same columns {@link SweepReport} writes for sweeps whose runs are present.
 */
public final class ResolutionTable {

    /** One variant's line of a sweep's table.csv, the columns this table needs. */
    record Line(String variant, int runs, double top1Std, double delta, double low, double high, double paperDelta) {
    }

    private ResolutionTable() {
    }

    static List<Line> read(Path tableCsv) throws IOException {
        List<String> lines = Files.readAllLines(tableCsv);
        if (lines.isEmpty()) throw new IOException(tableCsv + ": empty; expected a sweep's table.csv");
        String[] header = lines.get(0).split(",", -1);
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.length; i++) col.put(header[i], i);
        for (String need : List.of("variant", "runs", "top1_std", "delta_top1", "delta_top1_ci_low", "delta_top1_ci_high", "paper_delta_top1")) {
            if (!col.containsKey(need)) throw new IOException(tableCsv + ": no column '" + need + "'; expected a sweep's table.csv");
        }
        List<Line> out = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            if (l.isBlank()) continue;
            String[] f = l.split(",", -1);
            out.add(new Line(f[col.get("variant")], Integer.parseInt(f[col.get("runs")]), number(f[col.get("top1_std")]),
                    number(f[col.get("delta_top1")]), number(f[col.get("delta_top1_ci_low")]), number(f[col.get("delta_top1_ci_high")]),
                    number(f[col.get("paper_delta_top1")])));
        }
        if (out.stream().noneMatch(x -> x.variant().equals("baseline"))) throw new IOException(tableCsv + ": no baseline row");
        return out;
    }

    /** The markdown table: variant, seeds, our Δ with its interval, the paper's Δ, detectable Δ, verdict. */
    public static String markdown(Path tableCsv) throws IOException {
        List<Line> lines = read(tableCsv);
        Line base = lines.stream().filter(x -> x.variant().equals("baseline")).findFirst().orElseThrow();
        StringBuilder md = new StringBuilder("| variant | seeds | Δ top-1 [95 % CI] | paper Δ top-1 | detectable Δ top-1 | verdict |\n"
                + "|---|---|---|---|---|---|\n");
        for (Line x : lines) {
            if (x == base) continue;
            double detectable = Stats.detectable(base.top1Std(), base.runs(), x.top1Std(), x.runs(), 0.05, 0.80);
            String verdict = Stats.verdict(new Stats.Delta(x.delta(), x.low(), x.high()), detectable, x.paperDelta());
            md.append(String.format(Locale.ROOT, "| %s | %d | %+.2f [%+.2f, %+.2f] | %s | %s | %s |%n", x.variant(), x.runs(), x.delta(),
                    x.low(), x.high(), Double.isNaN(x.paperDelta()) ? "—" : String.format(Locale.ROOT, "+%.2f", x.paperDelta()),
                    Double.isNaN(detectable) ? "—" : String.format(Locale.ROOT, "%.2f", detectable), verdict.isEmpty() ? "—" : verdict));
        }
        return md.toString();
    }

    private static double number(String s) {
        return s.isBlank() || s.equals("—") ? Double.NaN : Double.parseDouble(s);
    }
}
