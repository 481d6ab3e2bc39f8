package org.spinecho.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spinecho.ml.UncertaintyCalibration;

/** The combined estimate's intervals and their coverage, on a calibration made by hand. */
class FitStudyTest {
    private static final double[][] PRIOR = {{0, 1}, {3, 20}, {2, 5}};

    /** Calibration points whose errors are uniform in ±0.05 (α), ±1 (ξ), ±0.1 (d) everywhere. */
    private static UncertaintyCalibration calibration() {
        Random random = new Random(4);
        int n = 400;
        double[][] pred = new double[n][];
        double[][] truth = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] t = {0.2 + 0.6 * random.nextDouble(), 6 + 10 * random.nextDouble(), 2.5 + 2 * random.nextDouble()};
            truth[i] = t;
            pred[i] = new double[] {t[0] + 0.1 * (random.nextDouble() - 0.5), t[1] + 2 * (random.nextDouble() - 0.5),
                t[2] + 0.2 * (random.nextDouble() - 0.5)};
        }
        return UncertaintyCalibration.fit(pred, truth, 50, PRIOR);
    }

    @Test
    void theCombinedIntervalIsTheModelsMovedOntoTheCombinedEstimate() {
        UncertaintyCalibration cal = calibration();
        double[] start = {0.5, 10, 3.5};
        double[] combined = {0.52, 10.5, 3.45};
        double[][] iv = FitStudy.combinedInterval(cal, start, combined);
        double[] sigma = cal.sigma(start);
        for (int v = 0; v < 3; v++) {
            double[] model = cal.interval(start, sigma, v, 0.9);
            assertEquals(model[1] - model[0], iv[v][1] - iv[v][0], 1e-12, "same width");
            assertEquals(combined[v], 0.5 * (iv[v][0] + iv[v][1]), 1e-12, "centred on the combined estimate");
        }
        // errors uniform in ±0.05: the 90% half-width of α is about 0.045
        assertEquals(0.045, 0.5 * (iv[0][1] - iv[0][0]), 0.01);
    }

    @Test
    void coverageCountsTheTrueValuesInsideTheIntervals() {
        UncertaintyCalibration cal = calibration();
        double[] start = {0.5, 10, 3.5};
        double[] fit = {0.54, 11, 3.4}; // combined: 0.52, 10.5, 3.45
        // truth inside all three intervals; truth outside for α and d (0.2 away), inside for ξ
        FitStudy.Row inside = new FitStudy.Row(0, new double[] {0.53, 10.2, 3.47}, start, fit, 1, 0, 0, false);
        FitStudy.Row outside = new FitStudy.Row(1, new double[] {0.72, 10.5, 3.65}, start, fit, 1, 0, 0, false);
        // a warned fit: combined = start, so truth = start is covered whatever the fit
        FitStudy.Row warned = new FitStudy.Row(2, start.clone(), start, new double[] {0.9, 19, 4.9}, 1, 0, 0, true);
        assertArrayEquals(new double[] {2.0 / 3, 1, 2.0 / 3},
                FitStudy.combinedCoverage(List.of(inside, outside, warned), cal), 1e-12);
    }
}
