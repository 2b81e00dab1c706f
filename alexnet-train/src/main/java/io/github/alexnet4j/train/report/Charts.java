package io.github.alexnet4j.train.report;

import io.github.alexnet4j.train.EpochMetrics;
import io.github.alexnet4j.train.eval.ErrorRates;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The run's pictures, drawn with XChart: learning curves and the confusion matrix. */
public final class Charts {

    static {
        System.setProperty("java.awt.headless", "true");
        javax.imageio.ImageIO.setUseCache(false);   // no cache files in a temporary folder that may be full or missing
    }

    private Charts() {
    }

    public static void curves(List<EpochMetrics> history, String title, Path png) throws IOException {
        if (history.isEmpty()) return;
        double[] x = history.stream().mapToDouble(EpochMetrics::epoch).toArray();
        XYChart errors = new XYChartBuilder().width(900).height(520).title(title + ": error")
                .xAxisTitle("epoch").yAxisTitle("error (%)").build();
        errors.addSeries("train top-1", x, history.stream().mapToDouble(m -> 100 * m.trainTop1Error()).toArray());
        errors.addSeries("validation top-1", x, history.stream().mapToDouble(m -> 100 * m.valTop1Error()).toArray());
        errors.addSeries("validation top-5", x, history.stream().mapToDouble(m -> 100 * m.valTop5Error()).toArray());
        BitmapEncoder.saveBitmap(errors, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        XYChart loss = new XYChartBuilder().width(900).height(520).title(title + ": training loss")
                .xAxisTitle("epoch").yAxisTitle("cross-entropy").build();
        loss.addSeries("train loss", x, history.stream().mapToDouble(EpochMetrics::trainLoss).toArray());
        String lossPng = png.toString().replace(".png", "-loss.png");
        BitmapEncoder.saveBitmap(loss, lossPng, BitmapEncoder.BitmapFormat.PNG);
    }

    /** Rows: true class; columns: predicted class; cell: fraction of the row. */
    public static void confusion(ErrorRates e, Path png) throws IOException {
        int n = e.classNames().size();
        if (n > 100) return;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            long row = 0;
            for (long v : e.confusion()[t]) row += v;
            for (int p = 0; p < n; p++) {
                cells.add(new Number[]{p, n - 1 - t, row == 0 ? 0.0 : Math.round(1000.0 * e.confusion()[t][p] / row) / 10.0});
            }
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(120 + 60 * Math.max(n, 6)).height(100 + 50 * Math.max(n, 6))
                .title("Confusion matrix (% of true class), top-1 error " + String.format("%.2f %%", 100 * e.top1Error()))
                .xAxisTitle("predicted").yAxisTitle("true").build();
        chart.getStyler().setShowValue(n <= 20);
        List<String> names = e.classNames();
        List<String> reversed = new ArrayList<>(names);
        java.util.Collections.reverse(reversed);
        chart.addSeries("confusion", names, reversed, cells);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
