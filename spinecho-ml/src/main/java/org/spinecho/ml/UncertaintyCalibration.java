package org.spinecho.ml;

import java.util.Arrays;
import org.spinecho.data.Statistics;
import org.spinecho.sim.Theta;

/**
 * Calibrated uncertainty for a model's predictions: locally scaled split-conformal intervals.
 *
 * <p>On a held-out calibration set (curves the model never saw) the residuals r = truth − pred
 * are recorded. For a new prediction p, its local residual scale σ_v(p) is the RMS residual of
 * parameter v over the k calibration points whose predictions are nearest p (standardised
 * distance in (α, ξ, d)-prediction space): where the curve does not determine a parameter (ξ at
 * small α, d near 5), those neighbours have large residuals and σ is large. The calibration
 * points' own normalised scores |r|/σ (σ from their neighbours, leaving themselves out) give the
 * conformal quantile q_v(c); the central interval at level c is p ± q_v(c)·σ_v(p), intersected
 * with the prior range (the truth lies in it by construction). σ_v(p) is reported as the standard
 * deviation.
 *
 * @param neighbours   k, the neighbours that set the local scale
 * @param centre       mean of the calibration predictions (standardisation)
 * @param scale        standard deviation of the calibration predictions (standardisation)
 * @param predictions  calibration predictions, rows (α, ξ, d)
 * @param residuals    calibration residuals truth − prediction, rows (α, ξ, d)
 * @param scores       per parameter, the sorted normalised scores |r|/σ of the calibration points
 * @param priorLow     lower end of the prior of each parameter
 * @param priorHigh    upper end of the prior of each parameter
 */
