package org.spinecho.sim;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The per-step propagator against exp(A·h)·v summed as a Taylor series in 50-digit decimal
 * arithmetic, over the regimes met in practice and the awkward ones (no field, no dephasing,
 * crowded roots, overdamped, large steps).
 */
class BlochPropagatorTest {
    private static final MathContext MC = new MathContext(50);

    /** exp(A·h)·v in BigDecimal: scaled by 2^s, Taylor series to 1e-45, then repeated 2^s times. */
    static double[] reference(double ox, double oy, double oz, double g, double h, double[] v) {
        BigDecimal[][] a = {
            {bd(-g), bd(oz), bd(-oy)},
            {bd(-oz), bd(-g), bd(ox)},
            {bd(oy), bd(-ox), BigDecimal.ZERO}};
        int s = 0;
        double norm = h * (g + Math.abs(ox) + Math.abs(oy) + Math.abs(oz));
        while (norm > 0.25) {
            norm /= 2;
            s++;
        }
        BigDecimal hs = bd(h).divide(BigDecimal.valueOf(2).pow(s), MC);
        BigDecimal[] x = {bd(v[0]), bd(v[1]), bd(v[2])};
        for (long r = 0; r < (1L << s); r++) {
            BigDecimal[] sum = x.clone();
            BigDecimal[] term = x.clone();
            for (int n = 1; n < 200; n++) {
                BigDecimal f = hs.divide(BigDecimal.valueOf(n), MC);
                BigDecimal[] next = new BigDecimal[3];
                for (int i = 0; i < 3; i++) {
                    BigDecimal acc = BigDecimal.ZERO;
                    for (int j = 0; j < 3; j++) {
                        acc = acc.add(a[i][j].multiply(term[j], MC), MC);
                    }
                    next[i] = acc.multiply(f, MC);
                }
                term = next;
                BigDecimal size = BigDecimal.ZERO;
                for (int i = 0; i < 3; i++) {
                    sum[i] = sum[i].add(term[i], MC);
                    size = size.add(term[i].abs(), MC);
                }
                if (size.compareTo(new BigDecimal("1e-45")) < 0) {
                    break;
                }
            }
            x = sum;
        }
        return new double[] {x[0].doubleValue(), x[1].doubleValue(), x[2].doubleValue()};
    }

    private static BigDecimal bd(double d) {
        return new BigDecimal(d);
    }

    private static double error(double ox, double oy, double oz, double g, double h, double[] v) {
        double[] mx = {v[0]};
        double[] my = {v[1]};
        double[] mz = {v[2]};
        BlochPropagator.advance(ox, oy, oz, g, h, Math.exp(-g * h), mx, my, mz, 0);
        double[] ref = reference(ox, oy, oz, g, h, v);
        return Math.abs(mx[0] - ref[0]) + Math.abs(my[0] - ref[1]) + Math.abs(mz[0] - ref[2]);
    }

    @Test
    void typicalRegime() {
        Random random = new Random(1);
        double worst = 0;
        for (int trial = 0; trial < 300; trial++) {
            double ox = 0.3 * random.nextGaussian();
            double oy = 0.3 * random.nextGaussian();
            double oz = 0.25 * (2 * random.nextDouble() - 1);
            double g = 0.5 * Math.pow(10, -2 - 3 * random.nextDouble());
            double[] v = unitHalf(random);
            worst = Math.max(worst, error(ox, oy, oz, g, 2, v));
        }
        assertTrue(worst < 1e-15, "largest error " + worst);
    }

