package org.spinecho.ml.study;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BinaryOperator;
import org.spinecho.data.GaussianNoise;
import org.spinecho.ml.PerParameter;
import org.spinecho.ml.Scores;
import org.spinecho.ml.UncertaintyCalibration;
import org.spinecho.ml.bound.BoundFiles;
import org.spinecho.sim.SplitMix64;
import org.spinecho.sim.Theta;

/**
 * Where an estimator's error comes from, on a labelled set: NMSE within bins of a true parameter,
 * the α–ξ trade-off, the scores with noise added to the curves, and the efficiency against the
 * information limit. The numbers {@code spinecho evaluate} prints; usable without the command line.
 */
public final class ErrorBreakdown {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ErrorBreakdown() {
    }

    /**
     * One bin of a true parameter.
     *
     * @param lo    lower edge
     * @param hi    upper edge (the last bin includes it)
     * @param count curves in the bin
     * @param nmse  mean squared standardised error per parameter (standardised over the whole set), 0 when empty
     */
    public record Bin(double lo, double hi, int count, PerParameter nmse) {
    }

    /**
     * NMSE of each parameter (standardised as in the challenge's metric, over the whole set) within
     * {@code bins} equal-width bins of the true value of parameter {@code by} (0 α, 1 ξ, 2 d).
     */
    public static List<Bin> byTrue(double[][] truth, double[][] pred, int by, int bins) {
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
        double lo = Arrays.stream(truth).mapToDouble(t -> t[by]).min().orElse(0);
        double hi = Arrays.stream(truth).mapToDouble(t -> t[by]).max().orElse(0);
        List<Bin> out = new ArrayList<>();
        for (int bin = 0; bin < bins; bin++) {
            double a = lo + (hi - lo) * bin / bins;
            double z = lo + (hi - lo) * (bin + 1) / bins;
            double[] sum = new double[3];
            int count = 0;
            for (int i = 0; i < n; i++) {
                double t = truth[i][by];
                if (t >= a && (t < z || bin == bins - 1)) {
                    count++;
                    for (int v = 0; v < 3; v++) {
                        double e = (pred[i][v] - truth[i][v]) / sd[v];
                        sum[v] += e * e;
                    }
                }
            }
            int c = Math.max(1, count);
            out.add(new Bin(a, z, count, new PerParameter(sum[0] / c, sum[1] / c, sum[2] / c)));
        }
        return out;
    }

    /**
     * Whether the curves fix a combination of α and ξ rather than each, over the curves with α above
     * its median: the correlation and slope of the errors in ln α against those in ln ξ, and the RMS
     * error of ln(α·ξ^k) for k = −slope against those of ln α and ln ξ.
     *
     * @param curves         curves used
     * @param medianAlpha    the median true α they lie above
     * @param correlation    corr(ln-error α, ln-error ξ)
     * @param exponent       k
     * @param rmsCombination RMS ln-error of α·ξ^k
     * @param rmsAlpha       RMS ln-error of α
     * @param rmsXi          RMS ln-error of ξ
     */
    public record TradeOff(int curves, double medianAlpha, double correlation, double exponent,
                           double rmsCombination, double rmsAlpha, double rmsXi) {
    }

