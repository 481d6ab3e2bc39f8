package org.spinecho.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UncertaintyCalibrationTest {
    static final double[][] PRIOR = {{0, 1}, {3, 20}, {2, 5}};

    /**
     * Synthetic predictions: α is predicted with noise 0.02; ξ with noise 0.3 where α &gt; 0.5 and
     * not at all (uniform over the prior) where α &lt; 0.2 — as when the coupling is too weak to see ξ;
     * d with noise 0.05.
     */
    static double[][][] synthetic(int n, long seed) {
        Random r = new Random(seed);
        double[][] truth = new double[n][];
        double[][] pred = new double[n][];
        for (int i = 0; i < n; i++) {
            double a = r.nextDouble();
            double xi = 3 + 17 * r.nextDouble();
            double d = 2 + 3 * r.nextDouble();
            truth[i] = new double[] {a, xi, d};
            double pxi = a < 0.2 ? 11.5 : xi + (a > 0.5 ? 0.3 : 1.5) * r.nextGaussian();
            pred[i] = new double[] {a + 0.02 * r.nextGaussian(), pxi, d + 0.05 * r.nextGaussian()};
        }
        return new double[][][] {pred, truth};
    }

    @Test
    void quantileIsTheConformalRank() {
        // 9 calibration points; level 0.5 → rank ⌈10·0.5⌉ = 5; level 0.95 → rank 10 > 9 → ∞
        double[][][] s = synthetic(9, 1);
        UncertaintyCalibration c = UncertaintyCalibration.fit(s[0], s[1], 3, PRIOR);
        assertEquals(c.scores()[0][4], c.quantile(0, 0.5), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, c.quantile(0, 0.95));
        double[] sorted = c.scores()[1].clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, c.scores()[1], 0.0);
    }

    /**
     * Hand example: 4 calibration points with the same prediction and residuals (α, ξ, d) =
     * (+0.1, −2, 0), (−0.1, +2, 0), (+0.1, −2, 0.2), (−0.1, +2, −0.2): with k = 4 the covariance is
     * the mean of the outer products: var α 0.01, var ξ 4, var d 0.02, cov(α, ξ) −0.2, cov(α, d) 0.01,
     * cov(ξ, d) −0.2.
     */
    @Test
    void covarianceIsTheSecondMomentOfTheNeighbours() {
        double[] p = {0.5, 10, 3};
        double[][] pred = {p, p, p, p, {0.9, 19, 4.9}};
        double[][] res = {{0.1, -2, 0}, {-0.1, 2, 0}, {0.1, -2, 0.2}, {-0.1, 2, -0.2}, {0, 0, 0}};
        double[][] truth = new double[5][3];
        for (int i = 0; i < 5; i++) {
            for (int v = 0; v < 3; v++) {
                truth[i][v] = pred[i][v] + res[i][v];
            }
        }
        UncertaintyCalibration c = UncertaintyCalibration.fit(pred, truth, 4, PRIOR);
        double[][] cov = c.covariance(p);
        assertEquals(0.01, cov[0][0], 1e-12);
        assertEquals(4, cov[1][1], 1e-12);
        assertEquals(0.02, cov[2][2], 1e-12);
        assertEquals(-0.2, cov[0][1], 1e-12);
        assertEquals(-0.2, cov[1][0], 1e-12);
        assertEquals(0.01, cov[0][2], 1e-12); // (0.02 + 0.02)/4
        assertEquals(-0.2, cov[1][2], 1e-12); // (−0.4 − 0.4)/4
    }

    @Test
    void smallestFindsTheKSmallest() {
        Random r = new Random(3);
        for (int trial = 0; trial < 50; trial++) {
            double[] v = new double[200];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextInt(50); // ties
            }
            int k = 1 + r.nextInt(199);
            int[] idx = UncertaintyCalibration.smallest(v, k);
            double[] sorted = v.clone();
            Arrays.sort(sorted);
            double[] got = Arrays.stream(idx).mapToDouble(i -> v[i]).sorted().toArray();
            assertArrayEquals(Arrays.copyOf(sorted, k), got, 0.0);
        }
    }

    @Test
    void coverageIsNominalOnFreshDataAndWidthFollowsTheInformation() {
        double[][][] cal = synthetic(3000, 11);
        double[][][] test = synthetic(3000, 12);
        UncertaintyCalibration c = UncertaintyCalibration.fit(cal[0], cal[1], 100, PRIOR);
        for (double level : new double[] {0.5, 0.8, 0.9, 0.95}) {
            double[] cov = c.coverage(test[0], test[1], level);
            for (int v = 0; v < 3; v++) {
                assertEquals(level, cov[v], 0.03, "parameter " + v + " at level " + level);
            }
        }
        // ξ: nearly the whole prior where α is small, narrow where α is large
        double[] weak = {0.1, 11.5, 3.5};
        double[] strong = {0.8, 11.5, 3.5};
        double[] wi = c.interval(weak, c.sigma(weak), 1, 0.9);
        double[] si = c.interval(strong, c.sigma(strong), 1, 0.9);
        assertTrue(wi[1] - wi[0] > 0.8 * 17, "weak coupling: " + Arrays.toString(wi));
        assertTrue(si[1] - si[0] < 2.0, "strong coupling: " + Arrays.toString(si));
        assertTrue(wi[0] >= 3 && wi[1] <= 20, "clipped to the prior");
    }
}
