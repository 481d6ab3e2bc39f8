package org.spinecho.app;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.spinecho.sim.EchoCurve;

/**
 * Draws a curve as a PNG: |M|, Re M and Im M against the sample index s = 1 … 3·nτ, with vertical
 * lines at the π pulse (s = nτ) and at the echo of a non-interacting ensemble (s = 2·nτ).
 */
public final class EchoPlot {
    static {
        Headless.ensure();
    }

    private EchoPlot() {
    }

    /** The chart of {@code curve}; {@code ntau} places the markers. */
    public static XYChart chart(EchoCurve curve, int ntau, String title) {
        int n = curve.size();
        double[] s = new double[n];
        double[] abs = new double[n];
        double[] re = new double[n];
        double[] im = new double[n];
        double lo = 0;
        double hi = 0;
        for (int i = 0; i < n; i++) {
            s[i] = i + 1;
            abs[i] = curve.abs(i);
            re[i] = curve.re(i);
            im[i] = curve.im(i);
            lo = Math.min(lo, Math.min(re[i], im[i]));
            hi = Math.max(hi, abs[i]);
        }
        if (!(hi > lo)) { // flat curve: give the axis some height
            hi = lo + 1;
        }
        double span = hi - lo;
        XYChart chart = new XYChartBuilder().width(1000).height(600).title(title)
                .xAxisTitle("sample s (time s*dt)").yAxisTitle("M = \u03a3 P_k (m_x + i m_y)").build();
        Styler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.InsideSE);
        styler.setMarkerSize(0);
        styler.setAntiAlias(true);
        styler.setAnnotationLineColor(Color.GRAY);
        styler.setAnnotationLineStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                10f, new float[] {6f, 4f}, 0f));
        styler.setAnnotationTextFontColor(Color.DARK_GRAY);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax((double) n).setYAxisMin(lo - 0.05 * span)
                .setYAxisMax(hi + 0.12 * span);
        addLine(chart, "|M|", s, abs, new Color(0, 0, 0));
        addLine(chart, "Re M", s, re, new Color(31, 119, 180));
        addLine(chart, "Im M", s, im, new Color(214, 39, 40));
        double textY = hi + 0.06 * span;
        double textShift = 0.07 * n; // the labels sit left of their lines (AnnotationText is centred)
        if (ntau >= 1 && ntau <= n) {
            chart.addAnnotation(new AnnotationLine(ntau, true, false));
            chart.addAnnotation(new AnnotationText("\u03c0 pulse (s=" + ntau + ")", ntau - textShift, textY, false));
        }
        if (2 * ntau >= 1 && 2 * ntau <= n) {
            chart.addAnnotation(new AnnotationLine(2 * ntau, true, false));
            chart.addAnnotation(new AnnotationText("echo (s=" + 2 * ntau + ")", 2 * ntau - textShift, textY, false));
        }
        return chart;
    }

    private static void addLine(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setLineWidth(1.5f);
    }

    /** The PNG bytes of the chart of {@code curve}. */
    public static byte[] png(EchoCurve curve, int ntau, String title) throws IOException {
        return EvaluationReport.png(chart(curve, ntau, title));
    }
}
