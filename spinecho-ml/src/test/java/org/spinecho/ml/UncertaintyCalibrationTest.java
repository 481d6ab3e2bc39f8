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
        assertEquals(c.scores()[0][0][4], c.quantile(0, 0, 0.5), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, c.quantile(0, 0, 0.95));
        double[] sorted = c.scores()[0][1].clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, c.scores()[0][1], 0.0);
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
        double[][] cov = c.at(p, 0).covariance();
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
            double[] cov = c.coverage(test[0], new double[test[0].length], test[1], level);
            for (int v = 0; v < 3; v++) {
                assertEquals(level, cov[v], 0.03, "parameter " + v + " at level " + level);
            }
        }
        // ξ: nearly the whole prior where α is small, narrow where α is large
        double[] weak = {0.1, 11.5, 3.5};
        double[] strong = {0.8, 11.5, 3.5};
        double[] wi = c.at(weak, 0).interval(1, 0.9);
        double[] si = c.at(strong, 0).interval(1, 0.9);
        assertTrue(wi[1] - wi[0] > 0.8 * 17, "weak coupling: " + Arrays.toString(wi));
        assertTrue(si[1] - si[0] < 2.0, "strong coupling: " + Arrays.toString(si));
        assertTrue(wi[0] >= 3 && wi[1] <= 20, "clipped to the prior");
    }

    /**
     * Synthetic predictions of curves with noise σ: the errors grow with the log of the noise, as the
     * networks' do (sd α 0.02, ξ 0.3, d 0.05 times 1 + 0.8·log₁₀(1 + σ/10⁻⁴): ×1.8 at σ = 0.001, ×2.6 at
     * 0.01), and the noise estimated from a curve scatters by 10% around σ (about 10⁻⁶ on a clean one),
     * as {@code NoiseEstimate} does.
     */
    static UncertaintyCalibration.Replica noisy(double[][] truth, double sigma, long seed) {
        Random r = new Random(seed);
        double[][] pred = new double[truth.length][];
        double[] noise = new double[truth.length];
        for (int i = 0; i < truth.length; i++) {
            double[] t = truth[i];
            double g = growth(sigma);
            pred[i] = new double[] {t[0] + 0.02 * g * r.nextGaussian(), t[1] + 0.3 * g * r.nextGaussian(),
                t[2] + 0.05 * g * r.nextGaussian()};
            noise[i] = 1e-6 + sigma * (1 + 0.1 * r.nextGaussian());
        }
        return new UncertaintyCalibration.Replica(sigma, pred, noise);
    }

    static double growth(double sigma) {
        return 1 + 0.8 * Math.log10(1 + sigma / 1e-4);
    }

    static double[][] truths(int n, long seed) {
        Random r = new Random(seed);
        double[][] truth = new double[n][];
        for (int i = 0; i < n; i++) {
            truth[i] = new double[] {r.nextDouble(), 3 + 17 * r.nextDouble(), 2 + 3 * r.nextDouble()};
        }
        return truth;
    }

    @Test
    void noisyCalibrationWidensWithNoiseAndCoversAtEveryLevel() {
        double[][] calTruth = truths(1500, 21);
        double[] levels = {0, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2}; // the default grid of calibrate
        java.util.List<UncertaintyCalibration.Replica> replicas = new java.util.ArrayList<>();
        for (int l = 0; l < levels.length; l++) {
            replicas.add(noisy(calTruth, levels[l], 100 + l));
        }
        UncertaintyCalibration c = UncertaintyCalibration.fit(calTruth, replicas, 100, PRIOR);
        assertTrue(c.noiseAware());
        UncertaintyCalibration clean = UncertaintyCalibration.fit(replicas.get(0).predictions(), calTruth, 100, PRIOR);
        double[][] testTruth = truths(2000, 22);
        // calibrated levels and levels between them
        double[] sigmas = {0, 1e-4, 3e-4, 2e-3, 6e-3, 0.01, 0.02};
        double[] widthD = new double[sigmas.length];
        for (int s = 0; s < sigmas.length; s++) {
            double sigma = sigmas[s];
            UncertaintyCalibration.Replica test = noisy(testTruth, sigma, 7_000 + s);
            UncertaintyCalibration.Assessment a = c.assess(test.predictions(), test.noise(), testTruth,
                    new double[] {0.5, 0.9, 0.95});
            boolean calibrated = Arrays.stream(levels).anyMatch(x -> x == sigma);
            for (int l = 0; l < 3; l++) {
                for (int v = 0; v < 3; v++) {
                    double nominal = a.levels()[l];
                    double got = a.coverage()[l][v];
                    String what = "parameter " + v + " at level " + nominal + ", sigma " + sigma + ": " + got;
                    if (calibrated) {
                        assertEquals(nominal, got, l == 0 ? 0.05 : 0.03, what);
                    } else { // between two levels the scales are interpolated in log sigma: here a little wide
                        assertTrue(got > nominal - (l == 0 ? 0.05 : 0.03)
                                && got < nominal + (l == 0 ? 0.08 : 0.04), what);
                    }
                }
            }
            widthD[s] = a.meanWidth()[1][2];
            if (sigma >= 0.01) { // the noiseless calibration alone does not hold there
                double[] cov = clean.coverage(test.predictions(), test.noise(), testTruth, 0.9);
                for (int v = 0; v < 3; v++) {
                    assertTrue(cov[v] < 0.75, "noiseless calibration at sigma " + sigma + ": " + cov[v]);
                }
            }
        }
        // the d intervals widen with the noise (2.8 times from 0 to 0.02)
        for (int s = 1; s < sigmas.length; s++) {
            assertTrue(widthD[s] > widthD[s - 1], "d widths " + Arrays.toString(widthD));
        }
        assertTrue(widthD[6] > 2.4 * widthD[0], "d widths " + Arrays.toString(widthD));
        // the local sd at a fixed prediction follows the noise
        double[] p = {0.5, 11.5, 3.5};
        assertTrue(c.at(p, 0.01).sd()[0] > 2 * c.at(p, 0).sd()[0]);
        assertEquals(0.02 * growth(0.01), c.at(p, 0.01).sd()[0], 0.006);
    }

    @Test
    void formatTwoRoundTripsAndFormatOneIsReadAsNoiseless(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        double[][] truth = truths(300, 31);
        UncertaintyCalibration c = UncertaintyCalibration.fit(truth, java.util.List.of(noisy(truth, 0, 1),
                noisy(truth, 0.003, 2), noisy(truth, 0.03, 3)), 20, PRIOR);
        java.nio.file.Path file = dir.resolve(ModelDirectory.CALIBRATION_FILE);
        java.nio.file.Files.write(file, ModelDirectory.JSON.writeValueAsBytes(c));
        com.fasterxml.jackson.databind.JsonNode tree = ModelDirectory.JSON.readTree(file.toFile());
        assertEquals("spinecho-calibration", tree.get("format").asText());
        assertEquals(2, tree.get("formatVersion").asInt());
        UncertaintyCalibration back = ModelDirectory.readCalibration(dir);
        for (double sigma : new double[] {0, 0.001, 0.01}) {
            double[] p = {0.4, 9, 3};
            assertArrayEquals(c.at(p, sigma).sd(), back.at(p, sigma).sd(), 0.0);
            assertArrayEquals(c.at(p, sigma).interval(1, 0.9), back.at(p, sigma).interval(1, 0.9), 0.0);
        }
        assertArrayEquals(c.levels(), back.levels(), 0.0);
        assertArrayEquals(c.noise(), back.noise(), 0.0);

        // format 1, as the earlier versions wrote it: no format field, one noiseless calibration
        UncertaintyCalibration.Replica clean = noisy(truth, 0, 1);
        UncertaintyCalibration v2 = UncertaintyCalibration.fit(clean.predictions(), truth, 20, PRIOR);
        com.fasterxml.jackson.databind.node.ObjectNode old = ModelDirectory.JSON.createObjectNode();
        old.put("neighbours", 20);
        old.set("centre", ModelDirectory.JSON.valueToTree(v2.centre()));
        old.set("scale", ModelDirectory.JSON.valueToTree(v2.scale()));
        old.set("predictions", ModelDirectory.JSON.valueToTree(v2.predictions()));
        old.set("residuals", ModelDirectory.JSON.valueToTree(v2.residuals()));
        old.set("scores", ModelDirectory.JSON.valueToTree(v2.scores()[0]));
        old.set("priorLow", ModelDirectory.JSON.valueToTree(v2.priorLow()));
        old.set("priorHigh", ModelDirectory.JSON.valueToTree(v2.priorHigh()));
        java.nio.file.Files.write(file, ModelDirectory.JSON.writeValueAsBytes(old));
        UncertaintyCalibration read = ModelDirectory.readCalibration(dir);
        assertTrue(!read.noiseAware());
        assertArrayEquals(new double[] {0}, read.levels(), 0.0);
        double[] p = {0.4, 9, 3};
        assertArrayEquals(v2.at(p, 0).sd(), read.at(p, 0).sd(), 1e-12);
        assertArrayEquals(v2.at(p, 0).interval(0, 0.9), read.at(p, 0).interval(0, 0.9), 1e-12);

        // strict: an unknown field, a missing one, a newer version
        old.put("extra", 1);
        java.nio.file.Files.write(file, ModelDirectory.JSON.writeValueAsBytes(old));
        ModelFormatException e1 = org.junit.jupiter.api.Assertions.assertThrows(ModelFormatException.class,
                () -> ModelDirectory.readCalibration(dir));
        assertTrue(e1.getMessage().contains("extra"), e1.getMessage());
        old.remove("extra");
        old.remove("scores");
        java.nio.file.Files.write(file, ModelDirectory.JSON.writeValueAsBytes(old));
        ModelFormatException e2 = org.junit.jupiter.api.Assertions.assertThrows(ModelFormatException.class,
                () -> ModelDirectory.readCalibration(dir));
        assertTrue(e2.getMessage().contains("scores"), e2.getMessage());
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree).put("formatVersion", 3);
        java.nio.file.Files.write(file, ModelDirectory.JSON.writeValueAsBytes(tree));
        ModelFormatException e3 = org.junit.jupiter.api.Assertions.assertThrows(ModelFormatException.class,
                () -> ModelDirectory.readCalibration(dir));
        assertTrue(e3.getMessage().contains("format version 3") && e3.getMessage().contains("newer"), e3.getMessage());
    }
}
