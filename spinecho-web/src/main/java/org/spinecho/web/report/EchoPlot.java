package org.spinecho.web.report;

import java.io.IOException;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import java.util.Locale;
import org.spinecho.sim.CouplingKernel;
import org.spinecho.sim.EchoCurve;
import org.spinecho.sim.EchoSequence;
import org.spinecho.sim.SimulationParameters;
import org.spinecho.sim.SpectrumLayout;

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
        Charts.timeAxis(chart, t);
        chart.getStyler().setYAxisMin(lo - 0.05 * span)
                .setYAxisMax(hi + 0.12 * span);
        Charts.addCurve(chart, t, curve, "", false);
        Charts.markPulseAndEcho(chart, sequence, hi + 0.06 * span);
        return chart;
    }

    /** The PNG bytes of the chart of {@code curve}. */
    public static byte[] png(EchoCurve curve, EchoSequence sequence, String title) throws IOException {
        return Charts.png(chart(curve, sequence, title));
    }

    /** The plot's title: the parameters that shape the curve. */
    public static String title(SimulationParameters p) {
        CouplingKernel k = p.kernel();
        StringBuilder sb = new StringBuilder();
        sb.append(k.name());
        sb.append(String.format(Locale.ROOT, "  \u03b1=%s", num(p.alpha())));
        if (!Double.isNaN(k.xi())) {
            sb.append(String.format(Locale.ROOT, "  \u03be=%s", num(k.xi())));
        }
        if (k instanceof CouplingKernel.PowerLaw pl) {
            sb.append(String.format(Locale.ROOT, "  p=%s", num(pl.power())));
        }
        sb.append(String.format(Locale.ROOT, "  d=%s", num(p.d())));
        if (p.alphaZRatio() != 1) {
            sb.append(String.format(Locale.ROOT, "  \u03b1z/\u03b1=%s", num(p.alphaZRatio())));
        }
        sb.append("  ").append(p.lattice()).append(' ').append(p.layout().id());
        if (p.layout() == SpectrumLayout.RANDOM) {
            sb.append(" seed ").append(p.layoutSeed());
        }
        sb.append(String.format(Locale.ROOT, "  n\u03c4=%d dt=%s u", p.sequence().ntau(), num(p.sequence().dt())));
        return sb.toString();
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("\\.?0+(e|$)", "$1");
    }
}
