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
}
