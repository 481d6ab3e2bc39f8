package org.spinecho.ml.bound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spinecho.data.Preset;
import org.spinecho.sim.CouplingKernel;
import org.spinecho.sim.EchoSequence;
import org.spinecho.sim.Lattice;
import org.spinecho.sim.SimulationParameters;
import org.spinecho.sim.Spectrum;
import org.spinecho.sim.Theta;

/** The Cramér–Rao bound against closed forms, its scaling with noise, its bias corrections and determinism. */
class FisherBoundTest {
    /** Small and fast: 8 × 8 spins, 60 samples. */
    private static final SimulationParameters TEMPLATE = SimulationParameters.of(new CouplingKernel.Gaussian(3), 0, 3)
            .withLattice(new Lattice(8, 8)).withSequence(EchoSequence.DEFAULT.withNtau(20));

    /**
     * At α = 0 the curve is analytic and the same for every layout: M(t) = e^(−Γt/2)·M₀(t), so
     * ∂M/∂d = (ln 10·Γ·t/2)·M and under white noise σ per component the Fisher information of d is
     * Σ_s (ln 10·Γ·t_s/2)²·|M_s|²/σ². ξ has no effect at all: not determined.
     */
    @Test
    void informationOfDAtZeroCouplingFollowsClosedForm() {
        double sigma = 0.01;
        Theta theta = new Theta(0, 4, 2.5);
        FisherBound fb = FisherBound.builder().layouts(8).binSize(1).threads(2).build();
        Bound b = fb.compute(Experiment.single(TEMPLATE), theta, new double[] {sigma}, i -> { }).get(0);

        SimulationParameters p = theta.applyTo(TEMPLATE);
        Spectrum spectrum = p.spectrum();
        double gamma = p.dephasingRate();
        int ntau = p.sequence().ntau();
        double dt = p.sequence().dt();
        double expected = 0;
        for (int s = 1; s <= p.sequence().samples(); s++) {
            double t = s * dt;
            double tPrime = s <= ntau ? t : t - 2 * ntau * dt;
            double re = 0;
            double im = 0;
            for (int k = 0; k < spectrum.size(); k++) {
                re += spectrum.weight(k) * Math.cos(spectrum.offset(k) * tPrime);
                im += spectrum.weight(k) * Math.sin(spectrum.offset(k) * tPrime);
            }
            double abs2 = Math.exp(-gamma * t) * (re * re + im * im) / 4;
            double dLog = Math.log(10) * gamma * t / 2;
            expected += dLog * dLog * abs2 / (sigma * sigma);
        }
        assertEquals(expected, b.fisher()[2][2], 0.02 * expected, "I_dd against the closed form");
        assertEquals(Double.POSITIVE_INFINITY, b.sd().xi(), "xi does nothing at alpha = 0");
        assertFalse(b.determined(1, Preset.GAUSS.prior()));
        assertTrue(b.determined(2, Preset.GAUSS.prior()));
    }

    /** Where the noise dominates the layouts' deviations, the bound's variance grows as σ². */
    @Test
    void varianceScalesAsNoiseSquaredAtHighNoise() {
        Theta theta = new Theta(0.4, 3, 3);
        FisherBound fb = FisherBound.builder().layouts(40).binSize(4).threads(2).build();
        List<Bound> b = fb.compute(Experiment.single(TEMPLATE), theta, new double[] {0.3, 0.6}, i -> { });
        for (int k = 0; k < 3; k++) {
            double ratio = Math.pow(b.get(1).sd().get(k) / b.get(0).sd().get(k), 2);
            assertEquals(4.0, ratio, 0.1, "variance ratio of parameter " + k);
        }
    }

    /** The same seeds give the same bound, bit for bit, whatever the thread count. */
    @Test
    void sameSeedsGiveSameBoundWhateverTheThreads() {
        Theta theta = new Theta(0.4, 3, 3);
        Experiment exp = Experiment.single(TEMPLATE);
        Bound one = FisherBound.builder().layouts(30).binSize(6).threads(1).build()
                .compute(exp, theta, new double[] {0}, i -> { }).get(0);
        Bound two = FisherBound.builder().layouts(30).binSize(6).threads(2).build()
                .compute(exp, theta, new double[] {0}, i -> { }).get(0);
        for (int a = 0; a < 3; a++) {
            assertArrayEquals(one.fisher()[a], two.fisher()[a], 0.0);
        }
        Bound other = FisherBound.builder().layouts(30).binSize(6).firstSeed(5).threads(2).build()
                .compute(exp, theta, new double[] {0}, i -> { }).get(0);
        assertTrue(other.fisher()[0][0] != one.fisher()[0][0], "other layouts, other estimate");
    }

    /**
     * The Hartlap factor removes the bias of the inverse sample covariance: with D = 20 and K = 40
     * the plain inverse overstates JᵀΣ⁻¹J by (K − 1)/(K − D − 2) = 2.17; corrected, the mean over
     * 300 repetitions is within 4% of the truth (known Σ, Gaussian samples).
     */
    @Test
    void hartlapFactorRemovesTheSmallSampleBias() {
        int dim = 20;
        int k = 40;
        Random rng = new Random(11);
        double[] sdPerDim = new double[dim];
        double[] j = new double[dim];
        double truth = 0;
        for (int i = 0; i < dim; i++) {
            sdPerDim[i] = 0.001 * (1 + i);
            j[i] = 1.0 / (1 + i % 3);
            truth += j[i] * j[i] / (sdPerDim[i] * sdPerDim[i]);
        }
        Binning binning = new Binning(1, new int[] {dim});
        double corrected = 0;
        double plain = 0;
        int reps = 300;
        for (int r = 0; r < reps; r++) {
            double[][] curves = new double[k][dim];
            double[] mean = new double[dim];
            for (int s = 0; s < k; s++) {
                for (int i = 0; i < dim; i++) {
                    curves[s][i] = sdPerDim[i] * rng.nextGaussian();
                    mean[i] += curves[s][i] / k;
                }
            }
            LayoutCovariance cov = LayoutCovariance.of(curves, mean, binning, 0);
            double q = cov.quadratic(j, j);
            corrected += q / reps;
            plain += q / cov.hartlapFactor() / reps;
        }
        assertEquals(truth, corrected, 0.04 * truth);
        assertEquals(2.17, plain / truth, 0.1, "the uncorrected inverse is biased as Wishart theory says");
    }

    /** Too few layouts for the binned dimension is refused with advice, not a meaningless bound. */
    @Test
    void tooFewLayoutsAreRefused() {
        FisherBound fb = FisherBound.builder().layouts(5).binSize(1).threads(2).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fb.compute(Experiment.single(TEMPLATE), new Theta(0.4, 3, 3), new double[] {0}, i -> { }));
        assertTrue(e.getMessage().contains("too few"), e.getMessage());
    }

    @Test
    void binsNeverSpanTwoBlocks() {
        Binning b = new Binning(4, new int[] {6, 6});
        assertEquals(4, b.dimension());
        assertArrayEquals(new double[] {2.5, 5.5, 8.5, 11.5},
                b.apply(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}), 1e-15);
        assertEquals(2, b.count(1));
    }
}
