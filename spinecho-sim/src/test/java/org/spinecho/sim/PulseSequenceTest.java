package org.spinecho.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pulse conventions of docs/model.md, "The Hahn-echo sequence", checked against hand-derived closed forms. */
class PulseSequenceTest {

    @Test
    void firstPulseTurnsZIntoMinusY() {
        double[] mx = {0};
        double[] my = {0};
        double[] mz = {0.5};
        new Pulse(Math.PI / 2, 0).apply(mx, my, mz);
        assertEquals(0, mx[0], 1e-16);
        assertEquals(-0.5, my[0], 1e-16);
        assertEquals(0, mz[0], 1e-16);
    }

    @Test
    void piPulseAboutYFlipsXAndZ() {
        double[] mx = {0.1};
        double[] my = {0.2};
        double[] mz = {0.3};
        new Pulse(Math.PI, Math.PI / 2).apply(mx, my, mz);
        assertEquals(-0.1, mx[0], 1e-16);
        assertEquals(0.2, my[0], 1e-16);
        assertEquals(-0.3, mz[0], 1e-16);
    }

    /**
     * α = 0 with flip angles θ and 2θ (second pulse about y). With s = sin θ, c = cos θ and
     * m⁺ = m_x + i·m_y, pulse 1 gives m⁺ = −i·s/2, m_z = c/2; a rotation by 2θ about y maps
     * m⁺ → cos²θ·m⁺ − sin²θ·m⁻ + sin 2θ·m_z. Transverse parts decay at Γ/2, m_z does not.
     * So for t ≤ τ: M = −i(s/2)e^{−Γt/2}Σ P e^{−iΔt}, and for u = t − τ > 0:
     * M = Σ P e^{−Γu/2} e^{−iΔu} [cos²θ·m⁺(τ) − sin²θ·conj(m⁺(τ)) + sin 2θ·c/2],
     * m⁺(τ) = −i(s/2)e^{−Γτ/2}e^{−iΔτ}. The echo term −sin²θ·conj(m⁺) has amplitude s³/2.
     */
    @ParameterizedTest
    @ValueSource(doubles = {Math.PI / 2, Math.PI / 3, 0.4})
    void flipAngleFollowsClosedForm(double theta) {
        int ntau = 30;
        SimulationParameters p = SimulationParameters.of(new CouplingKernel.Gaussian(3), 0, 2.2)
                .withLattice(new Lattice(9, 7)).withLayoutSeed(4)
                .withSequence(EchoSequence.DEFAULT.withNtau(ntau).withFlipAngle(theta));
        EchoCurve curve = new MeanFieldIntegrator(p).run();
        Spectrum sp = p.spectrum();
        double gamma = p.dephasingRate();
        double dt = p.sequence().dt();
        double tau = ntau * dt;
        double s = Math.sin(theta);
        double c = Math.cos(theta);
        double worst = 0;
        for (int i = 0; i < curve.size(); i++) {
            double t = (i + 1) * dt;
            double re = 0;
            double im = 0;
            for (int k = 0; k < sp.size(); k++) {
                double delta = sp.offset(k);
                double w = sp.weight(k);
                if (t <= tau + 1e-12) {
                    double a = Math.exp(-gamma * t / 2) * s / 2; // −i·a·e^{−iΔt}
                    re += w * (-a * Math.sin(delta * t));
                    im += w * (-a * Math.cos(delta * t));
                } else {
                    double u = t - tau;
                    double a = Math.exp(-gamma * tau / 2) * s / 2;
                    // m⁺(τ) = −i·a·e^{−iΔτ} = −a·sin(Δτ) − i·a·cos(Δτ)
                    double pr = -a * Math.sin(delta * tau);
                    double pi = -a * Math.cos(delta * tau);
                    double br = c * c * pr - s * s * pr + Math.sin(2 * theta) * c / 2;
                    double bi = c * c * pi + s * s * pi;
                    double decay = Math.exp(-gamma * u / 2);
                    double cr = Math.cos(delta * u);
                    double ci = -Math.sin(delta * u);
                    re += w * decay * (br * cr - bi * ci);
                    im += w * decay * (br * ci + bi * cr);
                }
            }
            worst = Math.max(worst, Math.abs(curve.re(i) - re) + Math.abs(curve.im(i) - im));
        }
        assertTrue(worst < 1e-13, "largest deviation " + worst);
    }
}
