package org.spinecho.ml.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spinecho.data.Preset;

class RegionScoresTest {
    /** gauss prior: alpha width 1 (variance 1/12), so an alpha error of 0.1 is NMSE 0.12 in its region. */
    @Test
    void scoresEachRegionInUnitsOfThePriorVariance() {
        double[][] truth = {{0.1, 10, 3}, {0.9, 10, 3}, {0.5, 10, 4.8}};
        double[][] pred = {{0.2, 10, 3}, {0.9, 12, 3}, {0.5, 10, 4.5}};
        List<RegionScores.Region> r = RegionScores.of(truth, pred, Preset.GAUSS.prior());
        assertEquals("all", r.get(0).name());
        assertEquals(3, r.get(0).count());
        assertEquals(0.12 / 3, r.get(0).nmse().alpha(), 1e-12);
        assertEquals(1, r.get(1).count());
        assertEquals(0.12, r.get(1).nmse().alpha(), 1e-12, "weak coupling");
        assertEquals(4 * 12 / 289.0, r.get(2).nmse().xi(), 1e-12, "strong coupling: xi error 2 over width 17");
        assertEquals(0.09 * 12 / 9, r.get(3).nmse().d(), 1e-12, "d near the top");
        assertTrue(r.get(3).name().startsWith("d near the top"));
    }
}
