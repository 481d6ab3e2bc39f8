package org.spinecho.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The analytic checks of docs/model.md, "Checks". */
class AnalyticLimitsTest {

    static Stream<Arguments> shapesAndLayouts() {
        return Stream.of(
                Arguments.of(new Lattice(8, 8), SpectrumLayout.RANDOM),
                Arguments.of(new Lattice(8, 8), SpectrumLayout.ORDERED),
                Arguments.of(new Lattice(12, 5), SpectrumLayout.RANDOM),
                Arguments.of(new Lattice(7, 10), SpectrumLayout.ORDERED),
                Arguments.of(new Lattice(2, 2), SpectrumLayout.RANDOM),
                Arguments.of(new Lattice(50, 50), SpectrumLayout.ORDERED));
    }

    /**
     * α = 0: M(s) = −(i/2)·e^(−Γt/2)·Σ_k P_k·e^(−iΔ_k t'), t = s·dt, t' = t before the π pulse and
     * t − 2·nτ·dt after it.
     */
    @ParameterizedTest
    @MethodSource("shapesAndLayouts")
    void nonInteractingEnsembleFollowsClosedForm(Lattice lattice, SpectrumLayout layout) {
        SimulationParameters p = SimulationParameters.of(new CouplingKernel.Gaussian(4), 0.0, 2.5)
                .withLattice(lattice).withLayout(layout).withLayoutSeed(17)
                .withSequence(EchoSequence.DEFAULT.withNtau(40));
        EchoCurve curve = new MeanFieldIntegrator(p).run();
        Spectrum spectrum = p.spectrum();
        double gamma = p.dephasingRate();
        int ntau = p.sequence().ntau();
        double dt = p.sequence().dt();
        double worst = 0;
        for (int s = 1; s <= curve.size(); s++) {
            double t = s * dt;
            double tPrime = s <= ntau ? t : t - 2 * ntau * dt;
            double re = 0;
            double im = 0;
            for (int k = 0; k < spectrum.size(); k++) {
                double phase = -spectrum.offset(k) * tPrime;
                re += spectrum.weight(k) * Math.cos(phase);
                im += spectrum.weight(k) * Math.sin(phase);
            }
            double decay = Math.exp(-gamma * t / 2);
            // −(i/2)(re + i·im) = im/2 − i·re/2
            double expectedRe = decay * im / 2;
            double expectedIm = -decay * re / 2;
            worst = Math.max(worst, Math.abs(curve.re(s - 1) - expectedRe));
            worst = Math.max(worst, Math.abs(curve.im(s - 1) - expectedIm));
        }
        assertTrue(worst < 1e-13, "largest deviation from the closed form: " + worst);
    }

    /** |M(2nτ)| = e^(−Γ·2nτ·dt/2)·Σ P_k / 2: the echo of a non-interacting ensemble is perfect. */
    @Test
    void echoAmplitudeOfNonInteractingEnsemble() {
        SimulationParameters p = SimulationParameters.of(new CouplingKernel.Gaussian(4), 0.0, 2.0)
                .withLayout(SpectrumLayout.ORDERED);
        EchoCurve curve = new MeanFieldIntegrator(p).run();
        double expected = Math.exp(-p.dephasingRate() * 314) * p.spectrum().totalWeight() / 2;
        assertEquals(expected, curve.abs(313), 1e-14);
        assertEquals(0.937, p.spectrum().totalWeight(), 5e-4, "spec: the ordered weights sum to ≈ 0.937");
    }

    /** Γ = 0: the dynamics is a pure rotation, so |m_k| = 1/2 for every spin at every step. */
    @ParameterizedTest
    @MethodSource("kernels")
    void withoutDephasingEverySpinKeepsLengthOneHalf(CouplingKernel kernel, double alpha, double ratio) {
        SimulationParameters p = SimulationParameters.of(kernel, alpha, Double.POSITIVE_INFINITY)
                .withLattice(new Lattice(10, 9)).withAlphaZRatio(ratio).withLayoutSeed(3)
                .withSequence(EchoSequence.DEFAULT.withNtau(30));
        double[] worst = {0};
        new MeanFieldIntegrator(p).run((s, mx, my, mz) -> {
            for (int k = 0; k < mx.length; k++) {
                double len = Math.sqrt(mx[k] * mx[k] + my[k] * my[k] + mz[k] * mz[k]);
                worst[0] = Math.max(worst[0], Math.abs(len - 0.5));
            }
        });
        assertTrue(worst[0] < 1e-13, "largest | |m| − 1/2 |: " + worst[0]);
    }

    static Stream<Arguments> kernels() {
        return Stream.of(
                Arguments.of(new CouplingKernel.Gaussian(3), 50.0, 1.0),
                Arguments.of(new CouplingKernel.Rkky(6), 30.0, 0.0),
                Arguments.of(new CouplingKernel.PowerLaw(3), 5.0, 1.0),
                Arguments.of(new CouplingKernel.Uniform(), 1.0, 2.0));
    }

    /** With dephasing, the transverse magnetisation of each spin only shrinks: |m| ≤ 1/2. */
    @Test
    void dephasingNeverGrowsASpin() {
        SimulationParameters p = SimulationParameters.of(new CouplingKernel.Rkky(5), 2.0, 1.0)
                .withLattice(new Lattice(6, 6)).withSequence(EchoSequence.DEFAULT.withNtau(20));
        double[] largest = {0};
        new MeanFieldIntegrator(p).run((s, mx, my, mz) -> {
            for (int k = 0; k < mx.length; k++) {
                largest[0] = Math.max(largest[0], Math.sqrt(mx[k] * mx[k] + my[k] * my[k] + mz[k] * mz[k]));
            }
        });
        assertTrue(largest[0] <= 0.5 + 1e-15, "largest |m|: " + largest[0]);
    }
}
