package org.spinecho.ml;

import org.spinecho.data.Statistics;
import org.spinecho.sim.Theta;

/**
 * The challenge metric. For each parameter v ∈ (α, ξ, d), true and predicted values are
 * standardised with the mean and the population standard deviation of the true values of the
 * evaluation set; NMSE_v is the mean squared difference of the standardised values.
 *
 * @param n         number of curves
 * @param nmseAlpha NMSE of α
 * @param nmseXi    NMSE of ξ
 * @param nmseD     NMSE of d
 * @param mean      (NMSE_α + NMSE_ξ + NMSE_d) / 3
 * @param err       sum of squared standardised errors over all curves and parameters
 *                  (= n · (NMSE_α + NMSE_ξ + NMSE_d))
 */
public record Scores(int n, double nmseAlpha, double nmseXi, double nmseD, double mean, double err) {

    /** Number of parameters per curve (α, ξ, d). */
    public static final int PARAMETERS = Theta.SIZE;

    /**
     * Scores predictions against the truth; rows are curves, columns α, ξ, d. A parameter whose
     * true values are all equal (standard deviation 0) cannot be standardised: its NMSE is NaN.
     */
    public static Scores compute(double[][] truth, double[][] pred) {
        if (truth.length != pred.length) {
            throw new IllegalArgumentException("truth has " + truth.length + " rows but predictions have "
                    + pred.length);
        }
        int n = truth.length;
        if (n == 0) {
            throw new IllegalArgumentException("cannot score an empty set");
        }
        double[] nmse = new double[PARAMETERS];
        double err = 0;
        for (int i = 0; i < n; i++) {
            checkRow(truth, pred, i);
        }
        for (int v = 0; v < PARAMETERS; v++) {
            Statistics.Moments moments = Statistics.moments(Statistics.column(truth, v));
            double mean = moments.mean();
            double std = moments.sd(); // population standard deviation
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double e = (pred[i][v] - mean) / std - (truth[i][v] - mean) / std;
                sum += e * e;
            }
            nmse[v] = sum / n;
            err += sum;
        }
        return new Scores(n, nmse[0], nmse[1], nmse[2], (nmse[0] + nmse[1] + nmse[2]) / 3, err);
    }

    /**
     * Why the NMSE of a set with these true values is undefined, or null if it is defined: it
     * needs at least two curves, and each parameter's true values must spread (a standard
     * deviation of at least 1e-9 of their magnitude; below that the standardisation divides by
     * rounding noise and gives NaN, infinity or numbers like 1e30).
     */
    public static String undefinedReason(double[][] truth) {
        int n = truth.length;
        if (n < 2) {
            return "the NMSE is undefined for a set of " + n + " curve" + (n == 1 ? "" : "s") + " (it needs at least two "
                    + "with different true values)";
        }
        for (int v = 0; v < PARAMETERS; v++) {
            double[] values = Statistics.column(truth, v);
            double magnitude = 0;
            for (double t : values) {
                magnitude = Math.max(magnitude, Math.abs(t));
            }
            double sd = Statistics.moments(values).sd();
            if (!(sd > 1e-9 * Math.max(magnitude, Double.MIN_NORMAL))) {
                return "the NMSE is undefined for this set: all " + n + " true values of " + Theta.NAMES.get(v)
                        + " are equal (" + truth[0][v] + "; standard deviation " + (float) sd + "), so they cannot be "
                        + "standardised";
            }
        }
        return null;
    }

    /** Whether every score is a finite number. */
    public boolean defined() {
        return Double.isFinite(nmseAlpha) && Double.isFinite(nmseXi) && Double.isFinite(nmseD) && Double.isFinite(mean)
                && Double.isFinite(err);
    }

    private static void checkRow(double[][] truth, double[][] pred, int i) {
        if (truth[i].length != PARAMETERS || pred[i].length != PARAMETERS) {
            throw new IllegalArgumentException("row " + i + ": expected " + PARAMETERS
                    + " values (alpha, xi, d), got " + truth[i].length + " true and " + pred[i].length
                    + " predicted");
        }
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "n=%d NMSE alpha=%.4f xi=%.4f d=%.4f mean=%.4f Err=%.2f", n, nmseAlpha, nmseXi, nmseD, mean, err);
    }
}
