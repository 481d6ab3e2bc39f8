package org.spinecho.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spinecho.sim.CouplingKernel;
import org.spinecho.sim.EchoCurve;
import org.spinecho.sim.EchoSequence;
import org.spinecho.sim.Lattice;
import org.spinecho.sim.MeanFieldIntegrator;
import org.spinecho.sim.SimulationParameters;

/** Refinement by the simulator on a 32 × 32 lattice with ntau 40. */
class SimulatorFitTest {
    static final long MEASURED_LAYOUT = 987654321L;
    static final SimulationParameters SMALL = SimulationParameters.of(new CouplingKernel.Gaussian(5), 0.5, 3)
            .withLattice(new Lattice(32, 32)).withSequence(EchoSequence.DEFAULT.withNtau(40));

    static EchoCurve measured(SimulationParameters p) {
        return new MeanFieldIntegrator(p.withLayoutSeed(MEASURED_LAYOUT)).run();
    }

    /** With the curve's own layout the model is exact: the fit must land on the true parameters. */
    @Test
    void recoversKnownParametersWhenTheLayoutIsKnown() {
        SimulationParameters truth = SMALL.withAlpha(0.8).withXi(4).withD(2.3);
        EchoCurve curve = measured(truth);
        try (SimulatorFit fit = new SimulatorFit(SMALL, new long[] {MEASURED_LAYOUT}, 0, 2)) {
            SimulatorFit.Result r = fit.fit(curve.re(), curve.im(), new double[] {0.92, 3.4, 2.4});
            assertEquals(0.8, r.fit()[0], 0.01, "alpha");
            assertEquals(4, r.fit()[1], 0.05, "xi");
            assertEquals(2.3, r.fit()[2], 0.005, "d");
            assertTrue(r.residualRms() < 1e-6 && r.residualRms() < 1e-3 * r.startRms(), "rms " + r.residualRms());
            assertNull(r.warning(), r.warning());
            for (double s : r.stderr()) {
                assertTrue(s >= 0 && Double.isFinite(s), "standard error " + s);
            }
        }
    }

    /** A start outside the box is clamped into it, and no step leaves it. */
    @Test
    void staysInsideTheBounds() {
        SimulationParameters truth = SMALL.withAlpha(0.8).withXi(4).withD(2.3);
        EchoCurve curve = measured(truth);
        SimulatorFit.Bounds box = new SimulatorFit.Bounds(new double[] {0, 3, 2}, new double[] {0.6, 20, 5});
        try (SimulatorFit fit = new SimulatorFit(SMALL, 1, 0, 2, box)) {
            SimulatorFit.Result r = fit.fit(curve.re(), curve.im(), new double[] {-0.2, 2, 2.4});
            assertEquals(0, r.start()[0], 0, "start alpha clamped to 0");
            assertEquals(3, r.start()[1], 0, "start xi clamped to 3");
            // the truth (α 0.8) is outside the box: the fit ends on its edge, not beyond
            assertEquals(0.6, r.fit()[0], 1e-12, "alpha on the upper bound");
            assertTrue(r.fit()[1] >= 3 && r.fit()[1] <= 20, "xi " + r.fit()[1]);
        }
        assertThrows(IllegalArgumentException.class,
                () -> new SimulatorFit.Bounds(new double[] {0, 0, 2}, new double[] {1, 20, 5}), "xi lower bound 0");
        assertThrows(IllegalArgumentException.class,
                () -> new SimulatorFit.Bounds(new double[] {0, 3, 5}, new double[] {1, 20, 2}), "d lower > upper");
    }

    /**
     * With unknown layouts (averaged over 4 others) the curve fixes the dephasing and the total
     * coupling α·ξ² (∝ α·Σ_r J(r) for the Gaussian) far better than α and ξ apart.
     */
    @Test
    void recoversTheIdentifiableCombinationFromAnotherLayout() {
        SimulationParameters truth = SMALL.withAlpha(0.8).withXi(4).withD(2.3);
        EchoCurve curve = measured(truth);
        try (SimulatorFit fit = new SimulatorFit(SMALL, 4, 0, 2)) {
            SimulatorFit.Result r = fit.fit(curve.re(), curve.im(), new double[] {0.92, 3.4, 2.4});
            double strength = r.fit()[0] * r.fit()[1] * r.fit()[1];
            assertEquals(0.8 * 16, strength, 0.05 * 0.8 * 16, "alpha xi^2");
            assertEquals(2.3, r.fit()[2], 0.03, "d");
            assertTrue(r.residualRms() < 0.05 * r.startRms(), "rms " + r.residualRms() + " start " + r.startRms());
            assertNull(r.warning(), r.warning());
        }
    }

