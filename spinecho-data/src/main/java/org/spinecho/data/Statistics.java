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

    /**
     * The mean and the population standard deviation of a sample, computed in two passes (the sum,
     * then the sum of squared deviations from the mean, each in index order).
     *
     * @param mean the mean
     * @param sd   the population standard deviation: the root of the mean squared deviation
     */
    public record Moments(double mean, double sd) {
    }

    /**
     * The mean and population standard deviation of the values.
     *
     * @param values the sample
     * @return its moments
     * @throws IllegalArgumentException if {@code values} is empty
     */
    public static Moments moments(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("moments of no values");
        }
        int n = values.length;
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= n;
        double squares = 0;
        for (double v : values) {
            double d = v - mean;
            squares += d * d;
        }
        return new Moments(mean, Math.sqrt(squares / n));
    }

    /**
     * Column {@code k} of a matrix given as rows.
     *
     * @param rows the rows, each with more than {@code k} values
     * @param k    the column, from 0
     * @return a new array of {@code rows[i][k]}
     */
    public static double[] column(double[][] rows, int k) {
        double[] c = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            c[i] = rows[i][k];
        }
        return c;
    }
}
