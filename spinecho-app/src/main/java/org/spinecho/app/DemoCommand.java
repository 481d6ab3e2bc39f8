package org.spinecho.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.spinecho.data.GenerationSpec;
import org.spinecho.data.Kernel;
import org.spinecho.data.OutputGuard;
import org.spinecho.ml.Scores;
import org.spinecho.ml.TrainedModel;
import org.spinecho.ml.UncertaintyCalibration;
import org.spinecho.ml.study.FreshSetEvaluation;
import org.spinecho.sim.EchoCurve;
import org.spinecho.sim.EchoSequence;
import org.spinecho.sim.Lattice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    Options.Threads threads;

    @Option(names = "--lattice", defaultValue = "50x50", paramLabel = "L1xL2", hidden = true,
            converter = Options.LatticeConverter.class)
    Lattice lattice;

    @Option(names = "--ntau", defaultValue = "157", paramLabel = "N", hidden = true)
    int ntau;

    /** The evaluation of one kernel's model on the demo set. */
    record KernelResult(Kernel kernel, String architecture, FreshSetEvaluation result, UncertaintyCalibration calibration,
                        UncertaintyCalibration.Assessment coverage) {
    }

    @Override
    public Integer call() throws IOException, InterruptedException, ExecutionException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        Path modelRoot = models != null ? models : ModelLoading.defaultModels();
        if (count < 10) {
            throw new UsageError("--count must be >= 10, got " + count);
        }
        int workers = threads.count();
        OutputGuard.checkReportDirectory("--out", out, protectedPaths(modelRoot));
        List<Kernel> kernels = Kernel.presets();
        List<TrainedModel> loaded = new ArrayList<>();
        List<KernelResult> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try (CurveProgress progress = CurveProgress.create("demo")) {
            for (Kernel k : kernels) {
                loaded.add(ModelLoading.load(modelRoot.resolve(k.id()), k.id(), err));
            }
            err.printf(Locale.ROOT, "demo: %d fresh curves per kernel (seeds %d: gauss, +1: rkky; %s lattice), models "
                    + "from %s%n", count, seed, lattice, modelRoot);
            err.flush();
            int examples = 3;
            int total = kernels.size() * (count + examples);
            progress.started(total, 0);
            AtomicInteger done = new AtomicInteger();
            for (int k = 0; k < kernels.size(); k++) {
                TrainedModel m = loaded.get(k);
                GenerationSpec gs = GenerationSpec.of(kernels.get(k).preset(), "eval", count, seed + k)
                        .withLattice(lattice).withNtau(ntau);
                ModelLoading.checkLength(m, gs.sequence().samples(), Path.of(kernels.get(k) + " demo curves"));
                FreshSetEvaluation r = FreshSetEvaluation.run(gs, m::predict, examples, pool,
                        () -> progress.progressed(done.incrementAndGet(), total));
                UncertaintyCalibration cal = m.calibration();
                results.add(new KernelResult(kernels.get(k), m.description(), r, cal,
                        cal == null ? null : cal.assess(r.pred(), r.truth(), EvaluationReport.LEVELS)));
            }
        } finally {
            pool.shutdownNow();
            loaded.forEach(TrainedModel::close);
        }
        stdout.println("NMSE on " + count + " fresh curves per kernel (the challenge's metric; 1 = predicting the mean):");
        stdout.printf(Locale.ROOT, "%-7s %-9s %8s %8s %8s %8s%n", "kernel", "model", "alpha", "xi", "d", "mean");
        for (KernelResult r : results) {
            Scores s = r.result().scores();
            stdout.printf(Locale.ROOT, "%-7s %-9s %8.4f %8.4f %8.4f %8.4f%n", r.kernel(), r.architecture(),
                    s.nmseAlpha(), s.nmseXi(), s.nmseD(), s.mean());
        }
        for (KernelResult r : results) {
            if (r.coverage() != null) {
                stdout.println(r.kernel() + ": coverage of the central intervals");
                stdout.print(EvaluationReport.coverageText(r.coverage()));
            }
        }
        stdout.flush();
        OutputGuard.writeReportDirectory("--out", out, protectedPaths(modelRoot), tmp -> fillReport(tmp, results));
        err.println("demo: done; the report is " + out.toAbsolutePath().normalize().resolve("index.html"));
        err.flush();
        return 0;
    }

    /** The models, which the report must never replace. */
    private static List<OutputGuard.Named> protectedPaths(Path modelRoot) {
        return List.of(new OutputGuard.Named("--models", modelRoot));
    }

    private void fillReport(Path tmp, List<KernelResult> results) throws IOException {
        StringBuilder html = new StringBuilder(Html.head("spinecho demo"));
        html.append(String.format(Locale.ROOT, "<p>%d fresh curves per kernel (seed %d for gauss, +1 for rkky: sets "
                + "no model was trained on), simulated on a %s lattice, predicted by the shipped models. NMSE: true and "
                + "predicted values standardised with the mean and population standard deviation of the true values "
                + "(1 = predicting the mean). Click a plot for its full size.</p>%n", count, seed, lattice));
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
                html.append(Charts.image(name, "example curve " + e.examples()[j], EvaluationReport.SHOWN));
            }
            html.append("\n<h2>").append(r.kernel()).append(": predicted against true</h2>\n");
            double[] nmse = {e.scores().nmseAlpha(), e.scores().nmseXi(), e.scores().nmseD()};
            for (int v = 0; v < 3; v++) {
                String name = r.kernel() + "_scatter_" + EvaluationReport.NAMES[v] + ".png";
                Files.write(tmp.resolve(name), Charts.png(EvaluationReport.scatter(e.truth(), e.pred(), v, nmse[v],
                        r.calibration(), 0.9)));
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
        XYChart chart = Charts.xy(900, 560, String.format(Locale.ROOT, "%s: true \u03b1=%.2f \u03be=%.1f d=%.2f  /  "
                + "predicted \u03b1=%.2f \u03be=%.1f d=%.2f", r.kernel(), t[0], t[1], t[2], p[0], p[1], p[2]),
                Charts.T_AXIS, Charts.M_AXIS);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
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
