package org.spinecho.app;

import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spinecho.data.OutputGuard;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.spinecho.data.GenerationSpec;
import org.spinecho.data.Preset;
import org.spinecho.ml.Scores;
import org.spinecho.ml.Estimator;
import org.spinecho.ml.UncertaintyCalibration;
import org.spinecho.sim.CouplingKernel;
import org.spinecho.sim.EchoCurve;
import org.spinecho.sim.Lattice;
import org.spinecho.sim.MeanFieldIntegrator;
import org.spinecho.sim.SimulationParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spinecho demo}: simulates a fresh evaluation set per kernel (fixed seed), predicts it
 * with the shipped models, prints the score table and writes an HTML report with example curves
 * (the curve and the curve re-simulated from the predicted parameters) and true-against-predicted
 * plots.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Simulate fresh curves, infer alpha, xi, d with the shipped models, write a report.",
        description = {"Simulates a fresh evaluation set per kernel (a fixed seed that no model was trained on), "
                + "predicts it with the shipped models, prints the scores and writes DIR/index.html with example "
                + "curves, the curves re-simulated from the predictions, and true-against-predicted plots."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--count", defaultValue = "200", paramLabel = "N",
            description = "Curves per kernel. Default: ${DEFAULT-VALUE}.")
    int count;

    @Option(names = "--seed", defaultValue = "20261128", paramLabel = "S",
            description = "Seed of the demo's evaluation sets. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--models", paramLabel = "DIR",
            description = "Folder holding the models gauss/ and rkky/. Default: the checkout's models/.")
    Path models;

    @Option(names = "--out", defaultValue = "demo-report", paramLabel = "DIR",
            description = "Report folder: a new one, or a previous report (replaced); any other folder is refused. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--threads", paramLabel = "T", description = "Simulation threads. Default: all processors.")
    Integer threads;

    @Option(names = "--lattice", defaultValue = "50x50", paramLabel = "L1xL2", hidden = true)
    String lattice;

    @Option(names = "--ntau", defaultValue = "157", paramLabel = "N", hidden = true)
    int ntau;

    /** The evaluation of one kernel's model on the demo set. */
    record KernelResult(String kernel, String architecture, Scores scores, double[][] truth, double[][] pred,
                        List<GenerationSpec.Curve> curves, List<EchoCurve> resimulated, int[] examples,
                        UncertaintyCalibration calibration, UncertaintyCalibration.Assessment coverage) {
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        Path modelRoot = models != null ? models : ModelLoading.defaultModels();
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        try {
            if (count < 10) {
                throw new UsageError("--count must be >= 10, got " + count);
            }
            if (workers < 1) {
                throw new UsageError("--threads must be >= 1, got " + workers);
            }
            Lattice l = Lattice.parse(lattice);
            OutputGuard.checkReportDirectory("--out", out, protectedPaths(modelRoot));
            List<Estimator> loaded = new ArrayList<>();
            List<String> kernels = List.of("gauss", "rkky");
            try {
                for (String k : kernels) {
                    loaded.add(ModelLoading.load(modelRoot.resolve(k), k, err));
                }
            } catch (RuntimeException e) {
                loaded.forEach(Estimator::close);
                throw e;
            }
            err.printf(Locale.ROOT, "demo: %d fresh curves per kernel (seeds %d: gauss, +1: rkky; %s lattice), models from %s%n",
                    count, seed, l, modelRoot);
            err.flush();
            List<KernelResult> results = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            try (CurveProgress progress = CurveProgress.create("demo")) {
                int examples = 3;
                int total = kernels.size() * (count + examples);
                progress.started(total, 0);
                AtomicInteger done = new AtomicInteger();
                for (int k = 0; k < kernels.size(); k++) {
                    results.add(evaluate(kernels.get(k), seed + k, loaded.get(k), l, pool, progress, done, total, examples));
                }
            } finally {
                pool.shutdownNow();
                for (Estimator m : loaded) {
                    m.close();
                }
            }
            StringBuilder table = new StringBuilder();
            table.append(String.format(Locale.ROOT, "%-7s %-9s %8s %8s %8s %8s%n", "kernel", "model", "alpha", "xi", "d", "mean"));
            for (KernelResult r : results) {
                Scores s = r.scores();
                table.append(String.format(Locale.ROOT, "%-7s %-9s %8.4f %8.4f %8.4f %8.4f%n", r.kernel(),
                        r.architecture(), s.nmseAlpha(), s.nmseXi(), s.nmseD(), s.mean()));
            }
            stdout.println("NMSE on " + count + " fresh curves per kernel (the challenge's metric; 1 = predicting the mean):");
            stdout.print(table);
            for (KernelResult r : results) {
                if (r.coverage() != null) {
                    stdout.println(r.kernel() + ": coverage of the central intervals");
                    stdout.print(EvaluateCommand.coverageTable(r.coverage()));
                }
            }
            stdout.flush();
            OutputGuard.writeReportDirectory("--out", out, protectedPaths(modelRoot), tmp -> fillReport(tmp, results));
            err.println("demo: done; the report is " + out.toAbsolutePath().normalize().resolve("index.html"));
            err.flush();
            return 0;
        } catch (UsageError | IllegalArgumentException e) {
            return Cli.fail(err, "demo", 2, e.getMessage());
        } catch (IOException | ExecutionException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return Cli.fail(err, "demo", 1, cause.getMessage() != null ? cause.getMessage() : cause.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Cli.fail(err, "demo", 1, "interrupted");
        }
    }

    private KernelResult evaluate(String kernel, long setSeed, Estimator model, Lattice l, ExecutorService pool,
                                  CurveProgress progress, AtomicInteger done, int total, int examples)
            throws InterruptedException, ExecutionException {
        GenerationSpec gs = GenerationSpec.of(Preset.of(kernel), "eval", count, setSeed)
                .withLattice(l).withNtau(ntau);
        List<Future<GenerationSpec.Curve>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            futures.add(pool.submit(() -> {
                GenerationSpec.Curve c = gs.curve(n);
                progress.progressed(done.incrementAndGet(), total);
                return c;
            }));
        }
        List<GenerationSpec.Curve> curves = new ArrayList<>();
        for (Future<GenerationSpec.Curve> f : futures) {
            curves.add(f.get());
        }
        double[][] re = new double[count][];
        double[][] im = new double[count][];
        double[][] truth = new double[count][];
        for (int i = 0; i < count; i++) {
            re[i] = curves.get(i).re();
            im[i] = curves.get(i).im();
            truth[i] = curves.get(i).params();
        }
        ModelLoading.checkLength(model, re[0].length, Path.of(kernel + " demo curves"));
        double[][] pred = model.predict(re, im);
        Scores scores = Scores.compute(truth, pred);
        // examples: weak, medium and strong coupling (by true α)
        int[] chosen = pickExamples(truth, examples);
        List<Future<EchoCurve>> again = new ArrayList<>();
        for (int e : chosen) {
            SimulationParameters p = gs.parameters(gs.draw(e));
            double[] q = pred[e];
            SimulationParameters fromPrediction = p.withKernel(CouplingKernel.of(kernel, Math.max(q[1], 0.5), 1))
                    .withAlpha(Math.max(q[0], 0)).withD(q[2]);
            again.add(pool.submit(() -> {
                EchoCurve c = new MeanFieldIntegrator(fromPrediction).run();
                progress.progressed(done.incrementAndGet(), total);
                return c;
            }));
        }
        List<EchoCurve> resimulated = new ArrayList<>();
        for (Future<EchoCurve> f : again) {
            resimulated.add(f.get());
        }
        UncertaintyCalibration cal = model.calibration();
        UncertaintyCalibration.Assessment coverage = cal == null ? null
                : cal.assess(pred, truth, EvaluateCommand.LEVELS);
        return new KernelResult(kernel, model.description(), scores, truth, pred, curves, resimulated,
                chosen, cal, coverage);
    }

    /** Indices of the curves whose true α is nearest the 15th, 50th and 85th percentile of the prior's range. */
    static int[] pickExamples(double[][] truth, int k) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] t : truth) {
            lo = Math.min(lo, t[0]);
            hi = Math.max(hi, t[0]);
        }
        int[] chosen = new int[k];
        for (int j = 0; j < k; j++) {
            double target = lo + (hi - lo) * (0.15 + 0.7 * j / Math.max(1, k - 1));
            int best = 0;
            for (int i = 1; i < truth.length; i++) {
                if (Math.abs(truth[i][0] - target) < Math.abs(truth[best][0] - target)) {
                    best = i;
                }
            }
            chosen[j] = best;
        }
        return chosen;
    }

    /** The models, which the report must never replace. */
    private static List<OutputGuard.Named> protectedPaths(Path modelRoot) {
        return List.of(new OutputGuard.Named("--models", modelRoot));
    }

    private void fillReport(Path tmp, List<KernelResult> results) throws IOException {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>spinecho demo</title>\n"
                + "<style>body{font-family:sans-serif;margin:2em;max-width:1300px}table{border-collapse:collapse}"
                + "td,th{border:1px solid #bbb;padding:4px 10px;text-align:right}img{max-width:32%;margin:4px}"
                + "</style></head><body>\n<h1>spinecho demo</h1>\n");
        html.append(String.format(Locale.ROOT, "<p>%d fresh curves per kernel (seed %d for gauss, +1 for rkky: sets no model was trained "
                + "on), simulated on a %s lattice, predicted by the shipped models. NMSE: true and predicted values "
                + "standardised with the mean and population standard deviation of the true values (1 = predicting "
                + "the mean).</p>%n", count, seed, lattice));
        html.append("<table><tr><th>kernel</th><th>model</th><th>&alpha;</th><th>&xi;</th><th>d</th><th>mean</th></tr>\n");
        for (KernelResult r : results) {
            Scores s = r.scores();
            html.append(String.format(Locale.ROOT,
                    "<tr><td>%s</td><td>%s</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%.4f</td></tr>%n",
                    r.kernel(), r.architecture(), s.nmseAlpha(), s.nmseXi(), s.nmseD(), s.mean()));
        }
        html.append("</table>\n");
        for (KernelResult r : results) {
            html.append("<h2>").append(r.kernel()).append(": example curves</h2>\n<p>Solid: the simulated curve; "
                    + "dashed: the curve re-simulated (same layout) from the predicted &alpha;, &xi;, d.</p>\n");
            for (int j = 0; j < r.examples().length; j++) {
                int e = r.examples()[j];
                String name = r.kernel() + "_example_" + (j + 1) + ".png";
                Files.write(tmp.resolve(name), EvaluationReport.png(exampleChart(r, j)));
                html.append("<img src=\"").append(name).append("\" alt=\"example curve ").append(e).append("\">");
            }
            html.append("\n<h2>").append(r.kernel()).append(": predicted against true</h2>\n");
            double[] nmse = {r.scores().nmseAlpha(), r.scores().nmseXi(), r.scores().nmseD()};
            for (int v = 0; v < 3; v++) {
                String name = r.kernel() + "_scatter_" + EvaluationReport.NAMES[v] + ".png";
                Files.write(tmp.resolve(name), EvaluationReport.png(
                        EvaluationReport.scatter(r.truth(), r.pred(), v, nmse[v], r.calibration(), 0.9)));
                html.append("<img src=\"").append(name).append("\" alt=\"").append(r.kernel()).append(' ')
                        .append(EvaluationReport.NAMES[v]).append(": predicted against true\">");
            }
            html.append('\n');
            if (r.coverage() != null) {
                String name = r.kernel() + "_calibration.png";
                Files.write(tmp.resolve(name), EvaluationReport.png(EvaluationReport.calibration(r.coverage())));
                html.append("<h2>").append(r.kernel()).append(": calibration of the intervals</h2>\n<img src=\"")
                        .append(name).append("\" alt=\"").append(r.kernel()).append(" calibration plot\">\n<pre>")
                        .append(EvaluateCommand.coverageTable(r.coverage())).append("</pre>\n");
            } else {
                html.append("<p>(").append(r.kernel()).append(": the model has no uncertainty calibration.)</p>\n");
            }
        }
        html.append("</body></html>\n");
        Files.writeString(tmp.resolve("index.html"), html, StandardCharsets.UTF_8);
    }

    private static XYChart exampleChart(KernelResult r, int j) {
        int e = r.examples()[j];
        GenerationSpec.Curve c = r.curves().get(e);
        EchoCurve again = r.resimulated().get(j);
        double[] t = c.params();
        double[] p = r.pred()[e];
        int n = c.re().length;
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = i + 1;
        }
        XYChart chart = new XYChartBuilder().width(560).height(400)
                .title(String.format(Locale.ROOT, "%s: true a=%.2f xi=%.1f d=%.2f / predicted a=%.2f xi=%.1f d=%.2f",
                        r.kernel(), t[0], t[1], t[2], p[0], p[1], p[2]))
                .xAxisTitle("sample s").yAxisTitle("M").build();
        chart.getStyler().setMarkerSize(0).setChartBackgroundColor(Color.WHITE)
                .setChartTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 11));
        line(chart, "Re M", s, c.re(), new Color(31, 119, 180), false);
        line(chart, "Im M", s, c.im(), new Color(214, 39, 40), false);
        line(chart, "Re M (predicted)", s, again.re(), new Color(31, 119, 180), true);
        line(chart, "Im M (predicted)", s, again.im(), new Color(214, 39, 40), true);
        return chart;
    }

    private static void line(XYChart chart, String name, double[] x, double[] y, Color color, boolean dashed) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setLineWidth(1.4f);
        if (dashed) {
            series.setLineStyle(new java.awt.BasicStroke(1.4f, java.awt.BasicStroke.CAP_BUTT,
                    java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
        }
    }
}
