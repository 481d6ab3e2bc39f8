package org.spinecho.web;

import java.util.List;
import java.util.concurrent.CancellationException;
import org.spinecho.data.Kernel;
import org.spinecho.data.MeasuredCurve;
import org.spinecho.data.Preset;
import org.spinecho.ml.Estimator;
import org.spinecho.ml.fit.FitCalibration;
import org.spinecho.ml.fit.LikelihoodFit;
import org.spinecho.ml.fit.SampleCurves;
import org.spinecho.sim.Lattice;
import org.spinecho.sim.SimulationParameters;

/**
 * The one place where the page's Fit button meets the library's likelihood fit: today
 * {@link LikelihoodFit} as {@code spinecho fit --curve} runs it by default (start and Gaussian prior
 * from the calibrated network's estimate, the preset's prior box, K layouts, the noise estimated from
 * the curve). Swapping the fit means changing this class only.
 */
final class LikelihoodFitRunner {
    /**
     * What to fit.
     *
     * @param kernel      gauss or rkky
     * @param re          the curve's real parts
     * @param im          the curve's imaginary parts
     * @param lattice     lattice of the simulated model curves
     * @param layoutSeeds layouts simulated per model curve
     * @param noise       known noise per component, or NaN to estimate it from the curve
     * @param threads     simulation threads
     */
    record Input(String kernel, double[] re, double[] im, Lattice lattice, int layoutSeeds, double noise,
                 int threads) {
    }

    /**
     * The fit's answer, in the units of {@code /api/predict}.
     *
     * @param start       the network's estimate (the fit's start and prior centre)
     * @param fit         the fitted values
     * @param sd          their standard deviations (posterior curvature)
     * @param interval90  the fit's 90% intervals, clipped to the prior box
     * @param noise       the noise σ per component used (given or estimated)
     * @param chiSquare   the whitened residual at the fit
     * @param dimension   the binned data's length (χ² of a correct model is about this)
     * @param iterations  optimiser iterations
     * @param simulations simulated curves in all
     * @param warning     why the fit should not be trusted, or null
     */
    record Outcome(NetworkEstimate.Triple start, NetworkEstimate.Triple fit, NetworkEstimate.Triple sd,
                   NetworkEstimate.Intervals interval90, double noise, double chiSquare, int dimension,
                   int iterations, long simulations, String warning) {
    }

    /** Fewest layouts the fit accepts (it estimates the layout's covariance from them). */
    static final int MIN_LAYOUTS = 4;

    private LikelihoodFitRunner() {
    }

    /**
     * Runs the fit on the calling thread, reporting its stage and simulations. Interrupting the
     * thread cancels it at the fit's next progress report (a {@link CancellationException}).
     */
    static Outcome run(Input in, Estimator model, Jobs.Progress progress) {
        NetworkEstimate estimate = NetworkEstimate.of(in.kernel(), model, in.re(), in.im());
        double[] network = estimate.values();
        SimulationParameters template = SimulationParameters.of(Kernel.of(in.kernel()).coupling(10, 1), 0.5, 3)
                .withLattice(in.lattice());
        SampleCurves sample = SampleCurves.of(template, List.of(new MeasuredCurve(in.re(), in.im(), Double.NaN)),
                List.of(90.0), List.of("the curve"));
        double sigma = Double.isNaN(in.noise()) ? sample.estimatedNoise() : in.noise();
        SampleCurves.NetworkStart start = SampleCurves.NetworkStart.of(network, model.calibration(), sigma);
        LikelihoodFit fit = LikelihoodFit.builder().layouts(in.layoutSeeds()).threads(in.threads())
                .temperature(FitCalibration.of(Kernel.of(in.kernel())).temperature()).build();
        LikelihoodFit.Result r = fit.fit(sample.experiment(), sample.data(), sigma, start.start(), start.prior(),
                Preset.of(in.kernel()).prior(), (stage, simulations) -> {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new CancellationException("cancelled");
                    }
                    progress.stage(stage + ", " + simulations + " simulations");
                });
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("cancelled");
        }
        double[][] iv = r.interval90();
        return new Outcome(NetworkEstimate.Triple.of(network), NetworkEstimate.Triple.of(r.estimate().toArray()),
                NetworkEstimate.Triple.of(r.sd().toArray()), new NetworkEstimate.Intervals(iv[0], iv[1], iv[2]), sigma,
                r.chiSquare(), r.dimension(), r.iterations(), r.simulations(), r.warning());
    }
}
