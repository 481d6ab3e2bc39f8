package org.spinecho.ml.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spinecho.data.GaussianNoise;
import org.spinecho.sim.CouplingKernel;
import org.spinecho.sim.EchoCurve;
import org.spinecho.sim.Lattice;
import org.spinecho.sim.MeanFieldIntegrator;
import org.spinecho.sim.SimulationParameters;
import org.spinecho.sim.SplitMix64;

/** σ estimated from a simulated echo with known added noise. */
class NoiseEstimateTest {
    private static final EchoCurve CURVE = new MeanFieldIntegrator(
            SimulationParameters.of(new CouplingKernel.Gaussian(4), 0.5, 3).withLattice(new Lattice(16, 16))).run();

    @Test
    void recoversTheAddedNoiseWithinTenPercent() {
        for (double sigma : new double[] {0.001, 0.003, 0.01, 0.03}) {
            double[] re = CURVE.re();
            double[] im = CURVE.im();
            GaussianNoise g = new GaussianNoise(new SplitMix64(5));
            for (int s = 0; s < re.length; s++) {
                re[s] += sigma * g.next();
                im[s] += sigma * g.next();
            }
            assertEquals(sigma, NoiseEstimate.of(re, im), 0.1 * sigma, "sigma " + sigma);
        }
    }

    @Test
    void aNoiselessEchoReadsAsNearlyNoiseless() {
        assertTrue(NoiseEstimate.of(CURVE.re(), CURVE.im()) < 1e-4);
    }
}
