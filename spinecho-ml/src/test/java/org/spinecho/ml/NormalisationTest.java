package org.spinecho.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NormalisationTest {

    /**
     * Two features over four curves: one spread ±1 (std 1), one that varies by 1e-9. The second
     * gets the floor, 1% of the RMS spread sqrt((1 + 1e-18)/2) ≈ 0.7071, not 1e-9, so noise of
     * 0.001 stays 0.14 after normalisation instead of 1e6.
     */
    @Test
    void nearlyConstantFeaturesGetAFloorNotATinyScale() {
        float[] x = {1f, 0f, -1f, 1e-9f, 1f, 0f, -1f, -1e-9f};
        double[][] targets = {{0, 3, 2}, {1, 4, 3}, {0, 3, 2}, {1, 4, 3}};
        Normalisation n = Normalisation.fit(x, 2, targets, new int[] {0, 1, 2, 3});
        assertEquals(1.0, n.inputStd()[0], 1e-6);
        assertEquals(0.01 * Math.sqrt(0.5), n.inputStd()[1], 1e-6);
        assertTrue(0.001 / n.inputStd()[1] < 0.2);
    }

    /**
     * Log targets: the scaling is fitted to ln(α + 0.05) and ln ξ, scaling and unscaling invert
     * each other, and the standardised value of the geometric mean of ξ is 0.
     */
    @Test
    void logTargetsScaleTheLogarithmAndInvertExactly() {
        float[] x = {0f, 1f, 2f, 3f};
        double[][] targets = {{0.0, 4, 2}, {0.15, 16, 3}, {0.0, 4, 2}, {0.15, 16, 3}};
        Normalisation n = Normalisation.fit(x, 1, targets, new int[] {0, 1, 2, 3}, Normalisation.LOG_TARGETS);
        assertEquals(Math.log(8), n.targetMean()[1], 1e-12);
        assertEquals(Math.log(2), n.targetStd()[1], 1e-12);
        assertEquals(0.5 * (Math.log(0.05) + Math.log(0.2)), n.targetMean()[0], 1e-12);
        assertEquals(0, n.scaleTarget(1, 8.0), 1e-6);
        assertEquals(2.5, n.targetMean()[2], 1e-12);
        for (double alpha : new double[] {0, 0.01, 0.3, 1}) {
            assertEquals(alpha, n.unscaleTarget(0, n.scaleTarget(0, alpha)), 1e-6);
        }
        assertEquals(11.0, n.unscaleTarget(1, n.scaleTarget(1, 11.0)), 1e-5);
        n.validate(1, 3);
        Normalisation bad = new Normalisation(n.inputMean(), n.inputStd(), new String[] {"ln(alpha+x)", "xi", "d"},
                n.targetMean(), n.targetStd());
        assertThrows(IllegalArgumentException.class, () -> bad.validate(1, 3));
    }
}