    /** The α–ξ trade-off, or null with fewer than 10 usable curves. */
    public static TradeOff tradeOff(double[][] truth, double[][] pred) {
        double[] alphas = Arrays.stream(truth).mapToDouble(t -> t[0]).sorted().toArray();
        double median = alphas[alphas.length / 2];
        List<double[]> e = new ArrayList<>();
        for (int i = 0; i < truth.length; i++) {
            if (truth[i][0] > median && pred[i][0] > 0 && pred[i][1] > 0) {
                e.add(new double[] {Math.log(pred[i][0] / truth[i][0]), Math.log(pred[i][1] / truth[i][1])});
            }
        }
        int n = e.size();
        if (n < 10) {
            return null;
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
        double k = -sax / sxx; // minus the slope of the ln-error of α against that of ξ
        double rmsA = 0;
        double rmsX = 0;
        double rmsC = 0;
        for (double[] v : e) {
            rmsA += v[0] * v[0] / n;
            rmsX += v[1] * v[1] / n;
            double c = v[0] + k * v[1];
            rmsC += c * c / n;
        }
        return new TradeOff(n, median, sax / Math.sqrt(saa * sxx), k, Math.sqrt(rmsC), Math.sqrt(rmsA),
                Math.sqrt(rmsX));
    }

    /** Curves plus Gaussian noise of standard deviation sigma, seeded by (stream, curve index): reproducible. */
    public static double[][] withNoise(double[][] curves, double sigma, int stream) {
        double[][] out = new double[curves.length][];
        for (int i = 0; i < curves.length; i++) {
            out[i] = curves[i].clone();
            if (sigma > 0) {
                new GaussianNoise(new SplitMix64(0x5EEDL + 1_000_003L * stream + 0x9E3779B97F4A7C15L * i))
                        .addTo(out[i], sigma);
            }
        }
        return out;
    }

    /**
     * The scores at one noise level.
     *
     * @param sigma    noise per component added to Re and Im
     * @param scores   the estimator's scores on the noisy curves
     * @param coverage its intervals' coverage there (each curve's noise estimated from the curve), or
     *                 null for an estimator without calibration
     */
    public record AtNoise(double sigma, Scores scores, UncertaintyCalibration.Assessment coverage) {
    }

    /**
     * Scores the estimator on the curves with noise of each level added (Re stream 1, Im stream 2).
     *
     * @param predict the estimator: (Re rows, Im rows) to rows of α, ξ, d
     */
    public static List<AtNoise> underNoise(BinaryOperator<double[][]> predict, double[][] re, double[][] im,
                                           double[][] truth, List<Double> levels) {
        return underNoise(predict, null, re, im, truth, levels);
    }

    /**
     * Scores the estimator on the curves with noise of each level added (Re stream 1, Im stream 2) and,
     * with a calibration, the coverage of its intervals at each level ({@link #coverageLevels()}), each
     * curve's noise estimated from the noisy curve.
     *
     * @param predict     the estimator: (Re rows, Im rows) to rows of α, ξ, d
     * @param calibration the estimator's calibration, or null
     */
    public static List<AtNoise> underNoise(BinaryOperator<double[][]> predict, UncertaintyCalibration calibration,
                                           double[][] re, double[][] im, double[][] truth, List<Double> levels) {
        List<AtNoise> out = new ArrayList<>();
        for (double sigma : levels) {
            double[][] nr = withNoise(re, sigma, 1);
            double[][] ni = withNoise(im, sigma, 2);
            double[][] pred = predict.apply(nr, ni);
            out.add(new AtNoise(sigma, Scores.compute(truth, pred), calibration == null ? null
                    : calibration.assess(pred, NoisyCalibration.noiseOf(nr, ni), truth, coverageLevels())));
        }
        return out;
    }

    /**
     * The estimator beside the information limit at one noise level.
     *
     * @param noise      the level
     * @param bound      the prior-averaged bound's NMSE per parameter
     * @param boundMean  its mean
     * @param model      the estimator's scores
     * @param efficiency bound mean / estimator's mean NMSE (1: as good as any unbiased estimator can be)
     */
    public record Efficiency(double noise, PerParameter bound, double boundMean, Scores model, double efficiency) {
    }

    /** The efficiency at each level of the bound map that the estimator was scored at (0: noiseless). */
    public static List<Efficiency> efficiency(List<BoundFiles.Level> bound, Scores noiseless,
                                              List<AtNoise> noisy) {
        List<Efficiency> out = new ArrayList<>();
        for (BoundFiles.Level level : bound) {
            Scores model = level.noise() == 0 ? noiseless : null;
            for (AtNoise a : noisy) {
                if (model == null && a.sigma() == level.noise()) {
                    model = a.scores();
                }
            }
            if (model != null) {
                out.add(new Efficiency(level.noise(), level.nmse(), level.nmseMean(), model,
                        level.nmseMean() / model.mean()));
            }
        }
        return out;
    }

    /** The nominal levels of the coverage report of a calibrated model (0.5, 0.8, 0.9, 0.95). */
    public static double[] coverageLevels() {
        return new double[] {0.5, 0.8, 0.9, 0.95};
    }

    /**
     * The bytes of {@code evaluate --json}: {"n":…, "nmse":{…}, "err":…} plus, for a calibrated model,
     * "coverage":{"alpha":{"0.5":…,"0.8":…,"0.9":…,"0.95":…},…} and "mean_width" in the same shape, and
     * with noise levels "noise":[{"sigma":…, "nmse":{…}}, …] (each with "coverage" and "mean_width" for a calibrated model).
     */
    public static byte[] json(Scores s, UncertaintyCalibration.Assessment a, List<ErrorBreakdown.AtNoise> noisy)
            throws IOException {
        ObjectNode root = jsonNode(s, a);
        if (!noisy.isEmpty()) {
            ArrayNode arr = root.putArray("noise");
            for (ErrorBreakdown.AtNoise at : noisy) {
                arr.add(jsonNode(at));
            }
        }
        return bytes(root);
    }

    /** The file's part without noise levels, for a front end that scores the levels elsewhere (the Spark sweep). */
    public static ObjectNode jsonNode(Scores s, UncertaintyCalibration.Assessment a) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("n", s.n());
        root.set("nmse", nmse(s));
        root.put("err", s.err());
        if (a != null) {
            putCoverage(root, a);
        }
        return root;
    }

    private static void putCoverage(ObjectNode root, UncertaintyCalibration.Assessment a) {
        ObjectNode coverage = root.putObject("coverage");
        ObjectNode width = root.putObject("mean_width");
        for (int v = 0; v < 3; v++) {
            ObjectNode c = coverage.putObject(Theta.NAMES.get(v));
            ObjectNode w = width.putObject(Theta.NAMES.get(v));
            for (int l = 0; l < a.levels().length; l++) {
                String key = Double.toString(a.levels()[l]);
                c.put(key, a.coverage()[l][v]);
                w.put(key, a.meanWidth()[l][v]);
            }
        }
    }

    /** One entry of the file's "noise" list: {"sigma":…, "nmse":{…}}. */
    public static ObjectNode jsonNode(AtNoise at) {
        ObjectNode e = MAPPER.createObjectNode();
        e.put("sigma", at.sigma());
        e.set("nmse", nmse(at.scores()));
        if (at.coverage() != null) {
            putCoverage(e, at.coverage());
        }
        return e;
    }

    /** The bytes of an evaluation's file (indented). */
    public static byte[] bytes(ObjectNode root) throws IOException {
        return MAPPER.writeValueAsBytes(root);
    }

    private static ObjectNode nmse(Scores s) {
        ObjectNode nm = MAPPER.createObjectNode();
        nm.put("alpha", s.nmseAlpha());
        nm.put("xi", s.nmseXi());
        nm.put("d", s.nmseD());
        nm.put("mean", s.mean());
        return nm;
    }
}
