package org.spinecho.web.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.spinecho.data.OutputGuard;
import org.spinecho.ml.Scores;
import org.spinecho.ml.UncertaintyCalibration;
import org.spinecho.ml.study.ErrorBreakdown;

/**
 * The plots and tables of a model's evaluation, shared by {@code spinecho evaluate} and {@code demo}: for each
 * parameter a true-against-predicted scatter plot and a histogram of the residuals, the calibration
 * and the noise plots, as PNG files, and the text and HTML tables.
 */
public final class EvaluationReport {
    public static final String[] NAMES = org.spinecho.sim.Theta.NAMES.toArray(new String[0]);
    /** Axis labels with units. */
    public static final String[] LABELS = {"\u03b1 (rad/u)", "\u03be (lattice spacings)", "d  (\u0393 = 10\u207b\u1d48 per u)"};
    /** HTML names. */
    public static final String[] HTML_NAMES = {"&alpha;", "&xi;", "d"};
    /** Nominal levels of the coverage report. */
    public static final double[] LEVELS = ErrorBreakdown.coverageLevels();
    /** Width at which the report pages show a plot (the PNG is larger; a click opens it). */
    public static final int SHOWN = 460;

    private EvaluationReport() {
    }

    /**
     * Writes the report into {@code dir}: a new directory, or one holding only a previous report
     * (see {@link OutputGuard#writeReportDirectory}); {@code keep} are paths it must not replace.
     */
    public static void write(Path dir, List<OutputGuard.Named> keep, String title, double[][] truth, double[][] pred,
                      Scores scores, UncertaintyCalibration.Assessment coverage,
                      List<ErrorBreakdown.AtNoise> noisy) throws IOException {
        OutputGuard.writeReportDirectory("--report", dir, keep, tmp -> {
            StringBuilder page = new StringBuilder(Html.head(title));
            page.append(String.format(Locale.ROOT, "<p>%d curves. NMSE: true and predicted values standardised "
                    + "with the mean and population standard deviation of the true values (1 = predicting the "
                    + "mean); Err: sum of squared standardised errors.</p>%n", scores.n()));
            List<String> row = new ArrayList<>(Html.nmse(scores));
            row.add(String.format(Locale.ROOT, "%.2f", scores.err()));
            page.append(Html.table(List.of("NMSE &alpha;", "NMSE &xi;", "NMSE d", "mean", "Err"), List.of(row)));
            if (coverage != null) {
                Files.write(tmp.resolve("calibration.png"), Charts.png(calibration(coverage)));
                page.append("<h2>Uncertainty</h2>\n").append(Html.coverage(coverage))
                        .append(Charts.image("calibration.png", "calibration plot", SHOWN)).append('\n');
            }
            double[] nmse = {scores.nmseAlpha(), scores.nmseXi(), scores.nmseD()};
            for (int v = 0; v < 3; v++) {
                Files.write(tmp.resolve("scatter_" + NAMES[v] + ".png"), Charts.png(scatter(truth, pred, v, nmse[v],
                        null, null, 0)));
                Files.write(tmp.resolve("residuals_" + NAMES[v] + ".png"), Charts.png(histogram(truth, pred, v)));
                page.append("<h2>").append(HTML_NAMES[v]).append("</h2>\n")
                        .append(Charts.image("scatter_" + NAMES[v] + ".png", NAMES[v] + ": predicted against true", SHOWN))
                        .append(Charts.image("residuals_" + NAMES[v] + ".png", NAMES[v] + ": residuals", SHOWN))
                        .append('\n');
            }
            if (!noisy.isEmpty()) {
                Files.write(tmp.resolve("noise.png"), Charts.png(noise(noisy)));
                List<List<String>> rows = new ArrayList<>();
                for (ErrorBreakdown.AtNoise a : noisy) {
                    List<String> r = new ArrayList<>(List.of(Double.toString(a.sigma())));
                    r.addAll(Html.nmse(a.scores()));
                    rows.add(r);
                }
                page.append("<h2>Robustness to noise</h2>\n").append(Html.table(List.of("noise &sigma; (M units)",
                        "NMSE &alpha;", "NMSE &xi;", "NMSE d", "mean"), rows))
                        .append(Charts.image("noise.png", "NMSE against noise level", SHOWN)).append('\n');
            }
            page.append("</body></html>\n");
            Files.writeString(tmp.resolve("index.html"), page, StandardCharsets.UTF_8);
        });
    }

