package org.spinecho.ml.fit;

import java.util.ArrayList;
import java.util.List;
import org.spinecho.data.MeasuredCurve;
import org.spinecho.ml.UncertaintyCalibration;
import org.spinecho.ml.bound.Experiment;
import org.spinecho.sim.EchoSequence;
import org.spinecho.sim.SimulationParameters;
import org.spinecho.sim.Theta;

/**
 * One sample's curve(s) made ready for {@link LikelihoodFit}: the experiment (one Hahn echo per
 * curve, its flip angle, and the time step of a measured curve), the data vector and the noise
 * estimated from the curves.
 *
 * @param experiment     the experiment on the template's lattice and kernel
 * @param data           Re then Im of each curve, curve after curve
 * @param estimatedNoise the largest noise estimate of the curves (per component)
 * @param measured       whether a curve carried a time column: scale and phase are then unknown
 */
public record SampleCurves(Experiment experiment, double[] data, double estimatedNoise, boolean measured) {

    /**
     * The curves with their first-pulse flip angles in degrees (each in (0, 180)).
     *
     * @throws IllegalArgumentException naming the curve (by {@code names}) that is not 3·nτ samples,
     *                                  or a flip angle out of range
     */
    public static SampleCurves of(SimulationParameters template, List<MeasuredCurve> curves, List<Double> flipAngles,
                                  List<String> names) {
        if (curves.isEmpty() || flipAngles.size() != curves.size()) {
            throw new IllegalArgumentException("one flip angle per curve: " + curves.size() + " curves, "
                    + flipAngles.size() + " angles");
        }
        List<EchoSequence> sequences = new ArrayList<>();
        int total = 0;
        for (int j = 0; j < curves.size(); j++) {
            MeasuredCurve c = curves.get(j);
            if (c.re().length % 3 != 0) {
                throw new IllegalArgumentException(names.get(j) + ": " + c.re().length + " samples is not 3*ntau");
            }
            double angle = flipAngles.get(j);
            if (!(angle > 0 && angle < 180)) {
                throw new IllegalArgumentException("--flip-angle must lie between 0 and 180 degrees, got " + angle);
            }
            EchoSequence s = EchoSequence.DEFAULT.withNtau(c.re().length / 3).withFlipAngle(Math.toRadians(angle));
            sequences.add(c.hasTime() ? s.withDt(c.dtUnits()) : s);
            total += 2 * c.re().length;
        }
        double[] raw = new double[total];
        int off = 0;
        double noise = 0;
        for (MeasuredCurve c : curves) {
            System.arraycopy(c.re(), 0, raw, off, c.re().length);
            System.arraycopy(c.im(), 0, raw, off + c.re().length, c.im().length);
            off += 2 * c.re().length;
            noise = Math.max(noise, NoiseEstimate.of(c.re(), c.im()));
        }
        return new SampleCurves(new Experiment(template.withSequence(sequences.get(0)), sequences), raw, noise,
                curves.stream().anyMatch(MeasuredCurve::hasTime));
    }

    /**
     * The network's estimate as the fit's start and prior.
     *
     * @param estimate   the network's α, ξ, d
     * @param prior      its calibrated Gaussian error as the fit's prior, or null without a calibration
     * @param interval90 its calibrated 90% intervals (rows α, ξ, d: lo, hi), or null
     */
    public record NetworkStart(double[] estimate, LikelihoodFit.GaussianPrior prior, double[][] interval90) {

        /**
         * From the network's estimate and the model's calibration (may be null) at the curve's noise.
         *
         * @param noise the curve's noise σ per component (given, or estimated from the curve)
         */
        public static NetworkStart of(double[] estimate, UncertaintyCalibration cal, double noise) {
            if (cal == null) {
                return new NetworkStart(estimate.clone(), null, null);
            }
            UncertaintyCalibration.Local local = cal.at(estimate, noise);
            double[][] interval = new double[3][];
            for (int k = 0; k < 3; k++) {
                interval[k] = local.interval(k, 0.90);
            }
            return new NetworkStart(estimate.clone(), new LikelihoodFit.GaussianPrior(estimate,
                    local.covariance()), interval);
        }

        /** The start: the estimate moved into the simulator's domain (α ≥ 0, ξ ≥ 0.001, d ≥ −3). */
        public Theta start() {
            return clamped(estimate);
        }
    }

    /** α, ξ, d moved into the simulator's domain (α ≥ 0, ξ ≥ 0.001, d ≥ −3). */
    public static Theta clamped(double[] v) {
        return new Theta(Math.max(0, v[0]), Math.max(1e-3, v[1]), Math.max(-3, v[2]));
    }
}
