package org.spinecho.ml;

import java.util.Arrays;
import java.util.List;
import org.spinecho.data.Statistics;
import org.spinecho.sim.Theta;

/**
 * Calibrated uncertainty for a model's predictions at any noise level: locally scaled
 * split-conformal intervals whose neighbourhoods include the noise of the curve.
 *
 * <p>The calibration set (curves the model never saw) is used several times, each time with white
 * noise of one level σ_l added (a <em>replica</em>; σ_0 = 0 is the noiseless set). For each
 * calibration curve the model's prediction, the residual r = truth − prediction and the curve's
 * noise coordinate u = log₁₀(σ̂ + {@link #noiseFloor}) are recorded, where σ̂ is the noise
 * estimated from the curve ({@link org.spinecho.ml.fit.NoiseEstimate}; about 10⁻⁶ on a clean
 * curve). For a new prediction p of a curve of noise σ (known, or estimated from the curve), with
 * u = log₁₀(σ + σ₀), the two replicas whose median u brackets it are looked up (the nearest one
 * alone outside the calibrated range); in each, the k rows nearest to (p, u), with distance² =
 * Σ_v ((p_v − p'_v)/scale_v)² + ((u − u')/{@link #noiseScale})², give the RMS residual of each
 * parameter, and the local scale σ_v(p, σ) interpolates the two linearly in u. So a noisy curve's
 * scale comes from calibration curves of similar noise and similar prediction. Each replica's
 * normalised scores |r|/σ (σ computed the same way, leaving out every replica of the same curve) give
 * its conformal quantile q_{l,v}(c), interpolated in u the same way. The central interval at level c
 * is p ± q_v(c)·σ_v(p, σ), intersected with the
 * prior range. σ_v(p, σ) is reported as the standard deviation.
 *
 * <p>Format 2 ({@link #FORMAT_VERSION}); files of format 1 (noiseless calibration, no format field)
 * are read by {@link #ofFormat1} as a calibration of the single level σ = 0.
 *
 * @param format        always {@link #FORMAT}
 * @param formatVersion always {@link #FORMAT_VERSION}
 * @param neighbours    k, the neighbours that set the local scale
 * @param noiseFloor    σ₀ of the noise coordinate log₁₀(σ + σ₀)
 * @param noiseScale    decades of noise that count as one standardised unit of prediction distance
 * @param centre        mean of the calibration predictions (standardisation)
 * @param scale         standard deviation of the calibration predictions (standardisation)
 * @param levels        σ of each replica, strictly increasing
 * @param levelNoise    median noise coordinate u of each replica's rows
 * @param curves        calibration curves; row j is curve j mod curves of replica j / curves
 * @param predictions   calibration predictions, rows (α, ξ, d)
 * @param noise         the noise coordinate u of each row
 * @param residuals     calibration residuals truth − prediction, rows (α, ξ, d)
 * @param scores        [replica][parameter]: the sorted normalised scores |r|/σ of the replica's rows
 * @param priorLow      lower end of the prior of each parameter
 * @param priorHigh     upper end of the prior of each parameter
 */
