package org.spinecho.web.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.spinecho.data.GenerationSpec;
import org.spinecho.data.Kernel;
import org.spinecho.ml.UncertaintyCalibration;
import org.spinecho.ml.study.FreshSetEvaluation;
import org.spinecho.sim.EchoCurve;
import org.spinecho.sim.EchoSequence;

/**
 * The report of {@code spinecho demo}: the scores per kernel, example curves beside the curves
 * re-simulated from the estimates, true-against-predicted plots and the calibration of the intervals.
 */
public final class DemoReport {
    private DemoReport() {
    }

    /** The evaluation of one kernel's model on the demo set. */
    public record KernelResult(Kernel kernel, String architecture, FreshSetEvaluation result, UncertaintyCalibration calibration,
                        UncertaintyCalibration.Assessment coverage) {
    }

    /** Writes index.html and its PNGs into {@code tmp}; {@code setting} says what the curves are (HTML). */
    public static void fill(Path tmp, List<KernelResult> results, String setting) throws IOException {
        StringBuilder html = new StringBuilder(Html.head("spinecho demo"));
        html.append("<p>").append(setting).append(" NMSE: true and predicted values standardised with the mean and "
                + "population standard deviation of the true values (1 = predicting the mean). Click a plot for its "
                + "full size.</p>\n");
        List<List<String>> rows = new ArrayList<>();
        for (KernelResult r : results) {
            List<String> row = new ArrayList<>(List.of(r.kernel().id(), r.architecture()));
            row.addAll(Html.nmse(r.result().scores()));
            rows.add(row);
        }
        html.append(Html.table(List.of("kernel", "model", "NMSE &alpha;", "NMSE &xi;", "NMSE d", "mean"), rows));
        for (KernelResult r : results) {
            FreshSetEvaluation e = r.result();
            html.append("<h2>").append(r.kernel()).append(": example curves</h2>\n<p>Solid, dark: the simulated curve "
                    + "(|M| black, Re M blue, Im M red); dashed, light: the curve re-simulated (same layout) from the "
                    + "predicted &alpha;, &xi;, d (|M| grey, Re M cyan, Im M orange). M in units of the initial "
                    + "magnetisation M<sub>0</sub> = &frac12;, t in &micro;s; dotted lines: the &pi; pulse and the "
                    + "echo.</p>\n");
            for (int j = 0; j < e.examples().length; j++) {
                String name = r.kernel() + "_example_" + (j + 1) + ".png";
                Files.write(tmp.resolve(name), Charts.png(exampleChart(r, j)));
                html.append(Charts.image(name, "example curve " + e.examples()[j], 680));
            }
            html.append("\n<h2>").append(r.kernel()).append(": predicted against true</h2>\n");
            double[] nmse = {e.scores().nmseAlpha(), e.scores().nmseXi(), e.scores().nmseD()};
            for (int v = 0; v < 3; v++) {
                String name = r.kernel() + "_scatter_" + EvaluationReport.NAMES[v] + ".png";
                Files.write(tmp.resolve(name), Charts.png(EvaluationReport.scatter(e.truth(), e.pred(), v, nmse[v],
                        r.calibration(), new double[e.pred().length], 0.9))); // the demo's curves are noiseless
                html.append(Charts.image(name, r.kernel() + " " + EvaluationReport.NAMES[v] + ": predicted against true",
                        EvaluationReport.SHOWN));
            }
            html.append('\n');
            if (r.coverage() != null) {
                String name = r.kernel() + "_calibration.png";
                Files.write(tmp.resolve(name), Charts.png(EvaluationReport.calibration(r.coverage())));
                html.append("<h2>").append(r.kernel()).append(": calibration of the intervals</h2>\n")
                        .append(Html.coverage(r.coverage()))
                        .append(Charts.image(name, r.kernel() + " calibration plot", EvaluationReport.SHOWN)).append('\n');
            } else {
                html.append("<p>(").append(r.kernel()).append(": the model has no uncertainty calibration.)</p>\n");
            }
        }
        html.append("</body></html>\n");
        Files.writeString(tmp.resolve("index.html"), html, StandardCharsets.UTF_8);
    }

    /** The example curve j and the curve re-simulated from its estimate, over t in µs, pulse and echo marked. */
    private static XYChart exampleChart(KernelResult r, int j) {
        FreshSetEvaluation e = r.result();
        int i = e.examples()[j];
        GenerationSpec.Curve c = e.curves().get(i);
        double[] t = c.params();
        double[] p = e.pred()[i];
        EchoSequence sequence = e.spec().sequence();
        double[] time = Charts.timesUs(c.re().length, sequence);
        XYChart chart = Charts.xy(1100, 560, String.format(Locale.ROOT, "%s: true \u03b1=%.2f \u03be=%.1f d=%.2f  /  "
                + "predicted \u03b1=%.2f \u03be=%.1f d=%.2f", r.kernel(), t[0], t[1], t[2], p[0], p[1], p[2]),
                Charts.T_AXIS, Charts.M_AXIS);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        Charts.timeAxis(chart, time);
        EchoCurve truth = new EchoCurve(c.re(), c.im(), sequence.dt());
        Charts.addCurve(chart, time, truth, "", false);
        Charts.addCurve(chart, time, e.resimulated().get(j), " (predicted)", true);
        double top = 0;
        for (int k = 0; k < truth.size(); k++) {
            top = Math.max(top, 2 * Math.max(truth.abs(k), e.resimulated().get(j).abs(k)));
        }
        chart.getStyler().setYAxisMax(top * 1.15);
        Charts.markPulseAndEcho(chart, sequence, top * 1.08);
        return chart;
    }
}