    /**
     * A curve from the RKKY kernel fitted with the Gaussian one. The layout is known here, so a
     * correct model would fit to rounding (previous tests); with unknown layouts the warning only
     * fires where the kernels differ by more than the layout-to-layout spread.
     */
    @Test
    void warnsWhenTheCurveComesFromTheOtherKernel() {
        SimulationParameters rkky = SMALL.withKernel(new CouplingKernel.Rkky(10)).withAlpha(1.5).withD(2.5);
        EchoCurve curve = measured(rkky);
        try (SimulatorFit fit = new SimulatorFit(SMALL, new long[] {MEASURED_LAYOUT}, 0, 2)) {
            SimulatorFit.Result r = fit.fit(curve.re(), curve.im(), new double[] {1.7, 8.5, 2.6});
            assertNotNull(r.warning(), "residual " + r.residualRms() + " expected " + r.expectedRms());
            assertTrue(r.residualRms() > SimulatorFit.MISFIT_FACTOR * r.expectedRms(),
                    "residual " + r.residualRms() + " expected " + r.expectedRms());
            assertTrue(r.warning().contains("may not come from this model"), r.warning());
        }
    }

    /** A prior far wider than the curve's information changes nothing: the fit is the least-squares one. */
    @Test
    void aWidePriorLeavesTheLeastSquaresFit() {
        SimulationParameters truth = SMALL.withAlpha(0.8).withXi(4).withD(2.3);
        EchoCurve curve = measured(truth);
        double[][] wide = {{100, 0, 0}, {0, 1e4, 0}, {0, 0, 100}};
        try (SimulatorFit fit = new SimulatorFit(SMALL, new long[] {MEASURED_LAYOUT}, 0, 2)) {
            SimulatorFit.Result r = fit.fit(curve.re(), curve.im(), new double[] {0.92, 3.4, 2.4}, wide);
            assertEquals(0.8, r.fit()[0], 0.01, "alpha");
            assertEquals(4, r.fit()[1], 0.05, "xi");
            assertEquals(2.3, r.fit()[2], 0.005, "d");
            assertTrue(r.curveWeight() > 0 && Double.isFinite(r.curveWeight()), "sigma_eff " + r.curveWeight());
        }
    }

    /**
     * A prior that pins α (but not ξ) keeps α at the start; the curve, which fixes the total
     * coupling α·ξ² and d, then moves ξ and d to match them. The posterior standard error of α is
     * no larger than the prior's.
     */
    @Test
    void aTightPriorHoldsWhatTheCurveDoesNotDetermine() {
        SimulationParameters truth = SMALL.withAlpha(0.8).withXi(4).withD(2.3);
        EchoCurve curve = measured(truth);
        double[][] tight = {{1e-6, 0, 0}, {0, 100, 0}, {0, 0, 1}};
        try (SimulatorFit fit = new SimulatorFit(SMALL, 4, 0, 2)) {
            SimulatorFit.Result r = fit.fit(curve.re(), curve.im(), new double[] {0.85, 4.4, 2.45}, tight);
            assertEquals(0.85, r.fit()[0], 0.005, "alpha held by the prior");
            double strength = r.fit()[0] * r.fit()[1] * r.fit()[1];
            assertEquals(0.8 * 16, strength, 0.05 * 0.8 * 16, "alpha xi^2 from the curve");
            assertEquals(2.3, r.fit()[2], 0.03, "d from the curve");
            assertTrue(r.stderr()[0] <= 1e-3 + 1e-12, java.util.Arrays.toString(r.stderr()));
        }
    }

    /** The combined estimate: the midpoint of model and fit, the model alone after a warning. */
    @Test
    void combinedEstimateIsTheMidpointUnlessTheFitWarned() {
        double[] model = {0.4, 10, 3};
        double[] fitted = {0.6, 7, 3.5};
        assertArrayEquals(new double[] {0.5, 8.5, 3.25},
                SimulatorFit.combine(model, fitted, false), 1e-15);
        assertArrayEquals(model, SimulatorFit.combine(model, fitted, true), 0);
        assertThrows(IllegalArgumentException.class,
                () -> SimulatorFit.combine(new double[] {1, 2}, fitted, false));
    }
}
