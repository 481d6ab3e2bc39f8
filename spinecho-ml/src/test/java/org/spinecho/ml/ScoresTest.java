package org.spinecho.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ScoresTest {

    /*
     * Hand computation (rows: alpha, xi, d).
     *   alpha true 0,1,2,3: mean 1.5, population variance (2.25+0.25+0.25+2.25)/4 = 1.25.
     *         pred 0,1,2,4: errors 0,0,0,1 -> standardised squared errors 0,0,0,1/1.25 = 0.8
     *         NMSE_alpha = 0.8/4 = 0.2
     *   xi    true 4,4,8,8: mean 6, variance (4+4+4+4)/4 = 4.
     *         pred 5,4,8,6: errors 1,0,0,-2 -> squares 1,0,0,4 = 5 -> /4 = 1.25
     *         NMSE_xi = 1.25/4 = 0.3125
     *   d     true 2,3,4,5: mean 3.5, variance 1.25.
     *         pred 3.5 (the mean) everywhere: errors 1.5,0.5,-0.5,-1.5 -> squares sum 5 -> /1.25 = 4
     *         NMSE_d = 4/4 = 1 (predicting the mean scores exactly 1)
     *   mean = (0.2 + 0.3125 + 1)/3 = 0.5041666...
     *   Err  = 0.8 + 1.25 + 4 = 6.05
     */
    @Test
    void handExample() {
        double[][] truth = {{0, 4, 2}, {1, 4, 3}, {2, 8, 4}, {3, 8, 5}};
        double[][] pred = {{0, 5, 3.5}, {1, 4, 3.5}, {2, 8, 3.5}, {4, 6, 3.5}};
        Scores s = Scores.compute(truth, pred);
        assertEquals(4, s.n());
        assertEquals(0.2, s.nmseAlpha(), 1e-12);
        assertEquals(0.3125, s.nmseXi(), 1e-12);
        assertEquals(1.0, s.nmseD(), 1e-12);
        assertEquals(1.5125 / 3, s.mean(), 1e-12);
        assertEquals(6.05, s.err(), 1e-12);
    }

    @Test
    void perfectPredictionScoresZero() {
        double[][] truth = {{0.1, 3, 2}, {0.5, 10, 4}, {0.9, 19, 5}};
        Scores s = Scores.compute(truth, truth);
        assertEquals(0, s.mean(), 0);
        assertEquals(0, s.err(), 0);
    }

    @Test
    void rejectsMismatchedInput() {
        assertThrows(IllegalArgumentException.class,
                () -> Scores.compute(new double[][] {{1, 2, 3}}, new double[][] {}));
        assertThrows(IllegalArgumentException.class,
                () -> Scores.compute(new double[][] {{1, 2, 3}}, new double[][] {{1, 2}}));
        assertThrows(IllegalArgumentException.class, () -> Scores.compute(new double[0][], new double[0][]));
    }
}