public record UncertaintyCalibration(int neighbours, double[] centre, double[] scale, double[][] predictions,
                                     double[][] residuals, double[][] scores, double[] priorLow, double[] priorHigh) {
    private static final int P = Theta.SIZE;

    public UncertaintyCalibration {
        if (neighbours < 2 || predictions == null || residuals == null || predictions.length != residuals.length
                || predictions.length <= neighbours || scores == null || scores.length != P
                || centre == null || centre.length != P || scale == null || scale.length != P
                || priorLow == null || priorLow.length != P || priorHigh == null || priorHigh.length != P) {
            throw new IllegalArgumentException("inconsistent uncertainty calibration");
        }
        for (double[] s : scores) {
            if (s == null || s.length != predictions.length) {
                throw new IllegalArgumentException("inconsistent uncertainty calibration: scores");
            }
            requireFinite("scores", s);
        }
        for (int i = 0; i < predictions.length; i++) {
            if (predictions[i] == null || predictions[i].length != P || residuals[i] == null
                    || residuals[i].length != P) {
                throw new IllegalArgumentException("inconsistent uncertainty calibration: row " + i
                        + " of predictions or residuals does not have " + P + " values");
            }
            requireFinite("predictions", predictions[i]);
            requireFinite("residuals", residuals[i]);
        }
        requireFinite("centre", centre);
        requireFinite("priorLow", priorLow);
        requireFinite("priorHigh", priorHigh);
        for (int v = 0; v < P; v++) {
            if (!(scale[v] > 0) || !Double.isFinite(scale[v])) {
                throw new IllegalArgumentException("invalid uncertainty calibration: scale must be finite and > 0, got "
                        + scale[v]);
            }
            if (!(priorLow[v] < priorHigh[v])) {
                throw new IllegalArgumentException("invalid uncertainty calibration: prior range " + priorLow[v]
                        + " .. " + priorHigh[v]);
            }
        }
    }

    private static void requireFinite(String field, double[] values) {
        for (double x : values) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException("invalid uncertainty calibration: " + field + " holds " + x);
            }
        }
    }

    /**
     * Calibrates on held-out predictions and their true values.
     *
     * @param prior the prior range of each parameter: {low, high} rows for α, ξ, d
     */
    public static UncertaintyCalibration fit(double[][] pred, double[][] truth, int neighbours, double[][] prior) {
        int n = pred.length;
        if (truth.length != n) {
            throw new IllegalArgumentException("predictions and truth differ in length");
        }
        if (n <= neighbours || neighbours < 2) {
            throw new IllegalArgumentException("need more than " + neighbours + " calibration curves, got " + n);
        }
        double[] centre = new double[P];
        double[] scale = new double[P];
        for (int v = 0; v < P; v++) {
            Statistics.Moments moments = Statistics.moments(Statistics.column(pred, v));
            centre[v] = moments.mean();
            scale[v] = Math.max(moments.sd(), 1e-12);
        }
        double[][] residuals = new double[n][P];
        for (int i = 0; i < n; i++) {
            for (int v = 0; v < P; v++) {
                residuals[i][v] = truth[i][v] - pred[i][v];
            }
        }
        double[] low = {prior[0][0], prior[1][0], prior[2][0]};
        double[] high = {prior[0][1], prior[1][1], prior[2][1]};
        double[][] scores = new double[P][n];
        UncertaintyCalibration partial = new UncertaintyCalibration(neighbours, centre, scale, copy(pred), residuals,
                new double[][] {new double[n], new double[n], new double[n]}, low, high);
        for (int i = 0; i < n; i++) {
            double[] sigma = partial.localScale(pred[i], i);
            for (int v = 0; v < P; v++) {
                scores[v][i] = Math.abs(residuals[i][v]) / sigma[v];
            }
        }
        for (double[] s : scores) {
            Arrays.sort(s);
        }
        return new UncertaintyCalibration(neighbours, centre, scale, copy(pred), residuals, scores, low, high);
    }

    /** The standard deviation σ_v(p) of each parameter: RMS residual of the k nearest calibration points. */
    public double[] sigma(double[] prediction) {
        return localScale(prediction, -1);
    }

    /** The conformal quantile q_v(level) of the normalised scores: ⌈(n+1)·level⌉-th smallest. */
    public double quantile(int v, double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        }
        int n = scores[v].length;
        int rank = (int) Math.ceil((n + 1) * level); // 1-based
        return rank > n ? Double.POSITIVE_INFINITY : scores[v][rank - 1];
    }

    /** The central interval of parameter v at the level for a prediction with local scales sigma. */
    public double[] interval(double[] prediction, double[] sigma, int v, double level) {
        double half = quantile(v, level) * sigma[v];
        double lo = Math.max(priorLow[v], prediction[v] - half);
        double hi = Math.min(priorHigh[v], prediction[v] + half);
        if (lo > hi) { // the prediction lies outside the prior by more than the half width
            double edge = prediction[v] < priorLow[v] ? priorLow[v] : priorHigh[v];
            return new double[] {edge, edge};
        }
        return new double[] {lo, hi};
    }

    /**
     * The local covariance of the errors, 3 × 3 over (α, ξ, d): the second moments of the residuals
     * of the k nearest calibration points. It carries what the marginal σ cannot, e.g. that the
     * errors of α and ξ are strongly anticorrelated (the curve fixes a combination of the two).
     */
    public double[][] covariance(double[] prediction) {
        int[] nearest = nearest(prediction, -1);
        double[] sigma = sigma(prediction);
        double[][] c = new double[P][P];
        for (int i : nearest) {
            for (int a = 0; a < P; a++) {
                for (int b = 0; b < P; b++) {
                    c[a][b] += residuals[i][a] * residuals[i][b] / nearest.length;
                }
            }
        }
        for (int v = 0; v < P; v++) { // the diagonal with the floor of sigma()
            c[v][v] = sigma[v] * sigma[v];
        }
        return c;
    }

    private int[] nearest(double[] p, int exclude) {
        int n = predictions.length;
        double[] dist = new double[n];
        for (int i = 0; i < n; i++) {
            double d = 0;
            for (int v = 0; v < P; v++) {
                double z = (p[v] - predictions[i][v]) / scale[v];
                d += z * z;
            }
            dist[i] = i == exclude ? Double.POSITIVE_INFINITY : d;
        }
        return smallest(dist, neighbours);
    }

    private double[] localScale(double[] p, int exclude) {
        int[] nearest = nearest(p, exclude);
        double[] sigma = new double[P];
        for (int i : nearest) {
            for (int v = 0; v < P; v++) {
                sigma[v] += residuals[i][v] * residuals[i][v];
            }
        }
        for (int v = 0; v < P; v++) {
            // floor: 1e-6 of the prior width, so a perfect neighbourhood still gives an interval
            sigma[v] = Math.max(Math.sqrt(sigma[v] / nearest.length), 1e-6 * (priorHigh[v] - priorLow[v]));
        }
        return sigma;
    }

    /** Indices of the k smallest values (quickselect on a copy of the indices). */
    static int[] smallest(double[] values, int k) {
        int n = values.length;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            double pivot = values[idx[(lo + hi) >>> 1]];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (values[idx[i]] < pivot) {
                    i++;
                }
                while (values[idx[j]] > pivot) {
                    j--;
                }
                if (i <= j) {
                    int t = idx[i];
                    idx[i] = idx[j];
                    idx[j] = t;
                    i++;
                    j--;
                }
            }
            if (k - 1 <= j) {
                hi = j;
            } else if (k - 1 >= i) {
                lo = i;
            } else {
                break;
            }
        }
        return Arrays.copyOf(idx, k);
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    /** Empirical coverage of the central intervals at the level, per parameter, on labelled predictions. */
    public double[] coverage(double[][] pred, double[][] truth, double level) {
        return assess(pred, truth, new double[] {level}).coverage()[0];
    }

    /**
     * How the intervals do on labelled predictions.
     *
     * @param levels    the nominal levels
     * @param coverage  [level][parameter]: fraction of true values inside the interval
     * @param meanWidth [level][parameter]: mean interval width
     */
    public record Assessment(double[] levels, double[][] coverage, double[][] meanWidth) {
    }

    /** Coverage and mean width of the central intervals at each level, per parameter. */
    public Assessment assess(double[][] pred, double[][] truth, double[] levels) {
        double[][] hit = new double[levels.length][P];
        double[][] width = new double[levels.length][P];
        for (int i = 0; i < pred.length; i++) {
            double[] sigma = sigma(pred[i]);
            for (int l = 0; l < levels.length; l++) {
                for (int v = 0; v < P; v++) {
                    double[] in = interval(pred[i], sigma, v, levels[l]);
                    width[l][v] += in[1] - in[0];
                    if (truth[i][v] >= in[0] && truth[i][v] <= in[1]) {
                        hit[l][v]++;
                    }
                }
            }
        }
        for (int l = 0; l < levels.length; l++) {
            for (int v = 0; v < P; v++) {
                hit[l][v] /= pred.length;
                width[l][v] /= pred.length;
            }
        }
        return new Assessment(levels.clone(), hit, width);
    }
}
