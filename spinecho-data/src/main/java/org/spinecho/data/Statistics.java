package org.spinecho.data;

import java.util.Arrays;

/** Summary statistics of samples, shared by the reports, studies and benchmarks. */
public final class Statistics {
    private Statistics() {
    }

    /**
     * The median: the middle value of the sorted values, or the mean of the two middle ones for an
     * even count. The argument is not modified.
     *
     * @param values the sample, in any order
     * @return the median
     * @throws IllegalArgumentException if {@code values} is empty or contains NaN
     */
    public static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("median of no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        if (Double.isNaN(sorted[sorted.length - 1])) { // Arrays.sort puts NaN last
            throw new IllegalArgumentException("median of values containing NaN");
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
