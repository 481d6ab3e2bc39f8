package org.spinecho.ml.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spinecho.data.Preset;
import org.spinecho.ml.bound.Experiment;
import org.spinecho.sim.BatchSimulator;
import org.spinecho.sim.CouplingKernel;
import org.spinecho.sim.EchoCurve;
import org.spinecho.sim.EchoSequence;
import org.spinecho.sim.Lattice;
import org.spinecho.sim.MeanFieldMethod;
import org.spinecho.sim.SimulationParameters;
import org.spinecho.sim.Theta;

/** The likelihood fit on small lattices, where the answer is known. */
class LikelihoodFitTest {
    private static final SimulationParameters TEMPLATE = SimulationParameters.of(new CouplingKernel.Gaussian(3), 0, 3)
            .withLattice(new Lattice(10, 10)).withSequence(EchoSequence.DEFAULT.withNtau(30));
    private static final int K = 16;

    /** The mean curve over the fit's own K layouts (seeds 1 … K): the curve the fit's model predicts exactly. */
    private static double[] meanCurve(Experiment exp, Theta theta) {
        List<SimulationParameters> jobs = new ArrayList<>();
        for (long seed = 1; seed <= K; seed++) {
            jobs.add(exp.curve(theta.applyTo(exp.template()), 0, seed));
        }
        List<EchoCurve> curves = new BatchSimulator(2).simulate(jobs, MeanFieldMethod.FFT);
        int n = curves.get(0).size();
        double[] raw = new double[2 * n];
        for (EchoCurve c : curves) {
            for (int s = 0; s < n; s++) {
                raw[s] += c.re(s) / K;
                raw[n + s] += c.im(s) / K;
            }
        }
        return raw;
    }

    /** Data = the mean curve at the truth over the fit's own layouts: the quasi-likelihood's root is the truth. */
    @Test
    void findsThePointWhoseMeanCurveItIsGiven() {
        Experiment exp = Experiment.single(TEMPLATE);
        Theta truth = new Theta(0.6, 4, 3.2);
        double[] data = meanCurve(exp, truth);
        LikelihoodFit fit = LikelihoodFit.builder().layouts(K).binSize(3).threads(2).maxIterations(12).build();
        LikelihoodFit.Result r = fit.fit(exp, data, 1e-4, new Theta(0.5, 4.6, 3.0), null, Preset.GAUSS.prior(),
                LikelihoodFit.Listener.NONE);
        // the minimum is exactly at the truth; the fit stops when a step moves less than 0.1 sd
        for (int k = 0; k < 3; k++) {
            assertEquals(truth.get(k), r.estimate().get(k), 0.6 * r.sd().get(k), "parameter " + k + ": " + r);
        }
        assertTrue(r.sd().alpha() < 0.15 * truth.alpha(), "the curve determines alpha: " + r.sd());
    }

    /** A final refinement on more layouts runs after the search (more simulations) and stays at the truth. */
    @Test
    void aFinalRefinementOnMoreLayoutsKeepsTheAnswer() {
        Experiment exp = Experiment.single(TEMPLATE);
        Theta truth = new Theta(0.6, 4, 3.2);
        double[] data = meanCurve(exp, truth);
        LikelihoodFit.Result plain = LikelihoodFit.builder().layouts(K).binSize(3).threads(2).maxIterations(6)
                .globalStage(false).build()
                .fit(exp, data, 1e-4, truth, null, Preset.GAUSS.prior(), LikelihoodFit.Listener.NONE);
        LikelihoodFit.Result fine = LikelihoodFit.builder().layouts(K).binSize(3).threads(2).maxIterations(6)
                .globalStage(false).finalLayouts(2 * K).build()
                .fit(exp, data, 1e-4, truth, null, Preset.GAUSS.prior(), LikelihoodFit.Listener.NONE);
        assertTrue(fine.simulations() >= plain.simulations() + 4L * 2 * K, fine.simulations() + " vs " + plain.simulations());
        for (int k = 0; k < 3; k++) {
            assertEquals(truth.get(k), fine.estimate().get(k), 1.5 * fine.sd().get(k), "parameter " + k + ": " + fine);
        }
    }