    @Test
    void awkwardRegimes() {
        Random random = new Random(2);
        double[][] cases = {
            {0, 0, 0, 0},               // nothing happens
            {0, 0, 0, 0.005},           // pure dephasing
            {0, 0, 0.1, 0},             // pure precession about z
            {0.2, -0.1, 0.05, 0},       // pure rotation, no dephasing
            {1e-9, 0, 0, 0.005},        // crowded roots
            {0.003, 0.001, 0.0005, 0.004}, // |Ω| ~ g
            {0.0026, 0, 0, 0.005},      // near the defective double root Ω⊥ = g/2
            {0.3, 0.3, 0, 2.0},         // overdamped, large Γ
            {2.0, -1.5, 0.7, 0.01},     // large rotation angle per step
            {1e-6, 1e-6, 1e-6, 1e-7},   // everything tiny
            {0, 0.05, 0, 0.02},         // |Ω| = 2.5 g: closed form, near the switch
        };
        double worst = 0;
        for (double[] c : cases) {
            for (int r = 0; r < 5; r++) {
                worst = Math.max(worst, error(c[0], c[1], c[2], c[3], 2, unitHalf(random)));
            }
        }
        assertTrue(worst < 1e-15, "largest error " + worst);
    }

    /**
     * All spins at once (the fast, vectorised path plus the per-spin recipe for the rest) against
     * the 50-digit reference: for each dephasing rate, a lattice's worth of spins mixing typical
     * fields with the awkward ones (crowded roots, no field, (ωh)² > 1, a real pair of roots).
     */
    @Test
    void allSpinsAtOnceMatchTheReference() {
        Random random = new Random(3);
        double[][] awkward = {
            {0, 0, 0}, {0, 0, 0.1}, {1e-9, 0, 0}, {0.003, 0.001, 0.0005}, {0.0026, 0, 0},
            {0.3, 0.3, 0}, {2.0, -1.5, 0.7}, {1e-6, 1e-6, 1e-6}, {0, 0.05, 0}, {0.4, 0.1, 0.2}};
        int n = 240;
        for (double g : new double[] {0, 5e-6, 5e-4, 0.005, 0.02, 2.0}) {
            double h = 2;
            double[] ox = new double[n];
            double[] oy = new double[n];
            double[] oz = new double[n];
            double[] mx = new double[n];
            double[] my = new double[n];
            double[] mz = new double[n];
            double[][] start = new double[n][];
            for (int k = 0; k < n; k++) {
                if (k % 8 == 0) {
                    double[] c = awkward[(k / 8) % awkward.length];
                    ox[k] = c[0];
                    oy[k] = c[1];
                    oz[k] = c[2];
                } else {
                    ox[k] = 0.2 * random.nextGaussian();
                    oy[k] = 0.2 * random.nextGaussian();
                    oz[k] = 0.25 * (2 * random.nextDouble() - 1);
                }
                start[k] = unitHalf(random);
                mx[k] = start[k][0];
                my[k] = start[k][1];
                mz[k] = start[k][2];
            }
            BlochPropagator propagator = new BlochPropagator(n + 10);
            propagator.advanceAll(ox, oy, oz, g, h, Math.exp(-g * h), mx, my, mz, n);
            double worst = 0;
            for (int k = 0; k < n; k++) {
                double[] ref = reference(ox[k], oy[k], oz[k], g, h, start[k]);
                worst = Math.max(worst, Math.abs(mx[k] - ref[0]) + Math.abs(my[k] - ref[1]) + Math.abs(mz[k] - ref[2]));
            }
            assertTrue(worst < 1e-15, "g = " + g + ": largest error " + worst);
        }
    }

    @Test
    void aPropagatorRefusesMoreSpinsThanItWasMadeFor() {
        double[] a = new double[5];
        BlochPropagator propagator = new BlochPropagator(4);
        assertThrows(IllegalArgumentException.class, () -> propagator.advanceAll(a, a, a, 0, 2, 1, a, a, a, 5));
        assertThrows(IllegalArgumentException.class, () -> new BlochPropagator(0));
    }

    private static double[] unitHalf(Random random) {
        double x = random.nextGaussian();
        double y = random.nextGaussian();
        double z = random.nextGaussian();
        double n = 2 * Math.sqrt(x * x + y * y + z * z);
        return new double[] {x / n, y / n, z / n};
    }
}
