package org.spinecho.ml.study;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.stream.IntStream;
import org.spinecho.ml.UncertaintyCalibration;
import org.spinecho.ml.fit.NoiseEstimate;

/**
 * Calibrates a model's uncertainty over the noise levels it is used at: the calibration set is
 * predicted once per level with seeded white noise of that σ added to Re and Im (level l: streams
 * 101 + 2l and 102 + 2l of {@link ErrorBreakdown#withNoise}, so the noise differs from
 * {@code evaluate}'s and between levels), and each noisy curve's noise is estimated from the curve
 * itself ({@link NoiseEstimate}), as it is for a curve of unknown noise.
 */
public final class NoisyCalibration {
    /** The levels calibrated by default: noiseless, and half-decade steps from 10⁻⁴ to 0.03. */
    public static final List<Double> DEFAULT_LEVELS = List.of(0.0, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03);

    private NoisyCalibration() {
    }

    /**
     * The calibration over the levels.
     *
     * @param predict    the model: (Re rows, Im rows) to rows of α, ξ, d
     * @param re         the calibration curves' real parts (noiseless)
     * @param im         their imaginary parts
     * @param truth      their true (α, ξ, d)
     * @param levels     σ per component of each replica, strictly increasing, >= 0
     * @param neighbours k
     * @param prior      the prior range of each parameter: {low, high} rows for α, ξ, d
     * @return the calibration
     */
    public static UncertaintyCalibration calibrate(BinaryOperator<double[][]> predict, double[][] re, double[][] im,
                                                   double[][] truth, List<Double> levels, int neighbours,
                                                   double[][] prior) {
        List<UncertaintyCalibration.Replica> replicas = new ArrayList<>();
        for (int l = 0; l < levels.size(); l++) {
            double sigma = levels.get(l);
            double[][] nr = ErrorBreakdown.withNoise(re, sigma, 101 + 2 * l);
            double[][] ni = ErrorBreakdown.withNoise(im, sigma, 102 + 2 * l);
            replicas.add(new UncertaintyCalibration.Replica(sigma, predict.apply(nr, ni), noiseOf(nr, ni)));
        }
        return UncertaintyCalibration.fit(truth, replicas, neighbours, prior);
    }

    /** The noise σ̂ estimated from each curve (per component; ~10⁻⁶ for a simulated clean curve). */
    public static double[] noiseOf(double[][] re, double[][] im) {
        double[] out = new double[re.length];
        IntStream.range(0, re.length).parallel().forEach(i -> out[i] = NoiseEstimate.of(re[i], im[i]));
        return out;
    }
}
