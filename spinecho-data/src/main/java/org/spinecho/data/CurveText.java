package org.spinecho.data;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Locale;
import org.spinecho.sim.EchoCurve;

/**
 * The text form of a curve written by {@code spinecho simulate}: one line "Re Im" per sample, in
 * sample order, each number with 17 significant digits ("%.16e"), so that parsing gives back the
 * exact doubles.
 */
public final class CurveText {
    private CurveText() {
    }

    /** One line (with its trailing '\n') for sample index {@code i}. */
    public static String line(EchoCurve curve, int i) {
        return String.format(Locale.ROOT, "%.16e %.16e\n", curve.re(i), curve.im(i));
    }

    /** Writes all samples. Does not flush or close {@code out}. */
    public static void write(EchoCurve curve, Writer out) throws IOException {
        for (int i = 0; i < curve.size(); i++) {
            out.write(line(curve, i));
        }
    }

    /**
     * Reads a curve file: lines "Re Im" (tabs or spaces). Returns {re, im}; bad input throws
     * DataFormatException naming file, line and column.
     */
    public static double[][] read(Path file) {
        double[][] rows = DelimitedText.readMatrix(file, 2);
        double[] re = new double[rows.length];
        double[] im = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            re[i] = rows[i][0];
            im[i] = rows[i][1];
        }
        return new double[][] {re, im};
    }
}