    @Test
    void anUnknownScaleAndPhaseAreFittedAway() {
        Experiment exp = Experiment.single(TEMPLATE);
        Theta truth = new Theta(0.6, 4, 3.2);
        double[] data = meanCurve(exp, truth);
        int n = data.length / 2;
        double cr = 0.7 * Math.cos(0.5);
        double ci = 0.7 * Math.sin(0.5);
        for (int s = 0; s < n; s++) {
            double re = data[s];
            double im = data[n + s];
            data[s] = cr * re - ci * im;
            data[n + s] = cr * im + ci * re;
        }
        LikelihoodFit fit = LikelihoodFit.builder().layouts(K).binSize(3).threads(2).maxIterations(12)
                .scaleAndPhase(true).build();
        LikelihoodFit.Result r = fit.fit(exp, data, 1e-4, new Theta(0.5, 4.6, 3.0), null, Preset.GAUSS.prior(),
                LikelihoodFit.Listener.NONE);
        assertEquals(truth.alpha(), r.estimate().alpha(), 0.03 * truth.alpha(), r.toString());
        assertEquals(truth.d(), r.estimate().d(), 0.02, r.toString());
    }

    /** At α = 0 the curve says nothing about ξ: the fit returns the prior's ξ with the prior's spread. */
    @Test
    void anInvisibleParameterKeepsThePriorsWidth() {
        Experiment exp = Experiment.single(TEMPLATE);
        double[] data = meanCurve(exp, new Theta(0, 4, 3.2));
        double[][] priorCov = {{0.01, 0, 0}, {0, 9, 0}, {0, 0, 0.04}};
        LikelihoodFit.GaussianPrior prior = new LikelihoodFit.GaussianPrior(new double[] {0.02, 10, 3.1}, priorCov);
        LikelihoodFit fit = LikelihoodFit.builder().layouts(K).binSize(3).threads(2).build();
        LikelihoodFit.Result r = fit.fit(exp, data, 0.001, new Theta(0.02, 10, 3.1), prior, Preset.GAUSS.prior(),
                LikelihoodFit.Listener.NONE);
        assertEquals(3.0, r.sd().xi(), 0.5, "sd of xi stays near the prior's 3: " + r);
        double width = r.interval90()[1][1] - r.interval90()[1][0];
        assertTrue(width > 6, "a wide interval on an invisible xi, got " + width);
        assertEquals(3.2, r.estimate().d(), 0.02, r.toString());
    }
    /**
     * The walk along the valley: its weights sum to 1, the estimate is their weighted mean, the
     * truth (whose mean curve the data are) carries the most weight, and a temperature above 1
     * spreads the weight and widens the intervals without moving the mode.
     */
    @Test
    void theWalkAlongTheValleyIsAPosteriorMean() {
        Experiment exp = Experiment.single(TEMPLATE);
        Theta truth = new Theta(0.6, 4, 3.2);
        double[] data = meanCurve(exp, truth);
        LikelihoodFit.Builder b = LikelihoodFit.builder().layouts(K).binSize(3).threads(2).maxIterations(6)
                .globalStage(false).valley(4, 0.05);
        LikelihoodFit.Result cold = b.build().fit(exp, data, 1e-3, truth, null, Preset.GAUSS.prior(),
                LikelihoodFit.Listener.NONE);
        LikelihoodFit.Result warm = b.temperature(50).build().fit(exp, data, 1e-3, truth, null, Preset.GAUSS.prior(),
                LikelihoodFit.Listener.NONE);
        for (LikelihoodFit.Result r : List.of(cold, warm)) {
            assertTrue(r.valley().size() >= 3, "the walk took steps: " + r.valley());
            double total = 0;
            double[] mean = new double[3];
            for (LikelihoodFit.ValleyPoint p : r.valley()) {
                total += p.weight();
                for (int k = 0; k < 3; k++) {
                    mean[k] += p.weight() * p.theta().get(k);
                }
            }
            assertEquals(1, total, 1e-12);
            for (int k = 0; k < 3; k++) {
                assertEquals(mean[k], r.estimate().get(k), 1e-12);
            }
        }
        LikelihoodFit.ValleyPoint heaviest = cold.valley().stream()
                .max(java.util.Comparator.comparingDouble(LikelihoodFit.ValleyPoint::weight)).orElseThrow();
        assertEquals(truth.alpha(), heaviest.theta().alpha(), 0.03 * truth.alpha(), cold.toString());
        assertEquals(truth.alpha(), cold.estimate().alpha(), 0.03 * truth.alpha(), cold.toString());
        assertEquals(cold.mode(), warm.mode());
        for (int k = 0; k < 3; k++) {
            double wCold = cold.interval90()[k][1] - cold.interval90()[k][0];
            double wWarm = warm.interval90()[k][1] - warm.interval90()[k][0];
            assertTrue(wWarm > 2 * wCold, "parameter " + k + ": " + wWarm + " vs " + wCold);
        }
    }

