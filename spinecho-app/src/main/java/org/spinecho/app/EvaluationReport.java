package org.spinecho.app;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.spinecho.data.OutputGuard;
import org.spinecho.ml.Scores;
import org.spinecho.ml.UncertaintyCalibration;

/**
 * The evaluation report: for each parameter a true-against-predicted scatter plot and a histogram
 * of the residuals, as PNG files, and an index.html with the score table that shows them. The
 * directory is built beside the target and renamed into place when complete.
 */
final class EvaluationReport {
    static final String[] NAMES = org.spinecho.sim.Theta.NAMES.toArray(new String[0]);
    static final String[] LABELS = {"\u03b1 (rad/u)", "\u03be (lattice spacings)", "d (\u0393 = 10^-d)"};

    static {
        Headless.ensure();
    }

    private EvaluationReport() {
    }

    /**
     * Writes the report into {@code dir}: a new directory, or one holding only a previous report
     * (see {@link OutputGuard#writeReportDirectory}); {@code keep} are paths it must not replace.
     */
    static void write(Path dir, java.util.List<OutputGuard.Named> keep, String title, double[][] truth, double[][] pred,
                      Scores scores, UncertaintyCalibration.Assessment coverage, java.util.List<Double> noiseLevels,
                      java.util.List<Scores> noisy) throws IOException {
        OutputGuard.writeReportDirectory("--report", dir, keep, tmp -> {
            double[] nmse = {scores.nmseAlpha(), scores.nmseXi(), scores.nmseD()};
            for (int v = 0; v < 3; v++) {
                Files.write(tmp.resolve("scatter_" + NAMES[v] + ".png"), png(scatter(truth, pred, v, nmse[v])));
                Files.write(tmp.resolve("residuals_" + NAMES[v] + ".png"), png(histogram(truth, pred, v)));
            }
            if (coverage != null) {
                Files.write(tmp.resolve("calibration.png"), png(calibration(coverage)));
            }
            boolean withNoise = noiseLevels != null && !noisy.isEmpty();
            if (withNoise) {
                Files.write(tmp.resolve("noise.png"), png(noise(noiseLevels, noisy)));
            }
            String page = html(title, scores, coverage);
            if (withNoise) {
                page = page.replace("</body>", "<h2>Robustness to noise</h2>\n<img src=\"noise.png\" alt=\"NMSE against "
                        + "noise level\">\n</body>");
            }
            Files.writeString(tmp.resolve("index.html"), page, StandardCharsets.UTF_8);
        });
    }

    static XYChart scatter(double[][] truth, double[][] pred, int v, double nmse) {
        return scatter(truth, pred, v, nmse, null, 0);
    }

    /**
     * Predicted against true values of parameter v; with a calibration, the central intervals at
     * {@code level} of the first 300 curves as error bars (grey, centred on the interval).
     */
    static XYChart scatter(double[][] truth, double[][] pred, int v, double nmse, UncertaintyCalibration cal,
                           double level) {
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
        XYChart chart = new XYChartBuilder().width(600).height(600)
                .title(String.format(Locale.ROOT, "%s: predicted vs true (NMSE %.4f)", NAMES[v], nmse))
                .xAxisTitle("true " + LABELS[v]).yAxisTitle("predicted " + LABELS[v]).build();
        chart.getStyler().setLegendVisible(false).setMarkerSize(3).setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        if (cal != null) {
            int m = Math.min(n, 300);
            double[] bx = new double[m];
            double[] mid = new double[m];
            double[] half = new double[m];
            for (int i = 0; i < m; i++) {
                double[] in = cal.interval(pred[i], cal.sigma(pred[i]), v, level);
                bx[i] = truth[i][v];
                mid[i] = (in[0] + in[1]) / 2;
                half[i] = (in[1] - in[0]) / 2;
                lo = Math.min(lo, in[0]);
                hi = Math.max(hi, in[1]);
            }
            XYSeries bars = chart.addSeries(Math.round(100 * level) + "% interval", bx, mid, half);
            bars.setMarker(SeriesMarkers.NONE);
            bars.setMarkerColor(new Color(0, 0, 0, 0));
            bars.setLineColor(new Color(120, 120, 120, 70));
            chart.getStyler().setErrorBarsColor(new Color(120, 120, 120, 90));
            chart.setTitle(chart.getTitle() + String.format(Locale.ROOT, ", %d%% intervals", Math.round(100 * level)));
        }
        XYSeries points = chart.addSeries("curves", x, y);
        points.setMarkerColor(new Color(31, 119, 180, 90));
        points.setMarker(SeriesMarkers.CIRCLE);
        XYSeries diagonal = chart.addSeries("y = x", new double[] {lo, hi}, new double[] {lo, hi});
        diagonal.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        diagonal.setMarker(SeriesMarkers.NONE);
        diagonal.setLineColor(Color.DARK_GRAY);
        return chart;
    }

