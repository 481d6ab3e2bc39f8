package org.spinecho.ml.bound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spinecho.data.Prior;
import org.spinecho.data.Preset;
import org.spinecho.ml.PerParameter;
import org.spinecho.sim.Theta;

class BoundTest {
    private static final Prior PRIOR = Preset.GAUSS.prior(); // alpha 0..1, xi 3..20, d 2..5

    private static Bound diagonal(double fa, double fx, double fd) {
        double[][] f = {{fa, 0, 0}, {0, fx, 0}, {0, 0, fd}};
        double[][] c = {{1 / fa, 0, 0}, {0, 1 / fx, 0}, {0, 0, 1 / fd}};
        return new Bound(new Theta(0.5, 10, 3.5), 0, new double[] {90}, 100, 10, 94, 90, 0.9, f, c,
                new PerParameter(Math.sqrt(1 / fa), Math.sqrt(1 / fx), Math.sqrt(1 / fd)), new PerParameter(0, 0, 0));
    }

    /** No information in the curve: the prior alone, NMSE 1 for every parameter. */
    @Test
    void withoutInformationOnlyThePriorAnswers() {
        PerParameter n = diagonal(0, 0, 0).nmseWithPrior(PRIOR);
        for (int k = 0; k < 3; k++) {
            assertEquals(1, n.get(k), 1e-12);
        }
    }

    /** Much information: the prior adds nothing and the capped bound is reached. */
    @Test
    void withMuchInformationItIsTheCappedBound() {
        Bound b = diagonal(1e8, 1e6, 1e9);
        PerParameter with = b.nmseWithPrior(PRIOR);
        PerParameter capped = b.nmse(PRIOR);
        for (int k = 0; k < 3; k++) {
            assertEquals(capped.get(k), with.get(k), 1e-5 * capped.get(k));
        }
    }

    /**
     * Between the two, against the exact Bayes risk of one parameter: θ uniform on the prior's α
     * range (0 … 1) seen as x = θ + N(0, s²). The posterior mean's mean squared error, computed by
     * quadrature, is within 10% below diag((I + 12/w²)⁻¹) (I = 1/s²), and the capped bound is up to
     * twice as large.
     */
    @Test
    void matchesTheBayesRiskOfAUniformPrior() {
        double w = PRIOR.range(0).width();
        for (double s : new double[] {0.01, 0.03, 0.1, 0.2, 0.3, 0.5, 1, 3}) {
            double risk = bayesRisk(s, w) / (w * w / 12);
            Bound b = diagonal(1 / (s * s), 1e6, 1e9);
            double with = b.nmseWithPrior(PRIOR).alpha();
            double capped = b.nmse(PRIOR).alpha();
            assertTrue(risk <= with * 1.001 && risk >= 0.9 * with, "s " + s + ": Bayes risk " + risk + ", bound " + with);
            assertTrue(with <= capped + 1e-12 && with >= capped / 2 - 1e-12, "s " + s + ": " + with + " vs " + capped);
        }
    }

    /** E[Var(θ | x)] for θ ~ U(0, w), x = θ + N(0, s²), by quadrature over θ and x. */
    private static double bayesRisk(double s, double w) {
        int nt = 1001;
        int nx = 4001;
        double lo = -6 * s;
        double hi = w + 6 * s;
        double dx = (hi - lo) / (nx - 1);
        double risk = 0;
        for (int i = 0; i < nx; i++) {
            double x = lo + i * dx;
            double z = 0;
            double m1 = 0;
            double m2 = 0;
            for (int j = 0; j < nt; j++) {
                double t = w * (j + 0.5) / nt;
                double l = Math.exp(-0.5 * (x - t) * (x - t) / (s * s)) / (s * Math.sqrt(2 * Math.PI)) / nt;
                z += l;
                m1 += l * t;
                m2 += l * t * t;
            }
            if (z > 0) {
                double mean = m1 / z;
                risk += (m2 - z * mean * mean) * dx; // p(x)·Var(θ|x)·dx, p(x) = z
            }
        }
        return risk;
    }
}
