package org.spinecho.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A set of spin-echo curves with (optionally) their parameters, in memory: row {@code n} of
 * {@code re} and {@code im} is curve {@code n} (one double per sample), row {@code n} of
 * {@code params} its {@code α ξ d}. The arrays are used as given, not copied; do not modify them
 * while the data set is in use.
 *
 * <p>Files: see {@link DataFiles} for the names and {@link DelimitedText} for the text format.
 *
 * @param re     real parts, {@code size() × samples()}
 * @param im     imaginary parts, same shape as {@code re}
 * @param params {@code size() × 3}: α, ξ, d of each curve; {@code null} for curves without
 *               parameters (as read by {@link #readCurves})
 */
public record EchoDataset(double[][] re, double[][] im, double[][] params) {
    /** Columns of the parameter file: α ξ d. */
    public static final int PARAMETER_COLUMNS = 3;

    public EchoDataset {
        if (re == null || im == null) {
            throw new NullPointerException("re and im are required");
        }
        if (re.length == 0) {
            throw new IllegalArgumentException("a data set needs at least one curve");
        }
        if (im.length != re.length) {
            throw new IllegalArgumentException("re has " + re.length + " curves but im has " + im.length);
        }
        int samples = requireRectangular("re", re, -1);
        requireRectangular("im", im, samples);
        if (params != null) {
            if (params.length != re.length) {
                throw new IllegalArgumentException("re has " + re.length + " curves but params has " + params.length);
            }
            requireRectangular("params", params, PARAMETER_COLUMNS);
        }
    }

    private static int requireRectangular(String name, double[][] rows, int columns) {
        int cols = columns;
        for (int n = 0; n < rows.length; n++) {
            double[] row = rows[n];
            if (row == null) {
                throw new NullPointerException(name + " row " + n + " is null");
            }
            if (cols < 0) {
                cols = row.length;
                if (cols == 0) {
                    throw new IllegalArgumentException(name + " rows are empty");
                }
            } else if (row.length != cols) {
                throw new IllegalArgumentException(name + " row " + n + " has " + row.length
                        + " values, expected " + cols);
            }
            for (int j = 0; j < row.length; j++) {
                if (!Double.isFinite(row[j])) {
                    throw new IllegalArgumentException(name + " row " + n + " column " + j
                            + " is not finite: " + row[j]);
                }
            }
        }
        return cols;
    }

    /**
     * Reads a data set from its three files: curves (r, i) and parameters (α ξ d).
     *
     * @throws DataFormatException if a file is missing, empty or malformed, the rows are ragged,
     *                             the parameter file has other than 3 columns, or the three files
     *                             differ in their number of lines (curves)
     */
    public static EchoDataset read(Path reFile, Path imFile, Path paramsFile) {
        EchoDataset curves = readCurves(reFile, imFile);
        double[][] params = DelimitedText.readMatrix(paramsFile, PARAMETER_COLUMNS);
        requireSameCount(reFile, curves.size(), paramsFile, params.length);
        return new EchoDataset(curves.re, curves.im, params);
    }

    /** Reads {@code files.re(), files.im(), files.params()}. */
    public static EchoDataset read(DataFiles files) {
        return read(files.re(), files.im(), files.params());
    }

    /**
     * Reads curves without parameters (e.g. to predict them): {@link #params()} is {@code null}.
     *
     * @throws DataFormatException as {@link #read(Path, Path, Path)}
     */
    public static EchoDataset readCurves(Path reFile, Path imFile) {
        double[][] re = DelimitedText.readMatrix(reFile, -1);
        double[][] im = DelimitedText.readMatrix(imFile, re[0].length);
        requireSameCount(reFile, re.length, imFile, im.length);
        return new EchoDataset(re, im, null);
    }

    private static void requireSameCount(Path first, int firstCount, Path other, int otherCount) {
        if (otherCount < firstCount) {
            throw new DataFormatException(other, otherCount + 1, 1, "file ends after " + otherCount
                    + " lines, but " + first.getFileName() + " has " + firstCount);
        }
        if (otherCount > firstCount) {
            throw new DataFormatException(other, firstCount + 1, 1, "extra line: "
                    + first.getFileName() + " has only " + firstCount + " lines");
        }
    }

    /** Number of curves. */
    public int size() {
        return re.length;
    }

    /** Samples per curve (3·nτ; 471 for the defaults). */
    public int samples() {
        return re[0].length;
    }

    /** Whether the parameters are known. */
    public boolean hasParams() {
        return params != null;
    }

    /** α of curve {@code n}. */
    public double alpha(int n) {
        return requireParams()[n][0];
    }

    /** ξ of curve {@code n}. */
    public double xi(int n) {
        return requireParams()[n][1];
    }

    /** d of curve {@code n}. */
    public double d(int n) {
        return requireParams()[n][2];
    }

    private double[][] requireParams() {
        if (params == null) {
            throw new IllegalStateException("this data set has no parameters (read with readCurves)");
        }
        return params;
    }

    /** Curves {@code from} (inclusive) to {@code to} (exclusive), sharing the rows. */
    public EchoDataset slice(int from, int to) {
        if (from < 0 || to > size() || from >= to) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of " + size() + " curves");
        }
        return new EchoDataset(Arrays.copyOfRange(re, from, to), Arrays.copyOfRange(im, from, to),
                params == null ? null : Arrays.copyOfRange(params, from, to));
    }

    /**
     * Writes the curves (and, if present, the parameters) atomically, tab separated, every double
     * in a form that reads back bit for bit.
     *
     * @param paramsFile ignored when there are no parameters
     */
    public void write(Path reFile, Path imFile, Path paramsFile) throws IOException {
        DelimitedText.writeMatrix(reFile, re);
        DelimitedText.writeMatrix(imFile, im);
        if (params != null) {
            DelimitedText.writeMatrix(paramsFile, params);
        }
    }

    /** Writes to {@code files.re(), files.im(), files.params()}. */
    public void write(DataFiles files) throws IOException {
        write(files.re(), files.im(), files.params());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EchoDataset e && Arrays.deepEquals(re, e.re) && Arrays.deepEquals(im, e.im)
                && Arrays.deepEquals(params, e.params);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.deepHashCode(re) + Arrays.deepHashCode(im)) + Arrays.deepHashCode(params);
    }

    @Override
    public String toString() {
        return "EchoDataset[" + size() + " curves × " + samples() + " samples" + (params == null ? ", no params" : "") + "]";
    }
}