    static CategoryChart histogram(double[][] truth, double[][] pred, int v) {
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
        CategoryChart chart = new CategoryChartBuilder().width(600).height(400)
                .title(NAMES[v] + ": residuals (predicted - true)").xAxisTitle("residual " + LABELS[v])
                .yAxisTitle("curves").build();
        chart.getStyler().setLegendVisible(false).setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setOverlapped(true).setXAxisDecimalPattern("0.###").setXAxisMaxLabelCount(9);
        chart.getStyler().setXAxisLabelRotation(0);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.addSeries("residuals", centres, counts).setFillColor(new Color(31, 119, 180));
        return chart;
    }

    static byte[] png(Chart<?, ?> chart) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        if (!ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", bytes)) {
            throw new IOException("no PNG writer available");
        }
        return bytes.toByteArray();
    }

    /** NMSE of each parameter and their mean against the noise level (σ per component; 0 drawn at 1e-4). */
    static XYChart noise(java.util.List<Double> levels, java.util.List<Scores> noisy) {
        XYChart chart = new XYChartBuilder().width(700).height(450).title("NMSE against noise (sigma per component)")
                .xAxisTitle("noise sigma (0 shown at 1e-4)").yAxisTitle("NMSE").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        double[] x = levels.stream().mapToDouble(v -> Math.max(v, 1e-4)).toArray();
        String[] names = {"alpha", "xi", "d", "mean"};
        for (int k = 0; k < 4; k++) {
            double[] y = new double[noisy.size()];
            for (int i = 0; i < y.length; i++) {
                Scores s = noisy.get(i);
                y[i] = k == 0 ? s.nmseAlpha() : k == 1 ? s.nmseXi() : k == 2 ? s.nmseD() : s.mean();
            }
            chart.addSeries(names[k], x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    /** Empirical coverage against nominal level, per parameter, with the diagonal of perfect calibration. */
    static XYChart calibration(UncertaintyCalibration.Assessment a) {
        XYChart chart = new XYChartBuilder().width(600).height(600).title("calibration of the central intervals")
                .xAxisTitle("nominal level").yAxisTitle("fraction of true values inside").build();
        chart.getStyler().setXAxisMin(0.4).setXAxisMax(1.0).setYAxisMin(0.4).setYAxisMax(1.0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        XYSeries diagonal = chart.addSeries("perfect", new double[] {0.4, 1.0}, new double[] {0.4, 1.0});
        diagonal.setMarker(SeriesMarkers.NONE);
        diagonal.setLineColor(Color.GRAY);
        Color[] colours = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44)};
        for (int v = 0; v < 3; v++) {
            double[] y = new double[a.levels().length];
            for (int l = 0; l < y.length; l++) {
                y[l] = a.coverage()[l][v];
            }
            XYSeries s = chart.addSeries(NAMES[v], a.levels(), y);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineColor(colours[v]);
            s.setMarkerColor(colours[v]);
        }
        return chart;
    }

    static String html(String title, Scores s) {
        return html(title, s, null);
    }

    static String html(String title, Scores s, UncertaintyCalibration.Assessment coverage) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append("</title>\n<style>body{font-family:sans-serif;margin:2em}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:4px 10px;text-align:right}"
                        + "img{max-width:100%;margin:4px}</style></head><body>\n");
        sb.append("<h1>").append(escape(title)).append("</h1>\n");
        sb.append(String.format(Locale.ROOT, "<p>%d curves. NMSE: true and predicted values standardised with "
                + "the mean and population standard deviation of the true values; Err: sum of squared "
                + "standardised errors.</p>%n", s.n()));
        sb.append("<table><tr><th>parameter</th><th>NMSE</th></tr>\n");
        sb.append(row("&alpha;", s.nmseAlpha())).append(row("&xi;", s.nmseXi())).append(row("d", s.nmseD()))
                .append(row("mean", s.mean()));
        sb.append(String.format(Locale.ROOT, "<tr><td>Err</td><td>%.2f</td></tr></table>%n", s.err()));
        if (coverage != null) {
            sb.append("<h2>Uncertainty</h2>\n<table><tr><th>interval</th><th>coverage &alpha;</th><th>&xi;</th>"
                    + "<th>d</th><th>mean width &alpha;</th><th>&xi;</th><th>d</th></tr>\n");
            for (int l = 0; l < coverage.levels().length; l++) {
                double[] c = coverage.coverage()[l];
                double[] w = coverage.meanWidth()[l];
                sb.append(String.format(Locale.ROOT, "<tr><td>%d%%</td><td>%.3f</td><td>%.3f</td><td>%.3f</td>"
                        + "<td>%.4g</td><td>%.4g</td><td>%.4g</td></tr>%n", Math.round(100 * coverage.levels()[l]),
                        c[0], c[1], c[2], w[0], w[1], w[2]));
            }
            sb.append("</table>\n<img src=\"calibration.png\" alt=\"calibration plot\">\n");
        }
        for (String name : NAMES) {
            sb.append("<h2>").append(name).append("</h2>\n<img src=\"scatter_").append(name)
                    .append(".png\" alt=\"").append(name).append(": predicted against true\">")
                    .append("<img src=\"residuals_").append(name).append(".png\" alt=\"").append(name)
                    .append(": residual histogram\">\n");
        }
        sb.append("</body></html>\n");
        return sb.toString();
    }

    private static String row(String name, double value) {
        return String.format(Locale.ROOT, "<tr><td>%s</td><td>%.4f</td></tr>%n", name, value);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