public record UncertaintyCalibration(String format, int formatVersion, int neighbours, double noiseFloor,
                                     double noiseScale, double[] centre, double[] scale, double[] levels,
                                     double[] levelNoise, int curves, double[][] predictions, double[] noise,
                                     double[][] residuals, double[][][] scores, double[] priorLow,
                                     double[] priorHigh) {
    private static final int P = Theta.SIZE;
    /** The value of the {@code format} field. */
    public static final String FORMAT = "spinecho-calibration";
    /** The version written; version 1 (no format field) is read by {@link #ofFormat1}. */
    public static final int FORMAT_VERSION = 2;
    /** σ₀ of the noise coordinate: below it the noise does not matter (clean curves read ~10⁻⁶). */
    public static final double DEFAULT_NOISE_FLOOR = 1e-5;
    /** One standardised unit of prediction distance per 0.1 decade of noise. */
    public static final double DEFAULT_NOISE_SCALE = 0.1;

    public UncertaintyCalibration {
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("not an uncertainty calibration: format '" + format + "'");
        }
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("uncertainty calibration of format version " + formatVersion
                    + ", this version reads " + FORMAT_VERSION + " (and the unversioned format 1)");
        }
        if (neighbours < 2 || predictions == null || residuals == null || noise == null || levels == null
                || levelNoise == null || levels.length == 0 || levelNoise.length != levels.length || curves <= neighbours
                || predictions.length != levels.length * curves || residuals.length != predictions.length
                || noise.length != predictions.length || scores == null || scores.length != levels.length
                || centre == null || centre.length != P || scale == null || scale.length != P
                || priorLow == null || priorLow.length != P || priorHigh == null || priorHigh.length != P) {
            throw new IllegalArgumentException("inconsistent uncertainty calibration");
        }
        if (!(noiseFloor > 0) || !Double.isFinite(noiseFloor) || !(noiseScale > 0) || !Double.isFinite(noiseScale)) {
            throw new IllegalArgumentException("invalid uncertainty calibration: noiseFloor and noiseScale must be "
                    + "finite and > 0, got " + noiseFloor + ", " + noiseScale);
        }
        for (int l = 0; l < levels.length; l++) {
            if (!(levels[l] >= 0) || !Double.isFinite(levels[l]) || (l > 0 && !(levels[l] > levels[l - 1]))
                    || (l > 0 && !(levelNoise[l] >= levelNoise[l - 1]))) {
                throw new IllegalArgumentException("invalid uncertainty calibration: levels must be finite, >= 0 and "
                        + "increasing, with non-decreasing levelNoise; got " + Arrays.toString(levels) + ", "
                        + Arrays.toString(levelNoise));
            }
            if (scores[l] == null || scores[l].length != P) {
                throw new IllegalArgumentException("inconsistent uncertainty calibration: scores of level " + l);
            }
            for (double[] s : scores[l]) {
                if (s == null || s.length != curves) {
                    throw new IllegalArgumentException("inconsistent uncertainty calibration: scores of level " + l
                            + " must hold " + curves + " values");
                }
                requireFinite("scores", s);
            }
        }
        requireFinite("levelNoise", levelNoise);
        requireFinite("noise", noise);
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
     * The calibration set's predictions at one noise level.
     *
     * @param sigma       the σ per component added to the calibration curves (0: as they are)
     * @param predictions the model's predictions of the noisy curves, one row (α, ξ, d) per curve
     * @param noise       the noise σ̂ estimated from each noisy curve (or the known σ), per component
     */
    public record Replica(double sigma, double[][] predictions, double[] noise) {
    }

    /**
     * The noise coordinate log₁₀(σ + σ₀) of a curve of noise σ.
     *
     * @param sigma the curve's noise per component, >= 0
     * @return the coordinate
     */
    public double coordinate(double sigma) {
        if (!(sigma >= 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("noise must be a finite number >= 0, got " + sigma);
        }
        return Math.log10(sigma + noiseFloor);
    }

    /**
     * Calibrates on noiseless held-out predictions only (one replica at σ = 0, every curve's noise 0):
     * the intervals then hold for noiseless curves.
     *
     * @param prior the prior range of each parameter: {low, high} rows for α, ξ, d
     */
    public static UncertaintyCalibration fit(double[][] pred, double[][] truth, int neighbours, double[][] prior) {
        return fit(truth, List.of(new Replica(0, pred, new double[pred.length])), neighbours, prior);
    }

    /**
     * Calibrates on the replicas of one held-out set (the same curves, each replica with its own
     * noise level added).
     *
     * @param truth     true (α, ξ, d) of each calibration curve
     * @param replicas  the predictions at each noise level, σ strictly increasing
     * @param neighbours k
     * @param prior     the prior range of each parameter: {low, high} rows for α, ξ, d
     */
    public static UncertaintyCalibration fit(double[][] truth, List<Replica> replicas, int neighbours,
                                             double[][] prior) {
        int n = truth.length;
        int levelsCount = replicas.size();
        if (levelsCount == 0) {
            throw new IllegalArgumentException("need at least one replica");
        }
        if (n <= neighbours || neighbours < 2) {
            throw new IllegalArgumentException("need more than " + neighbours + " calibration curves, got " + n);
        }
        int rows = n * levelsCount;
        double[][] pred = new double[rows][];
        double[] u = new double[rows];
        double[][] residuals = new double[rows][P];
        double[] levels = new double[levelsCount];
        double[] levelNoise = new double[levelsCount];
        for (int l = 0; l < levelsCount; l++) {
            Replica r = replicas.get(l);
            if (r.predictions().length != n || r.noise().length != n) {
                throw new IllegalArgumentException("replica " + l + " has " + r.predictions().length
                        + " predictions and " + r.noise().length + " noise values for " + n + " curves");
            }
            levels[l] = r.sigma();
            double[] ul = new double[n];
            for (int i = 0; i < n; i++) {
                int j = l * n + i;
                pred[j] = r.predictions()[i].clone();
                if (!(r.noise()[i] >= 0) || !Double.isFinite(r.noise()[i])) {
                    throw new IllegalArgumentException("noise must be finite and >= 0, got " + r.noise()[i]);
                }
                u[j] = Math.log10(r.noise()[i] + DEFAULT_NOISE_FLOOR);
                ul[i] = u[j];
                for (int v = 0; v < P; v++) {
                    residuals[j][v] = truth[i][v] - pred[j][v];
                }
            }
            levelNoise[l] = Statistics.median(ul);
        }
        double[] centre = new double[P];
        double[] scale = new double[P];
        for (int v = 0; v < P; v++) {
            Statistics.Moments moments = Statistics.moments(Statistics.column(pred, v));
            centre[v] = moments.mean();
            scale[v] = Math.max(moments.sd(), 1e-12);
        }
        double[] low = {prior[0][0], prior[1][0], prior[2][0]};
        double[] high = {prior[0][1], prior[1][1], prior[2][1]};
        double[][][] empty = new double[levelsCount][P][n];
        UncertaintyCalibration partial = new UncertaintyCalibration(FORMAT, FORMAT_VERSION, neighbours,
                DEFAULT_NOISE_FLOOR, DEFAULT_NOISE_SCALE, centre, scale, levels, levelNoise, n, pred, u, residuals,
                empty, low, high);
        double[][][] scores = new double[levelsCount][P][n];
        java.util.stream.IntStream.range(0, rows).parallel().forEach(j -> {
            double[] sigma = partial.local(pred[j], u[j], j % n).sd();
            for (int v = 0; v < P; v++) {
                scores[j / n][v][j % n] = Math.abs(residuals[j][v]) / sigma[v];
            }
        });
        for (double[][] level : scores) {
            for (double[] s : level) {
                Arrays.sort(s);
            }
        }
        return new UncertaintyCalibration(FORMAT, FORMAT_VERSION, neighbours, DEFAULT_NOISE_FLOOR,
                DEFAULT_NOISE_SCALE, centre, scale, levels, levelNoise, n, pred, u, residuals, scores, low, high);
    }

    /**
     * A calibration of format 1 (written before noise was part of it: one noiseless calibration set,
     * scores over all of it), read as the single level σ = 0 with every row at the clean noise
     * coordinate. Its intervals hold for noiseless curves only.
     */
    public static UncertaintyCalibration ofFormat1(Format1 old) {
        int n = old.predictions().length;
        double u = Math.log10(DEFAULT_NOISE_FLOOR);
        double[] noise = new double[n];
        Arrays.fill(noise, u);
        return new UncertaintyCalibration(FORMAT, FORMAT_VERSION, old.neighbours(), DEFAULT_NOISE_FLOOR,
                DEFAULT_NOISE_SCALE, old.centre(), old.scale(), new double[] {0}, new double[] {u}, n,
                old.predictions(), noise, old.residuals(), new double[][][] {old.scores()}, old.priorLow(),
                old.priorHigh());
    }

    /**
     * The fields of a format-1 calibration file (see {@link #ofFormat1}).
     *
     * @param neighbours  k
     * @param centre      mean of the calibration predictions
     * @param scale       standard deviation of the calibration predictions
     * @param predictions calibration predictions
     * @param residuals   calibration residuals
     * @param scores      per parameter, the sorted normalised scores
     * @param priorLow    lower end of the prior
     * @param priorHigh   upper end of the prior
     */
    public record Format1(int neighbours, double[] centre, double[] scale, double[][] predictions,
                          double[][] residuals, double[][] scores, double[] priorLow, double[] priorHigh) {
    }

    /** Whether the calibration was made with noisy curves (false: it holds for noiseless curves only). */
    public boolean noiseAware() {
        return levels.length > 1;
    }

    /** The largest noise σ the calibration was made with. */
    public double maxLevel() {
        return levels[levels.length - 1];
    }

    /**
     * The uncertainty of one prediction of a curve with noise σ per component.
     *
     * @param prediction the predicted (α, ξ, d)
     * @param sigma      the curve's noise: known, or estimated from the curve
     * @return the local scales, covariance and intervals
     */
    public Local at(double[] prediction, double sigma) {
        return local(prediction, coordinate(sigma), -1);
    }

    /** Replicas l and l + 1 (or l alone, w = 0) whose median noise coordinates bracket u, and u's weight on l + 1. */
    private record Bracket(int level, double w) {
    }

    private Bracket bracket(double u) {
        int last = levels.length - 1;
        if (u <= levelNoise[0]) {
            return new Bracket(0, 0);
        }
        if (u >= levelNoise[last]) {
            return new Bracket(last, 0);
        }
        int hi = 1;
        while (levelNoise[hi] < u) {
            hi++;
        }
        double lo = levelNoise[hi - 1];
        return new Bracket(hi - 1, levelNoise[hi] > lo ? (u - lo) / (levelNoise[hi] - lo) : 1);
    }

    /**
     * The scales and covariance at (p, u): in each of the (at most two) replicas that bracket u, the k
     * rows nearest to (p, u); their RMS residuals and second moments, interpolated linearly in u.
     */
    private Local local(double[] prediction, double u, int excludeCurve) {
        Bracket b = bracket(u);
        double[] sd = new double[P];
        double[][] c = new double[P][P];
        for (int side = 0; side < 2; side++) {
            double weight = side == 0 ? 1 - b.w() : b.w();
            if (weight == 0) {
                continue;
            }
            int[] nearest = nearest(b.level() + side, prediction, u, excludeCurve);
            double[] s = localScale(nearest);
            for (int a = 0; a < P; a++) {
                sd[a] += weight * s[a];
            }
            for (int i : nearest) {
                for (int a = 0; a < P; a++) {
                    for (int e = 0; e < P; e++) {
                        c[a][e] += weight * residuals[i][a] * residuals[i][e] / nearest.length;
                    }
                }
            }
        }
        for (int v = 0; v < P; v++) { // the diagonal with the floor of sd
            c[v][v] = sd[v] * sd[v];
        }
        return new Local(this, prediction.clone(), Math.pow(10, u) - noiseFloor, u, sd, c);
    }

    /**
     * The uncertainty of one prediction.
     *
     * @param calibration the calibration
     * @param prediction  the predicted (α, ξ, d)
     * @param sigma       the curve's noise it was computed for
     * @param coordinate  its noise coordinate
     * @param sd          the standard deviation σ_v of each parameter: RMS residual of the k nearest rows
     * @param covariance  the local covariance of the errors, 3 × 3 over (α, ξ, d): the second moments of
     *                    the residuals of the k nearest rows (the α–ξ anticorrelation that the marginal
     *                    σ cannot carry), its diagonal sd²
     */
    public record Local(UncertaintyCalibration calibration, double[] prediction, double sigma, double coordinate,
                        double[] sd, double[][] covariance) {

        /** The conformal quantile of parameter v at the level, at this curve's noise. */
        public double quantile(int v, double level) {
            return calibration.quantileAt(v, level, coordinate);
        }

        /** The central interval {lo, hi} of parameter v at the level, within the prior range. */
        public double[] interval(int v, double level) {
            return calibration.interval(prediction, sd, v, quantile(v, level));
        }

        @Override
        public String toString() {
            return "Local[prediction=" + Arrays.toString(prediction) + ", sigma=" + sigma + ", sd="
                    + Arrays.toString(sd) + "]";
        }
    }

    /**
     * The conformal quantile q_{l,v}(level) of replica l: the ⌈(n+1)·level⌉-th smallest score.
     */
    public double quantile(int l, int v, double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        }
        int rank = (int) Math.ceil((curves + 1) * level); // 1-based
        return rank > curves ? Double.POSITIVE_INFINITY : scores[l][v][rank - 1];
    }

    /** The quantile at noise coordinate u: linear in u between the replicas that bracket it. */
    double quantileAt(int v, double level, double u) {
        Bracket b = bracket(u);
        double qa = quantile(b.level(), v, level);
        if (b.w() == 0) {
            return qa;
        }
        double qb = quantile(b.level() + 1, v, level);
        if (Double.isInfinite(qa) || Double.isInfinite(qb)) {
            return Double.POSITIVE_INFINITY;
        }
        return (1 - b.w()) * qa + b.w() * qb;
    }

    private double[] interval(double[] prediction, double[] sd, int v, double q) {
        double half = q * sd[v];
        double lo = Math.max(priorLow[v], prediction[v] - half);
        double hi = Math.min(priorHigh[v], prediction[v] + half);
        if (lo > hi) { // the prediction lies outside the prior by more than the half width
            double edge = prediction[v] < priorLow[v] ? priorLow[v] : priorHigh[v];
            return new double[] {edge, edge};
        }
        return new double[] {lo, hi};
    }

    /** The k rows of replica l nearest to (p, u), leaving out calibration curve {@code excludeCurve}. */
    private int[] nearest(int l, double[] p, double u, int excludeCurve) {
        double[] dist = new double[curves];
        for (int c = 0; c < curves; c++) {
            int i = l * curves + c;
            if (c == excludeCurve) {
                dist[c] = Double.POSITIVE_INFINITY;
                continue;
            }
            double d = 0;
            for (int v = 0; v < P; v++) {
                double z = (p[v] - predictions[i][v]) / scale[v];
                d += z * z;
            }
            double zn = (u - noise[i]) / noiseScale;
            dist[c] = d + zn * zn;
        }
        int[] k = smallest(dist, neighbours);
        for (int j = 0; j < k.length; j++) {
            k[j] += l * curves;
        }
        return k;
    }

    private double[] localScale(int[] nearest) {
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

    /** Empirical coverage of the central intervals at the level, per parameter, on labelled predictions. */
    public double[] coverage(double[][] pred, double[] sigma, double[][] truth, double level) {
        return assess(pred, sigma, truth, new double[] {level}).coverage()[0];
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

    /**
     * Coverage and mean width of the central intervals at each level, per parameter.
     *
     * @param pred   the predictions
     * @param sigma  the noise of each curve (known or estimated from it)
     * @param truth  the true values
     * @param levels the nominal levels
     */
    public Assessment assess(double[][] pred, double[] sigma, double[][] truth, double[] levels) {
        if (sigma.length != pred.length || truth.length != pred.length) {
            throw new IllegalArgumentException("predictions, noise and truth differ in length");
        }
        double[][] hit = new double[levels.length][P];
        double[][] width = new double[levels.length][P];
        Local[] local = new Local[pred.length];
        java.util.stream.IntStream.range(0, pred.length).parallel().forEach(i -> local[i] = at(pred[i], sigma[i]));
        for (int i = 0; i < pred.length; i++) {
            for (int l = 0; l < levels.length; l++) {
                for (int v = 0; v < P; v++) {
                    double[] in = local[i].interval(v, levels[l]);
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