    /**
     * Predicted against true values of parameter v; with a calibration, the central intervals at
     * {@code level} of the first 300 curves as translucent error bars under the points ({@code noise}:
     * each curve's noise σ per component, which the intervals depend on; ignored without a calibration).
     */
    public static XYChart scatter(double[][] truth, double[][] pred, int v, double nmse, UncertaintyCalibration cal,
                           double[] noise, double level) {
        int n = truth.length;
        double[] x = new double[n];
        double[] y = new double[n];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            x[i] = truth[i][v];
            y[i] = pred[i][v];
            lo = Math.min(lo, Math.min(x[i], y[i]));
            hi = Math.max(hi, Math.max(x[i], y[i]));
        }
        XYChart chart = Charts.xy(700, 700, String.format(Locale.ROOT, "%s: predicted vs true (NMSE %.4f)",
                LABELS[v].split(" ")[0], nmse), "true " + LABELS[v], "predicted " + LABELS[v]);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW).setMarkerSize(5);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        if (cal != null) {
            int m = Math.min(n, 300);
            double[] bx = new double[m];
            double[] mid = new double[m];
            double[] half = new double[m];
            for (int i = 0; i < m; i++) {
                double[] in = cal.at(pred[i], noise[i]).interval(v, level);
                bx[i] = truth[i][v];
                mid[i] = (in[0] + in[1]) / 2;
                half[i] = (in[1] - in[0]) / 2;
                lo = Math.min(lo, in[0]);
                hi = Math.max(hi, in[1]);
            }
            XYSeries bars = chart.addSeries(Math.round(100 * level) + "% interval", bx, mid, half);
            bars.setMarker(SeriesMarkers.NONE);
            bars.setMarkerColor(new Color(0, 0, 0, 0));
            chart.getStyler().setErrorBarsColor(new Color(120, 120, 120, 90)); // translucent, drawn under the points
            chart.setTitle(chart.getTitle() + String.format(Locale.ROOT, ", %d%% intervals", Math.round(100 * level)));
        }
        XYSeries points = chart.addSeries("curves", x, y);
        points.setMarkerColor(new Color(31, 119, 180, 140));
        points.setMarker(SeriesMarkers.CIRCLE);
        XYSeries diagonal = chart.addSeries("predicted = true", new double[] {lo, hi}, new double[] {lo, hi});
        diagonal.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        diagonal.setMarker(SeriesMarkers.NONE);
        diagonal.setLineColor(new Color(214, 39, 40));
        return chart;
    }

    public static CategoryChart histogram(double[][] truth, double[][] pred, int v) {
        int n = truth.length;
        double[] r = new double[n];
        double maxAbs = 0;
        for (int i = 0; i < n; i++) {
            r[i] = pred[i][v] - truth[i][v];
            maxAbs = Math.max(maxAbs, Math.abs(r[i]));
        }
        int bins = 41;
        double width = maxAbs > 0 ? 2 * maxAbs / bins : 1;
        double[] centres = new double[bins];
        double[] counts = new double[bins];
        for (int b = 0; b < bins; b++) {
            centres[b] = -maxAbs + (b + 0.5) * width;
        }
        for (double x : r) {
            int b = (int) Math.floor((x + maxAbs) / width);
            counts[Math.max(0, Math.min(bins - 1, b))]++;
        }
        CategoryChart chart = new CategoryChartBuilder().width(700).height(500)
                .title(LABELS[v].split(" ")[0] + ": residuals (predicted \u2212 true)")
                .xAxisTitle("residual " + LABELS[v]).yAxisTitle("curves").build();
        Charts.style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setOverlapped(true).setXAxisDecimalPattern(maxAbs >= 5 ? "0.#" : "0.###").setXAxisMaxLabelCount(9);
        chart.getStyler().setXAxisLabelRotation(0);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.addSeries("residuals", centres, counts).setFillColor(new Color(31, 119, 180));
        return chart;
    }

    /** NMSE of each parameter and their mean against the noise level (σ per component; 0 drawn at 1e-4). */
    public static XYChart noise(List<ErrorBreakdown.AtNoise> noisy) {
        XYChart chart = Charts.xy(800, 500, "NMSE against noise", "noise \u03c3 per component of M (as in the files; "
                + "0 shown at 1e-4)", "NMSE");
        chart.getStyler().setXAxisLogarithmic(true).setLegendPosition(Styler.LegendPosition.InsideNW).setMarkerSize(8);
        double[] x = noisy.stream().mapToDouble(a -> Math.max(a.sigma(), 1e-4)).toArray();
        String[] names = {"\u03b1", "\u03be", "d", "mean"};
        for (int k = 0; k < 4; k++) {
            double[] y = new double[noisy.size()];
            for (int i = 0; i < y.length; i++) {
                Scores s = noisy.get(i).scores();
                y[i] = k == 0 ? s.nmseAlpha() : k == 1 ? s.nmseXi() : k == 2 ? s.nmseD() : s.mean();
            }
            chart.addSeries(names[k], x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    /** Empirical coverage against nominal level, per parameter, with the diagonal of perfect calibration. */
    public static XYChart calibration(UncertaintyCalibration.Assessment a) {
        XYChart chart = Charts.xy(600, 600, "calibration of the central intervals", "nominal level",
                "fraction of true values inside");
        chart.getStyler().setXAxisMin(0.4).setXAxisMax(1.0).setYAxisMin(0.4).setYAxisMax(1.0).setMarkerSize(8);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        XYSeries diagonal = chart.addSeries("perfect", new double[] {0.4, 1.0}, new double[] {0.4, 1.0});
        diagonal.setMarker(SeriesMarkers.NONE);
        diagonal.setLineColor(Color.GRAY);
        Color[] colours = {Charts.RE, Charts.IM_EST, new Color(44, 160, 44)};
        String[] names = {"\u03b1", "\u03be", "d"};
        for (int v = 0; v < 3; v++) {
            double[] y = new double[a.levels().length];
            for (int l = 0; l < y.length; l++) {
                y[l] = a.coverage()[l][v];
            }
            XYSeries s = chart.addSeries(names[v], a.levels(), y);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineColor(colours[v]);
            s.setMarkerColor(colours[v]);
        }
        return chart;
    }

    /** Coverage of the central intervals per level and parameter, and their mean widths, as text. */
    public static String coverageText(UncertaintyCalibration.Assessment a) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-9s %-26s %-26s%n", "interval", "coverage alpha / xi / d",
                "mean width alpha / xi / d"));
        for (int l = 0; l < a.levels().length; l++) {
            double[] c = a.coverage()[l];
            double[] w = a.meanWidth()[l];
            sb.append(String.format(Locale.ROOT, "%-9s %.3f / %.3f / %.3f      %.4g / %.4g / %.4g%n",
                    Math.round(100 * a.levels()[l]) + "%", c[0], c[1], c[2], w[0], w[1], w[2]));
        }
        return sb.toString();
    }
}
