package org.spinecho.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spinecho.data.AtomicFiles;
import org.spinecho.data.DelimitedText;
import org.spinecho.data.EchoDataset;
import org.spinecho.data.OutputGuard;
import org.spinecho.ml.Scores;
import org.spinecho.ml.Estimator;
import org.spinecho.ml.ModelDirectory;
import org.spinecho.ml.UncertaintyCalibration;
import org.spinecho.data.Kernel;
import org.spinecho.ml.bound.BoundFiles;
import org.spinecho.ml.study.ErrorBreakdown;
import org.spinecho.ml.study.NoisyCalibration;
import org.spinecho.ml.study.RegionScores;
import org.spinecho.web.report.EvaluationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spinecho evaluate}: scores a model on a labelled data set with the challenge's metric
 * (NMSE per parameter after standardising with the true values' mean and population standard
 * deviation; their mean; Err = sum of squared standardised errors).
 */
@Command(resourceBundle = "org.spinecho.app.EvaluateCommand",
        name = "evaluate", mixinStandardHelpOptions = true,
        header = "Score a model on a labelled data set (NMSE per parameter; plots).")
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Options.Model models;

    @Mixin
    LabelledDataOptions data;

    @Option(names = "--predictions", paramLabel = "OUT")
    Path predictions;

    @Option(names = "--json", paramLabel = "OUT.json")
    Path json;

    @Option(names = "--report", paramLabel = "DIR")
    Path report;

    @Option(names = "--noise-levels", split = ",", paramLabel = "SIGMA[,SIGMA...]")
    List<Double> noiseLevels;

    @Option(names = "--record", paramLabel = "NAME")
    String record;

    @Option(names = "--bound", paramLabel = "MAP.json")
    Path bound;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        if (noiseLevels != null && noiseLevels.stream().anyMatch(v -> !(v >= 0) || !Double.isFinite(v))) {
            throw new UsageError("--noise-levels must be finite numbers >= 0, got " + noiseLevels);
        }
        if (record != null && !record.matches("[A-Za-z0-9_.-]+")) {
            throw new UsageError("--record must be a plain name (letters, digits, _ . -), got '" + record + "'");
        }
        Path model = models.required();
        List<OutputGuard.Named> keep = new ArrayList<>(data.inputs());
        keep.add(ModelLoading.protectedDir(model));
        OutputGuard.checkFiles(OutputGuard.given(new OutputGuard.Named("--predictions", predictions),
                new OutputGuard.Named("--json", json)), data.inputs(), List.of(ModelLoading.protectedDir(model)));
        if (report != null) {
            OutputGuard.checkReportDirectory("--report", report, keep);
        }
        try (Estimator m = ModelLoading.load(model, null, err)) {
            EchoDataset set = data.read();
            ModelLoading.checkLength(m, set.samples(), data.origin());
            String undefined = Scores.undefinedReason(set.params());
            if (undefined != null) {
                throw new UsageError(data.origin() + ": " + undefined + (record != null ? "; nothing recorded" : ""));
            }
            long t0 = System.nanoTime();
            double[][] truth = set.params();
            double[][] pred = m.predict(set.re(), set.im());
            double seconds = (System.nanoTime() - t0) / 1e9;
            Scores s = Scores.compute(truth, pred);
            String kernel = m.manifest().kernel();
            List<BoundFiles.Level> boundLevels = null;
            if (bound != null) {
                try {
                    boundLevels = BoundFiles.priorAveraged(bound, kernel);
                } catch (IllegalArgumentException e) {
                    throw new UsageError("--bound " + e.getMessage());
                }
            }
            out.printf(Locale.ROOT, "model: %s (%s), %d curves%n%-10s %10s%n", kernel, m.description(), s.n(),
                    "parameter", "NMSE");
            String[] rows = {"alpha", "xi", "d", "mean"};
            double[] values = {s.nmseAlpha(), s.nmseXi(), s.nmseD(), s.mean()};
            for (int k = 0; k < 4; k++) {
                out.printf(Locale.ROOT, "%-10s %10.4f%n", rows[k], values[k]);
            }
            out.printf(Locale.ROOT, "%-10s %10.2f%npredicted %d curves in %.2f s%n", "Err", s.err(), s.n(), seconds);
            for (int by : new int[] {0, 2}) {
                out.printf(Locale.ROOT, "NMSE by true %s:%n%-16s %6s %8s %8s %8s%n", NAMES[by], NAMES[by] + " range",
                        "curves", "alpha", "xi", "d");
                for (ErrorBreakdown.Bin b : ErrorBreakdown.byTrue(truth, pred, by, 4)) {
                    out.printf(Locale.ROOT, "%6.3g .. %-6.3g %6d %8.4f %8.4f %8.4f%n", b.lo(), b.hi(), b.count(),
                            b.nmse().alpha(), b.nmse().xi(), b.nmse().d());
                }
            }
            ErrorBreakdown.TradeOff t = ErrorBreakdown.tradeOff(truth, pred);
            if (t != null) {
                out.printf(Locale.ROOT, "alpha-xi trade-off (%d curves with alpha > %.3g): corr(ln-error alpha, "
                        + "ln-error xi) = %.2f; the combination alpha*xi^%.2f is known to %.3f (RMS ln-error), "
                        + "alpha alone to %.3f, xi alone to %.3f%n", t.curves(), t.medianAlpha(), t.correlation(),
                        t.exponent(), t.rmsCombination(), t.rmsAlpha(), t.rmsXi());
            }
            UncertaintyCalibration.Assessment coverage = m.calibration() == null ? null
                    : m.calibration().assess(pred, NoisyCalibration.noiseOf(set.re(), set.im()), truth,
                            EvaluationReport.LEVELS);
            out.print(coverage != null ? EvaluationReport.coverageText(coverage)
                    : "(no uncertainty calibration in the model: run 'spinecho calibrate' for coverage)\n");
            out.flush();
            List<ErrorBreakdown.AtNoise> noisy = noiseLevels == null ? List.of()
                    : ErrorBreakdown.underNoise(m::predict, m.calibration(), set.re(), set.im(), truth, noiseLevels);
            if (!noisy.isEmpty()) {
                out.printf(Locale.ROOT, "%-8s %8s %8s %8s %8s%n", "noise", "alpha", "xi", "d", "mean");
                for (ErrorBreakdown.AtNoise a : noisy) {
                    Scores ns = a.scores();
                    out.printf(Locale.ROOT, "%-8s %8.4f %8.4f %8.4f %8.4f%n", a.sigma(), ns.nmseAlpha(), ns.nmseXi(),
                            ns.nmseD(), ns.mean());
                }
                if (m.calibration() != null) {
                    out.printf(Locale.ROOT, "coverage under noise (each curve's noise estimated from it), alpha / xi / d:%n"
                            + "%-8s %20s %20s %20s %20s%n", "noise", "50%", "80%", "90%", "95%");
                    for (ErrorBreakdown.AtNoise a : noisy) {
                        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-8s", a.sigma()));
                        for (int l = 0; l < a.coverage().levels().length; l++) {
                            double[] c = a.coverage().coverage()[l];
                            line.append(String.format(Locale.ROOT, " %6.3f/%6.3f/%6.3f", c[0], c[1], c[2]));
                        }
                        out.println(line);
                    }
                }
            }
            if (Kernel.of(kernel).hasPreset()) {
                out.printf(Locale.ROOT, "by region (squared error / prior variance):%n  %-34s %6s %8s %8s %8s%n",
                        "region", "curves", "alpha", "xi", "d");
                for (RegionScores.Region r : RegionScores.of(truth, pred, Kernel.of(kernel).preset().prior())) {
                    out.printf(Locale.ROOT, "  %-34s %6d %8.4f %8.4f %8.4f%n", r.name(), r.count(), r.nmse().alpha(),
                            r.nmse().xi(), r.nmse().d());
                }
            }
            if (bound != null) {
                out.printf(Locale.ROOT, "beside the bound (%s): NMSE alpha / xi / d / mean, efficiency = bound / model%n",
                        bound.getFileName());
                for (ErrorBreakdown.Efficiency e : ErrorBreakdown.efficiency(boundLevels, s, noisy)) {
                    out.printf(Locale.ROOT, "  noise %-7s bound %.4f / %.4f / %.4f / %.4f   model %.4f / %.4f / %.4f / "
                            + "%.4f   efficiency %.3f%n", e.noise(), e.bound().alpha(), e.bound().xi(), e.bound().d(),
                            e.boundMean(), e.model().nmseAlpha(), e.model().nmseXi(), e.model().nmseD(), e.model().mean(),
                            e.efficiency());
                }
            }
            out.flush();
            if (predictions != null) {
                DelimitedText.writeMatrix(predictions, pred);
            }
            if (json != null) {
                AtomicFiles.write(json, ErrorBreakdown.json(s, coverage, noisy));
            }
            if (report != null) {
                EvaluationReport.write(report, keep, kernel + " model (" + m.description() + ")", truth, pred, s,
                        coverage, noisy);
                err.println("evaluate: report in " + report.resolve("index.html"));
            }
            if (record != null) {
                ModelDirectory.recordScores(model, m, record, s, data.checksums(record + ":"));
                err.println("evaluate: recorded the scores as '" + record + "' in " + model.resolve("manifest.json"));
            }
            err.flush();
            return 0;
        }
    }

    private static final String[] NAMES = EvaluationReport.NAMES;
}
