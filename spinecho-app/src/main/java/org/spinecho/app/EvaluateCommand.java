package org.spinecho.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spinecho.data.AtomicFiles;
import org.spinecho.data.DataFormatException;
import org.spinecho.data.DelimitedText;
import org.spinecho.data.EchoDataset;
import org.spinecho.data.OutputGuard;
import org.spinecho.ml.ModelFormatException;
import org.spinecho.ml.Scores;
import org.spinecho.ml.Estimator;
import org.spinecho.ml.ModelDirectory;
import org.spinecho.ml.UncertaintyCalibration;
import org.spinecho.ml.study.NoiseEvaluation;
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
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        header = "Score a model on a labelled data set (NMSE per parameter; plots).",
        description = {"Scores a trained model on a labelled data set with the challenge's metric: for each "
                + "parameter, true and predicted values are standardised with the mean and population standard "
                + "deviation of the true values; NMSE is the mean squared difference; Err sums the squared "
                + "standardised errors over all curves and parameters."})
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory.")
    Path model;

    @Mixin
    LabelledDataOptions data;

    @Option(names = "--predictions", paramLabel = "OUT", description = "Also write the predictions ('alpha xi d' per line).")
    Path predictions;

    @Option(names = "--json", paramLabel = "OUT.json", description = "Also write the scores as JSON.")
    Path json;

    @Option(names = "--report", paramLabel = "DIR", description = "Also write PNG plots and an index.html showing them, into a new directory or over a previous report (any other directory is refused).")
    Path report;

    @Option(names = "--noise-levels", split = ",", paramLabel = "SIGMA[,SIGMA...]",
            description = "Also score the model on the curves with Gaussian noise of each standard deviation added to "
                    + "Re and Im of every sample (seeded: reproducible), e.g. 0,0.001,0.003,0.01,0.03.")
    List<Double> noiseLevels;

    @Option(names = "--record", paramLabel = "NAME",
            description = "Also record these scores, with the SHA-256 of the data files, in the model's manifest under NAME "
                    + "(e.g. eval). The model directory is rewritten atomically.")
    String record;

    @Option(names = "--bound", paramLabel = "MAP.json",
            description = "A prior map of the information limit ('spinecho bound --prior P --json MAP.json'): print the "
                    + "model's NMSE beside the bound's at each noise level both have (efficiency = bound / NMSE).")
    Path bound;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        if (noiseLevels != null && noiseLevels.stream().anyMatch(v -> !(v >= 0) || !Double.isFinite(v))) {
            return Cli.fail(err, "evaluate", 2, "--noise-levels must be finite numbers >= 0, got " + noiseLevels);
        }
        if (record != null && !record.matches("[A-Za-z0-9_.-]+")) {
            return Cli.fail(err, "evaluate", 2, "--record must be a plain name (letters, digits, _ . -), got '" + record + "'");
        }
        try {
            checkOutputs();
        } catch (IllegalArgumentException | IOException e) {
            return Cli.fail(err, "evaluate", 2, e.getMessage());
        }
        try (Estimator m = ModelLoading.load(model, null, err)) {
            EchoDataset set = data.read();
            ModelLoading.checkLength(m, set.samples(), data.origin());
            String undefined = Scores.undefinedReason(set.params());
            if (undefined != null) {
                throw new UsageError(data.origin() + ": " + undefined + (record != null ? "; nothing recorded" : ""));
            }
            long t0 = System.nanoTime();
            double[][] pred = m.predict(set.re(), set.im());
            double seconds = (System.nanoTime() - t0) / 1e9;
            Scores s = Scores.compute(set.params(), pred);
            out.print(table(s, m.manifest().kernel(), m.description()));
            out.printf(Locale.ROOT, "predicted %d curves in %.2f s%n", s.n(), seconds);
            out.print(breakdown(set.params(), pred));
            UncertaintyCalibration.Assessment coverage = m.calibration() == null ? null
                    : m.calibration().assess(pred, set.params(), LEVELS);
            if (coverage != null) {
                out.print(coverageTable(coverage));
            } else {
                out.println("(no uncertainty calibration in the model: run 'spinecho calibrate' for coverage)");
            }
            out.flush();
            List<Scores> noisy = new java.util.ArrayList<>();
            if (noiseLevels != null) {
                out.printf(Locale.ROOT, "%-8s %8s %8s %8s %8s%n", "noise", "alpha", "xi", "d", "mean");
                for (double sigma : noiseLevels) {
                    Scores ns = NoiseEvaluation.atNoise(m, set, sigma);
                    noisy.add(ns);
                    out.printf(Locale.ROOT, "%-8s %8.4f %8.4f %8.4f %8.4f%n", sigma, ns.nmseAlpha(), ns.nmseXi(), ns.nmseD(), ns.mean());
                }
                out.flush();
            }
            out.print(regionTable(m.manifest().kernel(), set.params(), pred));
            if (bound != null) {
                out.print(besideTheBound(m.manifest().kernel(), s, noiseLevels, noisy));
            }
            out.flush();
            if (predictions != null) {
                DelimitedText.writeMatrix(predictions, pred);
            }
            if (json != null) {
                AtomicFiles.write(json, jsonBytes(s, coverage, noiseLevels, noisy));
            }
            if (report != null) {
                List<OutputGuard.Named> keep = new java.util.ArrayList<>(data.inputs());
                keep.add(ModelLoading.protectedDir(model));
                EvaluationReport.write(report, keep, m.manifest().kernel() + " model (" + m.description() + ")",
                        set.params(), pred, s, coverage, noiseLevels, noisy);
                err.println("evaluate: report in " + report.resolve("index.html"));
                err.flush();
            }
            if (record != null) {
                ModelDirectory.recordScores(model, m, record, s, data.checksums(record + ":"));
                err.println("evaluate: recorded the scores as '" + record + "' in " + model.resolve("manifest.json"));
                err.flush();
            }
            return 0;
        } catch (UsageError | DataFormatException | IllegalArgumentException | ModelFormatException e) {
            return Cli.fail(err, "evaluate", 2, e.getMessage());
        } catch (IOException e) {
            return Cli.fail(err, "evaluate", 1, e.getMessage());
        }
    }

    /** No output over an input, into the model, onto a directory; the report only new or over a report. */
    private void checkOutputs() throws IOException {
        List<OutputGuard.Named> inputs = new java.util.ArrayList<>(data.inputs());
        List<OutputGuard.Named> protect = List.of(ModelLoading.protectedDir(model));
        OutputGuard.checkFiles(OutputGuard.given(new OutputGuard.Named("--predictions", predictions),
                new OutputGuard.Named("--json", json)), inputs, protect);
        if (report != null) {
            List<OutputGuard.Named> keep = new java.util.ArrayList<>(protect);
            keep.addAll(inputs);
            OutputGuard.checkReportDirectory("--report", report, keep);
        }
    }

    /** The score table printed by evaluate. */
    static String table(Scores s, String kernel, String architecture) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "model: %s (%s), %d curves%n", kernel, architecture, s.n()));
        sb.append(String.format(Locale.ROOT, "%-10s %10s%n", "parameter", "NMSE"));
        sb.append(String.format(Locale.ROOT, "%-10s %10.4f%n", "alpha", s.nmseAlpha()));
        sb.append(String.format(Locale.ROOT, "%-10s %10.4f%n", "xi", s.nmseXi()));
        sb.append(String.format(Locale.ROOT, "%-10s %10.4f%n", "d", s.nmseD()));
        sb.append(String.format(Locale.ROOT, "%-10s %10.4f%n", "mean", s.mean()));
        sb.append(String.format(Locale.ROOT, "%-10s %10.2f%n", "Err", s.err()));
        return sb.toString();
    }

    /**
     * Where the error comes from: NMSE of each parameter (standardised as in the metric, over the
     * whole set) within four equal-width bins of the true α and of the true d. Large ξ errors
     * at small α, or d errors near the top of its range, are curves on which the parameter barely
     * changes the curve.
     */
    static String breakdown(double[][] truth, double[][] pred) {
        int n = truth.length;
        double[] mean = new double[3];
        double[] sd = new double[3];
        for (int v = 0; v < 3; v++) {
            for (double[] t : truth) {
                mean[v] += t[v] / n;
            }
            for (double[] t : truth) {
                sd[v] += (t[v] - mean[v]) * (t[v] - mean[v]) / n;
            }
            sd[v] = Math.sqrt(sd[v]);
        }
        StringBuilder sb = new StringBuilder();
        String[] by = {"alpha", "d"};
        int[] byIndex = {0, 2};
        for (int b = 0; b < 2; b++) {
            int w = byIndex[b];
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double[] t : truth) {
                lo = Math.min(lo, t[w]);
                hi = Math.max(hi, t[w]);
            }
            sb.append(String.format(Locale.ROOT, "NMSE by true %s:%n%-16s %6s %8s %8s %8s%n", by[b], by[b] + " range",
                    "curves", "alpha", "xi", "d"));
            for (int bin = 0; bin < 4; bin++) {
                double a = lo + (hi - lo) * bin / 4;
                double z = lo + (hi - lo) * (bin + 1) / 4;
                double[] sum = new double[3];
                int count = 0;
                for (int i = 0; i < n; i++) {
                    double t = truth[i][w];
                    if (t >= a && (t < z || bin == 3)) {
                        count++;
                        for (int v = 0; v < 3; v++) {
                            double e = (pred[i][v] - truth[i][v]) / sd[v];
                            sum[v] += e * e;
                        }
                    }
                }
                sb.append(String.format(Locale.ROOT, "%6.3g .. %-6.3g %6d %8.4f %8.4f %8.4f%n", a, z, count,
                        sum[0] / Math.max(1, count), sum[1] / Math.max(1, count), sum[2] / Math.max(1, count)));
            }
        }
        sb.append(tradeOff(truth, pred));
        return sb.toString();
    }

    /**
     * Whether the curves fix a combination of α and ξ rather than each: over curves with α
     * above its median, the correlation and slope of the errors in ln α against those in ln ξ,
     * and the RMS error of ln(α·ξ^k) for k = −slope against those of ln α and ln ξ.
     */
    static String tradeOff(double[][] truth, double[][] pred) {
        double[] alphas = java.util.Arrays.stream(truth).mapToDouble(t -> t[0]).sorted().toArray();
        double median = alphas[alphas.length / 2];
        java.util.List<double[]> e = new java.util.ArrayList<>();
        for (int i = 0; i < truth.length; i++) {
            if (truth[i][0] > median && pred[i][0] > 0 && pred[i][1] > 0) {
                e.add(new double[] {Math.log(pred[i][0] / truth[i][0]), Math.log(pred[i][1] / truth[i][1])});
            }
        }
        int n = e.size();
        if (n < 10) {
            return "";
        }
        double ma = 0;
        double mx = 0;
        for (double[] v : e) {
            ma += v[0] / n;
            mx += v[1] / n;
        }
        double saa = 0;
        double sxx = 0;
        double sax = 0;
        for (double[] v : e) {
            saa += (v[0] - ma) * (v[0] - ma);
            sxx += (v[1] - mx) * (v[1] - mx);
            sax += (v[0] - ma) * (v[1] - mx);
        }
        double corr = sax / Math.sqrt(saa * sxx);
        double slope = sax / sxx; // ln-error of α against that of ξ
        double k = -slope;
        double rmsA = 0;
        double rmsX = 0;
        double rmsC = 0;
        for (double[] v : e) {
            rmsA += v[0] * v[0] / n;
            rmsX += v[1] * v[1] / n;
            double c = v[0] + k * v[1];
            rmsC += c * c / n;
        }
        return String.format(Locale.ROOT, "alpha-xi trade-off (%d curves with alpha > %.3g): corr(ln-error alpha, "
                        + "ln-error xi) = %.2f; the combination alpha*xi^%.2f is known to %.3f (RMS ln-error), "
                        + "alpha alone to %.3f, xi alone to %.3f%n", n, median, corr, k, Math.sqrt(rmsC),
                Math.sqrt(rmsA), Math.sqrt(rmsX));
    }

    /** Nominal levels of the coverage report. */
    static final double[] LEVELS = NoiseEvaluation.coverageLevels();

    /** Coverage of the central intervals per level and parameter, and their mean widths. */
    static String coverageTable(UncertaintyCalibration.Assessment a) {
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

    /**
     * {"n":…, "nmse":{…}, "err":…} plus, for a calibrated model,
     * "coverage":{"alpha":{"0.5":…,"0.8":…,"0.9":…,"0.95":…},…} and "mean_width" in the same shape.
     */
    static byte[] jsonBytes(Scores s, UncertaintyCalibration.Assessment a, List<Double> levels, List<Scores> noisy) {
        return NoiseEvaluation.bytes(NoiseEvaluation.json(s, a, levels, noisy));
    }

    /** The errors by region of parameter space, in units of the prior's variance (noiseless). */
    private static String regionTable(String kernel, double[][] truth, double[][] pred) {
        org.spinecho.data.Preset preset;
        try {
            preset = org.spinecho.data.Preset.of(kernel);
        } catch (IllegalArgumentException e) {
            return "";
        }
        StringBuilder sb = new StringBuilder("by region (squared error / prior variance):\n");
        sb.append(String.format(Locale.ROOT, "  %-34s %6s %8s %8s %8s%n", "region", "curves", "alpha", "xi", "d"));
        for (org.spinecho.ml.study.RegionScores.Region r : org.spinecho.ml.study.RegionScores.of(truth, pred,
                preset.prior())) {
            sb.append(String.format(Locale.ROOT, "  %-34s %6d %8.4f %8.4f %8.4f%n", r.name(), r.count(),
                    r.nmse().alpha(), r.nmse().xi(), r.nmse().d()));
        }
        return sb.toString();
    }

    /** The model's NMSE beside the prior-averaged bound of a map file, at the noise levels both have. */
    private String besideTheBound(String kernel, Scores noiseless, List<Double> levels, List<Scores> noisy)
            throws IOException {
        com.fasterxml.jackson.databind.JsonNode root;
        try {
            root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(bound.toFile());
        } catch (IOException e) {
            throw new UsageError("--bound " + bound + ": not a bound map (JSON): " + e.getMessage());
        }
        if (!root.has("prior_averaged") || !kernel.equals(root.path("kernel").asText())) {
            throw new UsageError("--bound " + bound + ": expected a prior map of 'spinecho bound --prior " + kernel
                    + "' (kernel " + root.path("kernel").asText("?") + ")");
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "beside the bound (prior-averaged over %d draws, %s): NMSE alpha / xi / d / mean, efficiency = bound / model%n",
                root.path("count").asInt(), bound.getFileName()));
        for (com.fasterxml.jackson.databind.JsonNode level : root.path("prior_averaged")) {
            double sigma = level.path("noise").asDouble();
            Scores model = null;
            if (sigma == 0) {
                model = noiseless;
            } else if (levels != null) {
                for (int i = 0; i < levels.size(); i++) {
                    if (levels.get(i) == sigma) {
                        model = noisy.get(i);
                    }
                }
            }
            if (model == null) {
                continue;
            }
            com.fasterxml.jackson.databind.JsonNode b = level.path("nmse");
            double bMean = level.path("nmse_mean").asDouble();
            sb.append(String.format(Locale.ROOT, "  noise %-7s bound %.4f / %.4f / %.4f / %.4f   model %.4f / %.4f / %.4f / %.4f"
                            + "   efficiency %.3f%n", sigma, b.path("alpha").asDouble(), b.path("xi").asDouble(),
                    b.path("d").asDouble(), bMean, model.nmseAlpha(), model.nmseXi(), model.nmseD(), model.mean(),
                    bMean / model.mean()));
        }
        return sb.toString();
    }
}
