package org.spinecho.web.report;

import java.io.IOException;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.spinecho.sim.EchoCurve;
import org.spinecho.sim.EchoSequence;

/**
 * Draws a curve as a PNG: |M|, Re M and Im M in units of the initial magnetisation against the time
 * t in µs, with the π pulse (t = τ) and the echo of a non-interacting ensemble (t = 2τ) marked.
 */
public final class EchoPlot {
    private EchoPlot() {
    }

    /** The chart of {@code curve} sampled by {@code sequence}. */
    public static XYChart chart(EchoCurve curve, EchoSequence sequence, String title) {
        double lo = 0;
        double hi = 0;
        for (int i = 0; i < curve.size(); i++) {
            lo = Math.min(lo, 2 * Math.min(curve.re(i), curve.im(i)));
            hi = Math.max(hi, 2 * curve.abs(i));
        }
        if (!(hi > lo)) { // flat curve: give the axis some height
            hi = lo + 1;
        }
        double span = hi - lo;
        double[] t = Charts.timesUs(curve.size(), sequence);
        XYChart chart = Charts.xy(1000, 600, title, Charts.T_AXIS, Charts.M_AXIS);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(t[t.length - 1]).setYAxisMin(lo - 0.05 * span)
                .setYAxisMax(hi + 0.12 * span);
        Charts.addCurve(chart, t, curve, "", false);
        Charts.markPulseAndEcho(chart, sequence, hi + 0.06 * span);
        return chart;
    }

    /** The PNG bytes of the chart of {@code curve}. */
    public static byte[] png(EchoCurve curve, EchoSequence sequence, String title) throws IOException {
        return Charts.png(chart(curve, sequence, title));
    }
}
