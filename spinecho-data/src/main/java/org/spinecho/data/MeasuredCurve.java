package org.spinecho.data;

import java.nio.file.Path;

/**
 * One curve as a file holds it: lines "Re Im" (as {@code spinecho simulate} writes them), or
 * "t Re Im" with the time t in microseconds, as a spectrometer exports it. Times must be evenly
 * spaced; the spacing becomes the sequence's time step (1 µs = 2π u, the model's unit of time being
 * 1/(2π·1 MHz)).
 *
 * @param re     Re M per sample
 * @param im     Im M per sample
 * @param dtUnits the time step in u from the time column, or NaN without one
 */
public record MeasuredCurve(double[] re, double[] im, double dtUnits) {
    /** Model time units u per microsecond: 2π. */
    public static final double UNITS_PER_MICROSECOND = 2 * Math.PI;

    public MeasuredCurve {
        re = re.clone();
        im = im.clone();
    }

    @Override
    public double[] re() {
        return re.clone();
    }

    @Override
    public double[] im() {
        return im.clone();
    }

    /** Whether the file had a time column. */
    public boolean hasTime() {
        return !Double.isNaN(dtUnits);
    }

    /**
     * Reads a curve file of two ("Re Im") or three ("t Re Im", t in µs) columns.
     *
     * @throws DataFormatException naming the file, line and column of the problem
     */
    public static MeasuredCurve read(Path file) {
        double[][] rows = DelimitedText.readMatrix(file, -1);
        int columns = rows[0].length;
        if (columns != 2 && columns != 3) {
            throw new DataFormatException(file, 1, 1, "expected 2 columns (Re Im) or 3 (t in us, Re, Im), got "
                    + columns);
        }
        int n = rows.length;
        double[] re = new double[n];
        double[] im = new double[n];
        int off = columns - 2;
        for (int i = 0; i < n; i++) {
            re[i] = rows[i][off];
            im[i] = rows[i][off + 1];
        }
        if (columns == 2) {
            return new MeasuredCurve(re, im, Double.NaN);
        }
        if (n < 2) {
            throw new DataFormatException(file, 1, 1, "a time column needs at least two samples");
        }
        double step = (rows[n - 1][0] - rows[0][0]) / (n - 1);
        if (!(step > 0)) {
            throw new DataFormatException(file, 2, 1, "times must increase");
        }
        for (int i = 1; i < n; i++) {
            double expected = rows[0][0] + i * step;
            if (Math.abs(rows[i][0] - expected) > 1e-3 * step) {
                throw new DataFormatException(file, i + 1, 1, "times must be evenly spaced (expected "
                        + DelimitedText.format(expected) + " us, got " + DelimitedText.format(rows[i][0]) + ")");
            }
        }
        return new MeasuredCurve(re, im, step * UNITS_PER_MICROSECOND);
    }
}
