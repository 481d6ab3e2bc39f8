package org.spinecho.web.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.spinecho.sim.EchoCurve;
import org.spinecho.sim.EchoSequence;

/**
 * The look shared by every plot (XChart, drawn to PNG): readable fonts, white background, the time
 * axis in µs and M in units of the initial magnetisation M₀ = ½ (one fully polarised spin packet),
 * true curves solid and estimates dashed in other colours.
 */
public final class Charts {
    /** Colours of |M|, Re M, Im M of a true curve. */
    public static final Color ABS = new Color(20, 20, 20);
    public static final Color RE = new Color(31, 119, 180);
    public static final Color IM = new Color(214, 39, 40);
    /** Colours of |M|, Re M, Im M of an estimate's curve. */
    public static final Color ABS_EST = new Color(127, 127, 127);
    public static final Color RE_EST = new Color(23, 190, 207);
    public static final Color IM_EST = new Color(255, 127, 14);
    /** Label of the M axis. */
    public static final String M_AXIS = "M / M\u2080  (M\u2080 = \u00bd, the initial magnetisation)";
    /** Label of the time axis. */
    public static final String T_AXIS = "t (\u00b5s)";
    /** One u in µs: 1 u = 1/(2π·1 MHz). */
    public static final double US_PER_UNIT = 1 / (2 * Math.PI);

    static {
        if (System.getProperty("java.awt.headless") == null) { // AWT draws the PNGs without a display
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Charts() {
    }

    /** A chart with the common style: white, larger fonts, legend inside. */
    public static XYChart xy(int width, int height, String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setMarkerSize(0);
        if (T_AXIS.equals(xTitle)) {
            chart.getStyler().setXAxisDecimalPattern("0").setXAxisTickMarkSpacingHint(90); // whole µs
        }
        return chart;
    }

    /** White background, 14-16 pt fonts, anti-aliased. */
    public static void style(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE).setAntiAlias(true)
                .setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16))
                .setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        if (styler instanceof org.knowm.xchart.style.AxesChartStyler a) {
            a.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15))
                    .setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        }
    }

    /** The sample times t_s = s·dt in µs, s = 1 … n. */
    public static double[] timesUs(int n, EchoSequence sequence) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = (i + 1) * sequence.dt() * US_PER_UNIT;
        }
        return t;
    }

    /** The time axis from 0 to the next multiple of 10 µs after {@code t}'s last sample. */
    public static void timeAxis(XYChart chart, double[] t) {
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(Math.ceil(t[t.length - 1] / 10) * 10);
    }

    /**
     * Adds |M|, Re M and Im M of {@code curve} over {@code t}, in units of M₀; {@code estimate}
     * draws them dashed in the estimate's colours.
     */
    public static void addCurve(XYChart chart, double[] t, EchoCurve curve, String suffix, boolean estimate) {
        int n = curve.size();
        double[] abs = new double[n];
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            abs[i] = 2 * curve.abs(i);
            re[i] = 2 * curve.re(i);
            im[i] = 2 * curve.im(i);
        }
        line(chart, "|M|" + suffix, t, abs, estimate ? ABS_EST : ABS, estimate);
        line(chart, "Re M" + suffix, t, re, estimate ? RE_EST : RE, estimate);
        line(chart, "Im M" + suffix, t, im, estimate ? IM_EST : IM, estimate);
    }

    public static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color, boolean dashed) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setLineWidth(dashed ? 2f : 1.6f);
        if (dashed) {
            series.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {7f, 5f}, 0f));
        }
        return series;
    }

    /** Vertical dotted lines at the π pulse (t = τ) and at the echo (t = 2τ) with their times, at height {@code y}. */
    public static void markPulseAndEcho(XYChart chart, EchoSequence sequence, double y) {
        chart.getStyler().setAnnotationLineColor(Color.GRAY).setAnnotationLineStroke(new BasicStroke(1.2f,
                BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {3f, 4f}, 0f))
                .setAnnotationTextFontColor(Color.DARK_GRAY)
                .setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        double tau = sequence.ntau() * sequence.dt() * US_PER_UNIT;
        chart.addAnnotation(new AnnotationLine(tau, true, false));
        chart.addAnnotation(new AnnotationText(String.format(Locale.ROOT, "\u03c0 pulse, t = %.1f \u00b5s", tau),
                tau, y, false));
        chart.addAnnotation(new AnnotationLine(2 * tau, true, false));
        chart.addAnnotation(new AnnotationText(String.format(Locale.ROOT, "echo, t = %.1f \u00b5s", 2 * tau),
                2 * tau, y, false));
    }

    /** The PNG bytes of a chart. */
    public static byte[] png(Chart<?, ?> chart) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        if (!ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", bytes)) {
            throw new IOException("no PNG writer available");
        }
        return bytes.toByteArray();
    }

    /** An image shown at {@code widthPx} on the page that opens the full-size PNG when clicked. */
    public static String image(String file, String alt, int widthPx) {
        String a = Html.escape(alt);
        return "<a href=\"" + file + "\"><img src=\"" + file + "\" alt=\"" + a + "\" title=\"" + a
                + " (click for full size)\" style=\"width:" + widthPx + "px\"></a>";
    }
}
