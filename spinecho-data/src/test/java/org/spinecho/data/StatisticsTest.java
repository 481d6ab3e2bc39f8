package org.spinecho.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StatisticsTest {
    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(3.0, Statistics.median(new double[] {5, 1, 3}));
        assertEquals(2.5, Statistics.median(new double[] {4, 1, 3, 2}));
        assertEquals(-7.0, Statistics.median(new double[] {-7}));
        assertEquals(1.0, Statistics.median(new double[] {1, 1e300, -1e300}));
    }

    @Test
    void medianLeavesItsArgumentAlone() {
        double[] values = {3, 1, 2};
        Statistics.median(values);
        assertArrayEquals(new double[] {3, 1, 2}, values);
    }

    @Test
    void medianRejectsEmptyAndNaN() {
        assertThrows(IllegalArgumentException.class, () -> Statistics.median(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Statistics.median(new double[] {1, Double.NaN, 2}));
    }

    @Test
    void momentsAreTheMeanAndThePopulationSd() {
        Statistics.Moments m = Statistics.moments(new double[] {2, 4, 4, 4, 5, 5, 7, 9});
        assertEquals(5.0, m.mean(), 0);
        assertEquals(2.0, m.sd(), 0, "population sd: divided by n, not n - 1");
        assertEquals(0.0, Statistics.moments(new double[] {3, 3, 3}).sd(), 0);
        // two passes: a large common offset does not swamp the spread
        assertEquals(1.0, Statistics.moments(new double[] {1e9 - 1, 1e9 + 1}).sd(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Statistics.moments(new double[0]));
    }

    @Test
    void columnOfRows() {
        assertArrayEquals(new double[] {2, 5}, Statistics.column(new double[][] {{1, 2, 3}, {4, 5, 6}}, 1), 0);
    }
}
