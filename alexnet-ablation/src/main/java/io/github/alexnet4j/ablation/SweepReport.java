package io.github.alexnet4j.ablation;

import io.github.alexnet4j.train.EpochMetrics;
import io.github.alexnet4j.train.MetricsLog;
import io.github.alexnet4j.train.report.ResultJson;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paper's tables from a sweep's runs: per variant the mean ± std over seeds of top-1/top-5 error
 * (centre and ten-crop), the change against the baseline with a 95 % Welch interval, the paper's
 * reported change beside it, and whether ours agrees in sign and is significant. Also the bar chart
 * of the changes and the paper's Figure 1 (training error of ReLU vs tanh over epochs).
 */
public final class SweepReport {

    /** One variant's runs. */
    public record Row(String variant, double[] top1, double[] top5, double[] tenTop1, double[] tenTop5, double[] seconds,
                      double[] train, int stopped) {
    }

    private SweepReport() {
    }

    public static Map<String, Row> collect(SweepRunner runner) throws IOException {
        Map<String, List<ResultJson>> by = new LinkedHashMap<>();
        Map<String, List<Double>> train = new LinkedHashMap<>();   // training error (fixed subset) after the last epoch
        Map<String, Integer> stopped = new LinkedHashMap<>();
        for (SweepRunner.RunRef r : runner.runs()) {
            if (r.stopped()) {
                stopped.merge(r.variant(), 1, Integer::sum);
                by.computeIfAbsent(r.variant(), k -> new ArrayList<>());
            }
            if (!r.finished()) continue;
            by.computeIfAbsent(r.variant(), k -> new ArrayList<>()).add(ResultJson.read(r.dir().resolve("result.json")));
            List<EpochMetrics> h = new MetricsLog(r.dir()).readAll();
            train.computeIfAbsent(r.variant(), k -> new ArrayList<>()).add(h.isEmpty() ? Double.NaN : 100 * h.get(h.size() - 1).trainTop1Error());
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        by.forEach((v, list) -> rows.put(v, new Row(v, list.stream().mapToDouble(s -> 100 * s.top1Error()).toArray(),
                list.stream().mapToDouble(s -> 100 * s.top5Error()).toArray(),
                list.stream().mapToDouble(s -> 100 * s.tenCropTop1Error()).toArray(),
                list.stream().mapToDouble(s -> 100 * s.tenCropTop5Error()).toArray(),
                list.stream().mapToDouble(ResultJson::trainSeconds).toArray(),
                train.getOrDefault(v, List.of()).stream().mapToDouble(Double::doubleValue).toArray(), stopped.getOrDefault(v, 0))));
        return rows;
    }

    public static void write(SweepRunner runner, Sweep sweep, Path out, String provenance) throws IOException {
        Map<String, Row> rows = collect(runner);
        Row base = rows.get("baseline");
        if (base == null || base.top1().length == 0) throw new IllegalStateException("no finished baseline run yet in " + runner.root());
        Files.createDirectories(out);
        StringBuilder csv = new StringBuilder("variant,runs,top1,top1_std,top5,top5_std,tencrop_top1,tencrop_top1_std,"
                + "tencrop_top5,tencrop_top5_std,delta_top1,delta_top1_ci_low,delta_top1_ci_high,delta_top5,"
                + "delta_top5_ci_low,delta_top5_ci_high,paper_delta_top1,paper_delta_top5,agrees_in_sign,significant,train_top1,train_top1_std,"
                + "detectable_top1,verdict\n");
        StringBuilder md = new StringBuilder("# Ablation sweep `" + sweep.name() + "`\n\n");
        md.append("Error rates in % on the validation set (mean ± std over seeds). Δ = variant − baseline, with a 95 % "
                + "Welch interval; the paper's Δ is the change it reports when the ingredient is removed (ILSVRC-2010/12, "
                + "so sizes differ; the sign is what can be compared).\n\n");
        md.append("Training error is measured after the last epoch on the run's fixed subset of training images "
                + "(centre crops); \"—\" where a run did not measure it (e.g. no ten-crop evaluation).\n\n");
        md.append("*Detectable*: the smallest change in top-1 error this sweep would have found significant with 80 % "
                + "probability, from the seeds' spread (two-sided Welch test at 5 %). *Verdict*: agrees / disagrees with "
                + "the paper when our change is significant; disagrees too when it is not although a change of the paper's "
                + "size was detectable; otherwise the sweep cannot tell at this budget.\n\n");
        md.append("| variant | runs (stopped) | training top-1 | top-1 | top-5 | top-1 (10 crops) | top-5 (10 crops) | Δ top-1 [95 % CI] "
                + "| Δ top-5 [95 % CI] | paper Δ top-1 / top-5 | agrees in sign | significant | detectable Δ top-1 | verdict |"
                + "\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        List<String> names = new ArrayList<>();
        List<Double> deltas = new ArrayList<>(), errors = new ArrayList<>();
        for (Row r : rows.values()) {
            if (r.top1().length == 0) {
                md.append(String.format("| %s | 0 (%d) | every run stopped (diverged): see stopped.txt in its run folders |"
                        + " | | | | | | | | | | |%n", r.variant(), r.stopped()));
                continue;
            }
            Stats.Delta d1 = Stats.welch(base.top1(), r.top1(), 0.95), d5 = Stats.welch(base.top5(), r.top5(), 0.95);
            Variants.Known k = Variants.known(r.variant());
            double p1 = k == null ? Double.NaN : k.paperTop1Delta(), p5 = k == null ? Double.NaN : k.paperTop5Delta();
            boolean isBase = r.variant().equals("baseline");
            String agrees = isBase || Double.isNaN(p1) ? "" : (Math.signum(d1.estimate()) == Math.signum(p1) ? "yes" : "no");
            String significant = isBase ? "" : (d1.significant() ? "yes" : Double.isNaN(d1.low()) ? "n/a (1 seed)" : "no");
            double detectable = isBase ? Double.NaN : Stats.detectable(base.top1(), r.top1(), 0.05, 0.80);
            String verdict = isBase ? "" : Stats.verdict(d1, detectable, p1);
            csv.append(String.format(Locale.ROOT, "%s,%d,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%s,%s,%s,%s,%.3f,%.3f,%s,%s%n",
                    r.variant(), r.top1().length, Stats.mean(r.top1()), Stats.std(r.top1()), Stats.mean(r.top5()),
                    Stats.std(r.top5()), Stats.mean(r.tenTop1()), Stats.std(r.tenTop1()), Stats.mean(r.tenTop5()),
                    Stats.std(r.tenTop5()), d1.estimate(), d1.low(), d1.high(), d5.estimate(), d5.low(), d5.high(),
                    num(p1), num(p5), agrees, significant, Stats.mean(r.train()), Stats.std(r.train()), num(detectable), verdict));
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.variant(), r.top1().length + (r.stopped() > 0 ? " (" + r.stopped() + ")" : ""), meanStd(r.train()),
                    meanStd(r.top1()), meanStd(r.top5()), meanStd(r.tenTop1()), meanStd(r.tenTop5()),
                    isBase ? "—" : delta(d1), isBase ? "—" : delta(d5),
                    isBase ? "—" : (Double.isNaN(p1) ? "—" : "+" + num(p1)) + " / " + (Double.isNaN(p5) ? "—" : "+" + num(p5)),
                    agrees, significant, isBase ? "—" : num(detectable), verdict));
            if (!isBase) {
                names.add(r.variant());
                deltas.add(d1.estimate());
                errors.add(Double.isNaN(d1.low()) ? 0 : (d1.high() - d1.low()) / 2);
            }
        }
        md.append("\nThe paper's claims:\n\n");
        for (String v : rows.keySet()) {
            Variants.Known k = Variants.known(v);
            if (k != null && !v.equals("baseline")) md.append("- `").append(v).append("`: ").append(k.claim()).append('\n');
        }
        md.append("\n![deltas](deltas.png)\n");
        Files.writeString(out.resolve("table.csv"), csv.toString());
        if (!names.isEmpty()) {
            CategoryChart chart = new CategoryChartBuilder().width(1000).height(520)
                    .title("Change in top-1 error vs baseline (95 % CI)").yAxisTitle("Δ top-1 error (points)").build();
            chart.getStyler().setLegendVisible(false);
            chart.getStyler().setXAxisLabelRotation(30);
            chart.addSeries("Δ top-1", names, deltas, errors);
            BitmapEncoder.saveBitmap(chart, out.resolve("deltas.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        }
        String fig1 = figure1(runner, rows.keySet(), out);
        if (fig1 != null) md.append("\n").append(fig1);
        String reach = epochsToTarget(runner, 0.25);
        if (reach != null) md.append("\n").append(reach);
        double[] seconds = rows.values().stream().flatMapToDouble(r -> java.util.Arrays.stream(r.seconds())).sorted().toArray();
        md.append(String.format(Locale.ROOT, "%nTraining time of the %d finished runs (each run's own, summed over its resumes): "
                + "%.2f h in all, median %.1f min per run; evaluation and statistics come on top.%n", seconds.length,
                java.util.Arrays.stream(seconds).sum() / 3600, seconds.length == 0 ? 0 : seconds[seconds.length / 2] / 60));
        md.append("\n## Provenance\n\n").append(provenance);
        Files.writeString(out.resolve("table.md"), md.toString());
    }

    /** Figure 1: training error (fixed training subset) vs epochs for ReLU (baseline) and tanh, per seed. */
    static String figure1(SweepRunner runner, java.util.Set<String> variants, Path out) throws IOException {
        if (!variants.contains("tanh")) return null;
        XYChart chart = new XYChartBuilder().width(900).height(520).title("Figure 1: training error, ReLU (solid) vs tanh (dashed)")
                .xAxisTitle("epoch").yAxisTitle("training error (%)").build();
        StringBuilder sb = new StringBuilder("## Figure 1: ReLU vs tanh\n\n![figure 1](figure1.png)\n\nCurves: `figure1.csv`.\n\n"
                + "| seed | ReLU: epochs to 25 % training error | tanh: epochs | ratio | ReLU: seconds | tanh: seconds | ratio |\n"
                + "|---|---|---|---|---|---|---|\n");
        StringBuilder csv = new StringBuilder("nonlinearity,seed,epoch,train_top1_error,train_seconds\n");
        // each finished ReLU (baseline) and tanh run's curve, read once: for the chart, the CSV and the crossing
        Map<String, List<EpochMetrics>> curves = new LinkedHashMap<>();
        double lastEpoch = 1;
        for (SweepRunner.RunRef r : runner.runs()) {
            if (!r.finished() || !(r.variant().equals("baseline") || r.variant().equals("tanh"))) continue;
            List<EpochMetrics> h = new MetricsLog(r.dir()).readAll();
            curves.put(r.variant() + "/" + r.seed(), h);
            for (EpochMetrics m : h) {
                csv.append(String.format(Locale.ROOT, "%s,%d,%.4f,%.5f,%.1f%n", r.variant().equals("tanh") ? "tanh" : "relu",
                        r.seed(), m.epoch(), m.trainTop1Error(), m.trainSeconds()));
                lastEpoch = Math.max(lastEpoch, m.epoch());
            }
            // as in the paper's figure: ReLU solid, tanh dashed
            org.knowm.xchart.XYSeries series = chart.addSeries((r.variant().equals("tanh") ? "tanh" : "ReLU") + " seed " + r.seed(),
                    h.stream().mapToDouble(EpochMetrics::epoch).toArray(),
                    h.stream().mapToDouble(m -> 100 * m.trainTop1Error()).toArray());
            series.setLineStyle(r.variant().equals("tanh") ? org.knowm.xchart.style.lines.SeriesLines.DASH_DASH
                    : org.knowm.xchart.style.lines.SeriesLines.SOLID);
        }
        org.knowm.xchart.XYSeries line = chart.addSeries("25 % training error", new double[]{0, lastEpoch}, new double[]{25, 25});
        line.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
        line.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DOT_DOT);
        line.setLineColor(java.awt.Color.GRAY);
        List<Double> ratios = new ArrayList<>();
        int lowerBounds = 0;   // seeds where tanh had not reached 25 % when its budget ended
        for (long seed : runner.runs().stream().map(SweepRunner.RunRef::seed).distinct().toList()) {
            List<EpochMetrics> relu = curves.get("baseline/" + seed), tanh = curves.get("tanh/" + seed);
            if (relu == null || tanh == null) continue;
            Reach r = Reach.of(relu, 0.25), t = Reach.of(tanh, 0.25);
            sb.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s |%n", seed, r.epochText(), t.epochText(),
                    Reach.ratio(t, r, Reach::epochs), r.secondsText(), t.secondsText(), Reach.ratio(t, r, Reach::seconds)));
            if (r.reached()) ratios.add(t.epochs() / r.epochs());
            if (r.reached() && !t.reached()) lowerBounds++;
        }
        sb.append(epochRatioSummary(ratios.stream().mapToDouble(Double::doubleValue).toArray(), lowerBounds));
        sb.append("\nThe paper: a four-layer network with ReLUs reaches 25 % training error on CIFAR-10 six times faster "
                + "than with tanh. \"> n\" means the run had not reached 25 % when its budget ended (n epochs or seconds), "
                + "so the ratio is a lower bound.\n");
        BitmapEncoder.saveBitmap(chart, out.resolve("figure1.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        Files.writeString(out.resolve("figure1.csv"), csv.toString());   // the curves, for notebooks
        return sb.toString();
    }

    /**
     * Figure 1's ratio across seeds: tanh's epochs to 25 % over ReLU's, for each seed where ReLU got there.
     * A tanh run that never got there contributes its last epoch, so the ratio is then a lower bound,
     * and the summary says "at least".
     */
    static String epochRatioSummary(double[] ratios, int lowerBounds) {
        if (ratios.length == 0) return "";
        String spread = ratios.length == 1 ? "one seed"
                : String.format(Locale.ROOT, "mean of %d seeds; range %.1f–%.1f×, std %.1f", ratios.length,
                java.util.Arrays.stream(ratios).min().orElse(Double.NaN), java.util.Arrays.stream(ratios).max().orElse(Double.NaN),
                Stats.std(ratios));
        return String.format(Locale.ROOT, "%nRatio: tanh took %s%.1f× the epochs ReLU took to reach 25 %% (%s)%s.%n",
                lowerBounds > 0 ? "at least " : "", Stats.mean(ratios), spread,
                lowerBounds == 0 ? "" : String.format(Locale.ROOT, "; %d of the tanh runs had not reached 25 %% when their budget "
                        + "ended, so their ratios are lower bounds", lowerBounds));
    }

    /**
     * Per variant, the epochs each finished run took to reach {@code target} training error (Figure 1's
     * measure; how a learning-rate probe picks its rate), when any run got there; null otherwise.
     */
    static String epochsToTarget(SweepRunner runner, double target) throws IOException {
        Map<String, List<Reach>> by = new LinkedHashMap<>();
        boolean any = false;
        for (SweepRunner.RunRef r : runner.runs()) {
            if (!r.finished()) continue;
            Reach reach = Reach.of(new MetricsLog(r.dir()).readAll(), target);
            by.computeIfAbsent(r.variant(), k -> new ArrayList<>()).add(reach);
            any |= reach.reached();
        }
        if (!any) return null;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "## Epochs to %.0f %% training error%n%n"
                + "Per run, interpolated between the epochs around the crossing; \"> n\": not reached in the run's n epochs.%n%n"
                + "| variant | epochs, per seed | mean of those that reached it |%n|---|---|---|%n", 100 * target));
        by.forEach((v, list) -> {
            double[] reached = list.stream().filter(Reach::reached).mapToDouble(Reach::epochs).toArray();
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s |%n", v, String.join(", ", list.stream().map(Reach::epochText).toList()),
                    reached.length == 0 ? "—" : String.format(Locale.ROOT, "%.2f", Stats.mean(reached))));
        });
        return sb.toString();
    }

    /**
     * Epochs and training seconds at which training error first reaches a target, interpolated linearly
     * between the two epochs around the crossing (from 100 % at epoch 0); if the run never
     * got there, its last epoch and seconds, as a lower bound.
     */
    record Reach(double epochs, double seconds, boolean reached) {

        static Reach of(List<EpochMetrics> history, double target) {
            double pe = 0, ps = 0, perr = 1;
            for (EpochMetrics m : history) {
                if (m.trainTop1Error() <= target) {
                    double f = perr == m.trainTop1Error() ? 1 : (perr - target) / (perr - m.trainTop1Error());
                    return new Reach(pe + f * (m.epoch() - pe), ps + f * (m.trainSeconds() - ps), true);
                }
                pe = m.epoch();
                ps = m.trainSeconds();
                perr = m.trainTop1Error();
            }
            return new Reach(pe, ps, false);
        }

        String epochText() {
            return (reached ? "" : "> ") + String.format(Locale.ROOT, reached ? "%.2f" : "%.0f", epochs);
        }

        String secondsText() {
            return (reached ? "" : "> ") + String.format(Locale.ROOT, "%.0f", seconds);
        }

        /** slow / fast, "> x×" when only the fast one got there, "—" when the fast one did not. */
        static String ratio(Reach slow, Reach fast, java.util.function.ToDoubleFunction<Reach> what) {
            if (!fast.reached || what.applyAsDouble(fast) == 0) return "—";
            return (slow.reached ? "" : "> ") + String.format(Locale.ROOT, "%.1f×", what.applyAsDouble(slow) / what.applyAsDouble(fast));
        }
    }

    private static String delta(Stats.Delta d) {
        return Double.isNaN(d.low()) ? String.format(Locale.ROOT, "%+.2f", d.estimate())
                : String.format(Locale.ROOT, "%+.2f [%+.2f, %+.2f]", d.estimate(), d.low(), d.high());
    }

    /** "mean ± std" over seeds, or "—" where the runs did not measure it. */
    private static String meanStd(double[] v) {
        double m = Stats.mean(v);
        return Double.isNaN(m) ? "—" : String.format(Locale.ROOT, "%.2f ± %.2f", m, Stats.std(v));
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.2f", v);
    }
}
