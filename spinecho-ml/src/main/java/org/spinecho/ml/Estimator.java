package org.spinecho.ml;

/**
 * Estimates the parameters (α, ξ, d) of echo curves, in physical units and in that order
 * ({@link org.spinecho.sim.Theta#NAMES}), with a calibrated uncertainty where the estimator
 * carries an {@link UncertaintyCalibration}.
 *
 * <p>Two kinds exist: one trained network ({@link Network}) and an ensemble of networks that
 * predicts their mean ({@link Ensemble}). {@link ModelDirectory} reads and writes both. An
 * estimator holds native memory once used: close it when done. {@link #predict} is safe to call
 * from several threads.
 */
public sealed interface Estimator extends AutoCloseable permits Network, Ensemble {

    /**
     * What the estimator is and how it was made.
     *
     * @return the manifest (for an ensemble its own, not a member's)
     */
    Manifest manifest();

    /**
     * Samples per curve the estimator accepts (3·ntau).
     *
     * @return the curve length
     */
    int curveLength();

    /**
     * Predicts (α, ξ, d) in physical units for each curve; rows of {@code re} and {@code im} are
     * curves of {@link #curveLength()} samples.
     *
     * @param re real parts, one curve per row
     * @param im imaginary parts, one curve per row
     * @return one row (α, ξ, d) per curve
     * @throws IllegalArgumentException if a curve's length does not match
     */
    double[][] predict(double[][] re, double[][] im);

    /**
     * The uncertainty calibration, or null if the estimator has none.
     *
     * @return the calibration or null
     */
    UncertaintyCalibration calibration();

    /**
     * The architecture's name, e.g. "cnn", or for an ensemble "3 x cnn".
     *
     * @return a short description
     */
    String description();

    /**
     * Networks whose predictions are averaged.
     *
     * @return 1 for a single network
     */
    int memberCount();

    /**
     * Size of the weights.
     *
     * @return bytes of weights, summed over the networks
     */
    int parameterBytes();

    /** Releases the native memory (the estimator loads it again if used). */
    @Override
    void close();

    /**
     * The estimate of one curve, with its uncertainty if the estimator is calibrated; the curve's
     * noise, which the uncertainty depends on, is estimated from the curve
     * ({@link org.spinecho.ml.fit.NoiseEstimate}).
     *
     * @param re    real part of the curve
     * @param im    imaginary part of the curve
     * @param level level of the central intervals, in (0, 1)
     * @return the estimate
     */
    default Estimate estimate(double[] re, double[] im, double level) {
        return estimate(re, im, org.spinecho.ml.fit.NoiseEstimate.of(re, im), level);
    }

    /**
     * The estimate of one curve of known noise, with its uncertainty if the estimator is calibrated.
     *
     * @param re    real part of the curve
     * @param im    imaginary part of the curve
     * @param noise the curve's white noise σ per component (>= 0)
     * @param level level of the central intervals, in (0, 1)
     * @return the estimate
     */
    default Estimate estimate(double[] re, double[] im, double noise, double level) {
        double[] value = predict(new double[][] {re}, new double[][] {im})[0];
        UncertaintyCalibration cal = calibration();
        if (cal == null) {
            return new Estimate(value, null, null, level, noise);
        }
        UncertaintyCalibration.Local local = cal.at(value, noise);
        double[][] interval = new double[value.length][];
        for (int v = 0; v < value.length; v++) {
            interval[v] = local.interval(v, level);
        }
        return new Estimate(value, local.sd(), interval, level, noise);
    }

    /**
     * Predicts and scores against the true parameters.
     *
     * @param re    real parts, one curve per row
     * @param im    imaginary parts, one curve per row
     * @param truth true (α, ξ, d), one row per curve
     * @return the scores
     */
    default Scores evaluate(double[][] re, double[][] im, double[][] truth) {
        return Scores.compute(truth, predict(re, im));
    }

    /**
     * An estimate of (α, ξ, d) for one curve.
     *
     * @param value    the predicted (α, ξ, d)
     * @param sd       the calibrated standard deviation of each, or null without a calibration
     * @param interval the central interval {lo, hi} of each at {@code level}, or null without a calibration
     * @param level    the level of the intervals
     * @param noise    the curve's noise σ per component that the uncertainty is for
     */
    record Estimate(double[] value, double[] sd, double[][] interval, double level, double noise) {
        /**
         * Whether the estimate carries a calibrated uncertainty.
         *
         * @return true if sd and interval are given
         */
        public boolean calibrated() {
            return sd != null;
        }
    }
}
