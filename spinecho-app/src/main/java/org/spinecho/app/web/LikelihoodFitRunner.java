package org.spinecho.app.web;

import org.spinecho.data.Preset;
import org.spinecho.data.Prior;
import org.spinecho.ml.SimulatorFit;
import org.spinecho.ml.TrainedModel;
import org.spinecho.ml.UncertaintyCalibration;
import org.spinecho.sim.CouplingKernel;
import org.spinecho.sim.EchoSequence;
import org.spinecho.sim.Lattice;
import org.spinecho.sim.SimulationParameters;

/**
 * The one place where the page's Fit button meets the library's likelihood fit: today
 * {@link SimulatorFit} as {@code spinecho fit --curve} runs it by default (start and Gaussian prior
 * from the calibrated model's estimate, the prior box as bounds, K layouts averaged), and the
 * combined estimate (mean of model and fit) with the model's 90% interval moved onto it. Swapping
 * the fit means changing this class only.
 */
final class LikelihoodFitRunner {
    /**
     * What to fit.
     *
     * @param kernel      gauss or rkky
     * @param re          the curve's real parts
     * @param im          the curve's imaginary parts
     * @param lattice     lattice of the simulated model curves
     * @param layoutSeeds layouts averaged per model curve
     * @param noise       known noise per component (0 if unknown)
     * @param threads     simulation threads
     */
    record Input(String kernel, double[] re, double[] im, Lattice lattice, int layoutSeeds, double noise,
                 int threads) {
    }

    /**
     * The fit's answer, in the units of {@code /api/predict}.
     *
     * @param start              the network's estimate (the fit's start and prior centre)
     * @param fit                the fitted values
     * @param stderr             their standard errors
     * @param combined           mean of start and fit (the start alone after a misfit warning)
     * @param combinedInterval90 the network's 90% interval moved onto the combined estimate
     * @param recommended        which of start, fit and combined to use
     * @param residualRms        RMS of data − fitted model curve over Re and Im
     * @param expectedRms        what a correct model leaves (layout spread, noise)
     * @param warning            why the fit should not be trusted, or null
     * @param fitRe              the model curve at the fit (layout mean), real parts
     * @param fitIm              its imaginary parts
     * @param iterations         optimiser iterations
     * @param evaluations        model evaluations
     */
    record Outcome(NetworkEstimate.Triple start, NetworkEstimate.Triple fit, NetworkEstimate.Triple stderr,
                   NetworkEstimate.Triple combined,
                   @com.fasterxml.jackson.annotation.JsonProperty("combined_interval_90")
                   NetworkEstimate.Intervals combinedInterval90, String recommended,
                   double residualRms, double expectedRms, String warning, double[] fitRe, double[] fitIm,
                   int iterations, int evaluations) {
    }

    private LikelihoodFitRunner() {
    }

    /**
     * Runs the fit on the calling thread. Interrupting the thread cancels it (the simulator's
     * worker threads are stopped when it returns); the interruption surfaces as an
     * {@link IllegalStateException}.
     */
    static Outcome run(Input in, TrainedModel model) {
        NetworkEstimate estimate = NetworkEstimate.of(in.kernel(), model, in.re(), in.im());
        double[] start = estimate.values();
        UncertaintyCalibration cal = model.calibration();
        double[][] covariance = cal != null ? cal.covariance(start) : null;
        Prior prior = Preset.of(in.kernel()).prior();
        SimulatorFit.Bounds bounds = new SimulatorFit.Bounds(
                new double[] {prior.alpha().lo(), prior.xi().lo(), prior.d().lo()},
                new double[] {prior.alpha().hi(), prior.xi().hi(), prior.d().hi()});
        SimulationParameters template = SimulationParameters.of(CouplingKernel.of(in.kernel(), 8, 1), 0.5, 3)
                .withLattice(in.lattice()).withSequence(EchoSequence.DEFAULT.withNtau(in.re().length / 3));
        SimulatorFit.Result r;
        try (SimulatorFit fit = new SimulatorFit(template, in.layoutSeeds(), in.noise(), in.threads(), bounds)) {
            r = fit.fit(in.re(), in.im(), start, covariance);
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException("interrupted");
        }
        int n = in.re().length;
        double[] fitRe = java.util.Arrays.copyOfRange(r.fitCurve(), 0, n);
        double[] fitIm = java.util.Arrays.copyOfRange(r.fitCurve(), n, 2 * n);
        NetworkEstimate.Triple combined = null;
        NetworkEstimate.Intervals combinedInterval = null;
        String recommended = r.warning() != null ? "start" : "fit";
        if (cal != null) { // the start is the calibrated model's estimate: the combined estimate applies
            double[] c = r.combined();
            combined = NetworkEstimate.Triple.of(c);
            combinedInterval = NetworkEstimate.intervals(cal, cal.sigma(r.start()), c);
            if (r.warning() == null) {
                recommended = "combined";
            }
        }
        return new Outcome(NetworkEstimate.Triple.of(r.start()), NetworkEstimate.Triple.of(r.fit()),
                NetworkEstimate.Triple.of(r.stderr()), combined, combinedInterval, recommended, r.residualRms(),
                r.expectedRms(), r.warning(), fitRe, fitIm, r.iterations(), r.evaluations());
    }
}
