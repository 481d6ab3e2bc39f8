package org.spinecho.ml.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.spinecho.data.Prior;
import org.spinecho.data.Range;
import org.spinecho.sim.Theta;

/**
 * The posterior along a walk of the α–ξ valley: a mixture over the walk's points, weights
 * exp(−(objective − min)/(2T)), each point a Gaussian with its local posterior covariance multiplied
 * by T. T = 1 is the Gaussian quasi-likelihood itself; T &gt; 1 tempers it, for a layout deviation
 * heavier-tailed than the Gaussian model says ({@link FitCalibration}). Built by the fit from its walk,
 * or afterwards from a recorded walk at another temperature ({@link #retempered}), which is how the
 * temperature is calibrated without refitting.
 */
public final class ValleyPosterior {
    private static final NormalDistribution NORMAL = new NormalDistribution(0, 1);

    private final List<Theta> thetas;
    private final double[] objectives;
    private final double[] weights;
    private final double[][][] covariances; // multiplied by T
    private final double temperature;
    private final double[] mean = new double[3];

    /**
     * @param thetas      the walk's points
     * @param objectives  their −2 log posterior
     * @param covariances their local posterior covariances at T = 1 (3 × 3 each)
     * @param temperature T ≥ 1
     */
    public ValleyPosterior(List<Theta> thetas, double[] objectives, double[][][] covariances, double temperature) {
        if (thetas.isEmpty() || objectives.length != thetas.size() || covariances.length != thetas.size()) {
            throw new IllegalArgumentException("a valley posterior needs one objective and covariance per point");
        }
        if (!(temperature >= 1) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be >= 1, got " + temperature);
        }
        this.thetas = List.copyOf(thetas);
        this.objectives = objectives.clone();
        this.temperature = temperature;
        double min = Double.POSITIVE_INFINITY;
        for (double o : objectives) {
            if (!Double.isFinite(o)) {
                throw new IllegalArgumentException("objectives must be finite");
            }
            min = Math.min(min, o);
        }
        weights = new double[objectives.length];
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            weights[i] = Math.exp(-(objectives[i] - min) / (2 * temperature));
            total += weights[i];
        }
        this.covariances = new double[weights.length][3][3];
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= total;
            Objects.requireNonNull(covariances[i], "covariance");
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    this.covariances[i][a][b] = covariances[i][a][b] * temperature;
                }
            }
            for (int k = 0; k < 3; k++) {
                mean[k] += weights[i] * thetas.get(i).get(k);
            }
        }
    }

    /**
     * The same walk at another temperature, from the points a fit recorded (their covariances are
     * at the fit's temperature {@code recordedAt}).
     */
    public static ValleyPosterior retempered(List<LikelihoodFit.ValleyPoint> points, double recordedAt,
                                             double temperature) {
        List<Theta> thetas = new ArrayList<>();
        double[] objectives = new double[points.size()];
        double[][][] covariances = new double[points.size()][3][3];
        for (int i = 0; i < objectives.length; i++) {
            LikelihoodFit.ValleyPoint p = points.get(i);
            thetas.add(p.theta());
            objectives[i] = p.objective();
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    covariances[i][a][b] = p.covariance()[a][b] / recordedAt;
                }
            }
        }
        return new ValleyPosterior(thetas, objectives, covariances, temperature);
    }

    public double temperature() {
        return temperature;
    }

    /** The posterior mean. */
    public Theta mean() {
        return Theta.of(mean);
    }

    /** The mixture's covariance: the points' (tempered) covariances plus the spread of the points. */
    public double[][] covariance() {
        double[][] c = new double[3][3];
        for (int i = 0; i < weights.length; i++) {
            double[] t = thetas.get(i).toArray();
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    c[a][b] += weights[i] * (covariances[i][a][b] + (t[a] - mean[a]) * (t[b] - mean[b]));
                }
            }
        }
        return c;
    }

    /** The mixture's central interval at {@code level} per parameter, {lo, hi}, within the box. */
    public double[][] interval(double level, Prior box) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        }
        double[][] out = new double[3][2];
        for (int k = 0; k < 3; k++) {
            Range r = box.range(k);
            out[k][0] = Math.max(r.lo(), quantile(k, (1 - level) / 2, r));
            out[k][1] = Math.min(r.hi(), quantile(k, (1 + level) / 2, r));
        }
        return out;
    }

    /** The points with their weights and (tempered) covariances. */
    public List<LikelihoodFit.ValleyPoint> points() {
        List<LikelihoodFit.ValleyPoint> out = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            out.add(new LikelihoodFit.ValleyPoint(thetas.get(i), objectives[i], weights[i], covariances[i]));
        }
        return out;
    }

    private double quantile(int k, double p, Range r) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < weights.length; i++) {
            double m = thetas.get(i).get(k);
            double s = Math.sqrt(Math.max(covariances[i][k][k], 0));
            lo = Math.min(lo, m - 8 * s);
            hi = Math.max(hi, m + 8 * s);
        }
        lo = Math.min(lo, r.lo());
        hi = Math.max(hi, r.hi());
        for (int it = 0; it < 100; it++) {
            double mid = 0.5 * (lo + hi);
            if (cdf(k, mid) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    private double cdf(int k, double x) {
        double c = 0;
        for (int i = 0; i < weights.length; i++) {
            double m = thetas.get(i).get(k);
            double s = Math.sqrt(Math.max(covariances[i][k][k], 0));
            c += weights[i] * (s > 0 ? NORMAL.cumulativeProbability((x - m) / s) : (x >= m ? 1 : 0));
        }
        return c;
    }
}
