package org.spinecho.ml.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spinecho.ml.PerParameter;
import org.spinecho.ml.Scores;
import org.spinecho.ml.bound.BoundFiles;

class ErrorBreakdownTest {

    @Test
    void binsOfTheTrueValueHoldTheirCurvesErrors() {
        // alpha 0, 1, 2, 3; only the curve with alpha 3 is predicted wrong (alpha off by 2)
        double[][] truth = {{0, 5, 3}, {1, 6, 3}, {2, 7, 4}, {3, 8, 4}};
        double[][] pred = {{0, 5, 3}, {1, 6, 3}, {2, 7, 4}, {5, 8, 4}};
        List<ErrorBreakdown.Bin> bins = ErrorBreakdown.byTrue(truth, pred, 0, 2);
        assertEquals(2, bins.size());
        assertEquals(2, bins.get(0).count());
        assertEquals(2, bins.get(1).count()); // the last bin holds its upper edge
        assertEquals(0, bins.get(0).nmse().alpha());
        double sd = Math.sqrt(1.25); // population sd of 0, 1, 2, 3
        assertEquals(4 / (sd * sd) / 2, bins.get(1).nmse().alpha(), 1e-12);
        assertEquals(0, bins.get(1).nmse().xi());
        assertNull(ErrorBreakdown.tradeOff(truth, pred)); // fewer than 10 curves
    }

    @Test
    void noiseIsReproducibleAndTheEfficiencyIsTheBoundOverTheModel() {
        double[][] curves = {{1, 2, 3}, {4, 5, 6}};
        assertArrayEquals(ErrorBreakdown.withNoise(curves, 0.1, 1)[1], ErrorBreakdown.withNoise(curves, 0.1, 1)[1]);
        assertNotEquals(curves[1][0], ErrorBreakdown.withNoise(curves, 0.1, 1)[1][0]);
        assertArrayEquals(curves[0], ErrorBreakdown.withNoise(curves, 0, 1)[0]);
        Scores clean = new Scores(10, 0.2, 0.4, 0.6, 0.4, 1);
        Scores noisy = new Scores(10, 0.4, 0.8, 1.2, 0.8, 2);
        List<ErrorBreakdown.Efficiency> e = ErrorBreakdown.efficiency(List.of(
                new BoundFiles.Level(0, new PerParameter(0.1, 0.1, 0.1), 0.1),
                new BoundFiles.Level(0.01, new PerParameter(0.2, 0.2, 0.2), 0.2),
                new BoundFiles.Level(0.03, new PerParameter(0.3, 0.3, 0.3), 0.3)),
                clean, List.of(new ErrorBreakdown.AtNoise(0.01, noisy, null)));
        assertEquals(2, e.size(), "only the levels the model was scored at");
        assertEquals(0.1 / 0.4, e.get(0).efficiency(), 1e-12);
        assertEquals(0.2 / 0.8, e.get(1).efficiency(), 1e-12);
    }
}
