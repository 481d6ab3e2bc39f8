package org.spinecho.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
