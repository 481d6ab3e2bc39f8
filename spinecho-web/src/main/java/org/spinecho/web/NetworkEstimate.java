package org.spinecho.web;

import org.spinecho.data.Preset;
import org.spinecho.data.Prior;
import org.spinecho.ml.Estimator;
import org.spinecho.ml.UncertaintyCalibration;
import org.spinecho.ml.fit.NoiseEstimate;

/**
 * The answer of {@code POST /api/predict}: the network's α, ξ, d (physical units, exactly what
 * {@code spinecho predict} prints for the curve) and, from the model's calibration, the standard
 * deviations, the 90% intervals and the local error covariance (3 × 3 over α, ξ, d; its α–ξ block
 * draws the uncertainty region), with the prior box the model was trained on.
 */
record NetworkEstimate(String kernel, double alpha, double xi, double d, Triple sd,
                       Intervals interval90, double[][] covariance, Intervals prior) {
    /** Level of the intervals (the predict command's --uncertainty level). */
    static final double LEVEL = 0.9;

    /** α, ξ, d of something. */
    record Triple(double alpha, double xi, double d) {
        static Triple of(double[] v) {
            return new Triple(v[0], v[1], v[2]);
        }
    }

    /** An interval [lo, hi] per parameter. */
    record Intervals(double[] alpha, double[] xi, double[] d) {
    }

    /** Estimates one curve. The length must be the model's (400 otherwise). */
    static NetworkEstimate of(String kernel, Estimator model, double[] re, double[] im) {
        if (re.length != im.length) {
            throw ApiError.badRequest("'re' has " + re.length + " samples but 'im' has " + im.length);
        }
        if (re.length != model.curveLength()) {
            throw ApiError.badRequest("the curve has " + re.length + " samples, but the " + kernel + " model expects "
                    + model.curveLength() + " (3*ntau with ntau = " + model.curveLength() / 3 + ")");
        }
        double[] p = model.predict(new double[][] {re}, new double[][] {im})[0];
        UncertaintyCalibration cal = model.calibration();
        Prior prior = Preset.of(kernel).prior();
        Intervals box = new Intervals(new double[] {prior.alpha().lo(), prior.alpha().hi()},
                new double[] {prior.xi().lo(), prior.xi().hi()}, new double[] {prior.d().lo(), prior.d().hi()});
        if (cal == null) {
            return new NetworkEstimate(kernel, p[0], p[1], p[2], null, null, null, box);
        }
        // the uncertainty at the curve's own noise (estimated from it)
        UncertaintyCalibration.Local local = cal.at(p, NoiseEstimate.of(re, im));
        return new NetworkEstimate(kernel, p[0], p[1], p[2], Triple.of(local.sd()), intervals(local),
                local.covariance(), box);
    }

    /** The 90% intervals of the network's estimate. */
    static Intervals intervals(UncertaintyCalibration.Local local) {
        return new Intervals(local.interval(0, LEVEL), local.interval(1, LEVEL), local.interval(2, LEVEL));
    }

    double[] values() {
        return new double[] {alpha, xi, d};
    }
}