    /**
     * The scan along the valley: a search that ends on the valley's floor far from the truth (here:
     * where a prior pinning α at 0.5 put it, then no Gauss–Newton step) is moved by the scan, which
     * scores each point under its own covariance, to the truth's neighbourhood; without the scan the
     * end point stays there.
     */
    @Test
    void theScanAlongTheValleyLeavesAWrongEndPoint() {
        Experiment exp = Experiment.single(TEMPLATE);
        Theta truth = new Theta(0.9, 4, 3.2);
        double[] data = singleLayoutCurve(exp, truth, 1000);
        // a point on the valley's floor at α = 0.5: the fit with α pinned by a narrow prior
        LikelihoodFit.GaussianPrior pin = new LikelihoodFit.GaussianPrior(new double[] {0.5, 4, 3.2},
                new double[][] {{1e-8, 0, 0}, {0, 100, 0}, {0, 0, 100}});
        Theta floor = LikelihoodFit.builder().layouts(K).binSize(3).threads(2).maxIterations(12).valley(0, 0.05)
                .covarianceLayouts(0).scanValley(false).build()
                .fit(exp, data, 1e-4, new Theta(0.5, 4, 3.2), pin, Preset.GAUSS.prior(), LikelihoodFit.Listener.NONE)
                .mode();
        assertEquals(0.5, floor.alpha(), 1e-3);
        LikelihoodFit.Builder b = LikelihoodFit.builder().layouts(K).binSize(3).threads(2).maxIterations(0)
                .valley(0, 0.05).covarianceLayouts(0);
        LikelihoodFit.Result without = b.scanValley(false).build().fit(exp, data, 1e-4, floor, null,
                Preset.GAUSS.prior(), LikelihoodFit.Listener.NONE);
        LikelihoodFit.Result with = b.scanValley(true).build().fit(exp, data, 1e-4, floor, null,
                Preset.GAUSS.prior(), LikelihoodFit.Listener.NONE);
        double before = Math.abs(Math.log(without.mode().alpha() / truth.alpha()));
        double after = Math.abs(Math.log(with.mode().alpha() / truth.alpha()));
        assertTrue(after < before / 3, "alpha without the scan " + without.mode().alpha() + ", with "
                + with.mode().alpha() + " (truth " + truth.alpha() + "): " + with);
        assertTrue(with.chiSquare() < without.chiSquare(), with.chiSquare() + " vs " + without.chiSquare());
    }

    /** One layout's curve (not one of the fit's layouts): what a sample gives. */
    private static double[] singleLayoutCurve(Experiment exp, Theta theta, long seed) {
        EchoCurve c = new BatchSimulator(1).simulate(List.of(exp.curve(theta.applyTo(exp.template()), 0, seed)),
                MeanFieldMethod.FFT).get(0);
        int n = c.size();
        double[] raw = new double[2 * n];
        for (int s = 0; s < n; s++) {
            raw[s] = c.re(s);
            raw[n + s] = c.im(s);
        }
        return raw;
    }
}
