package org.spinecho.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One curve as a file or a pasted text holds it, in any of the three layouts people have it in:
 * <ul>
 *   <li>{@link Layout#RE_IM}: one line {@code Re Im} per sample (as {@code spinecho simulate} writes);</li>
 *   <li>{@link Layout#TIME_RE_IM}: one line {@code t Re Im} per sample, the time t in microseconds as
 *       a spectrometer exports it; times must increase and be evenly spaced, and the spacing is the
 *       curve's time step ({@link #dtUnits()}; 1 µs = 2π u, the model's unit of time being
 *       1/(2π·1 MHz));</li>
 *   <li>{@link Layout#CHALLENGE_ROWS}: the challenge's one-line format, two lines: all real parts,
 *       then all imaginary parts (a line of {@code <kernel>_echos_<split>_r.txt} and the same line of
 *       {@code _i.txt}).</li>
 * </ul>
 * Numbers are separated by blanks, tabs or commas (CSV); blank lines, lines starting with {@code #}
 * and a first line without any digit (a CSV header such as {@code time,Re,Im}) are skipped. Strict
 * otherwise, as {@link DelimitedText}: every problem is a {@link DataFormatException} naming the
 * file, line and column. This is the one reader of single curves: the command line and the web
 * page both read through it.
 *
 * @param re      Re M per sample
 * @param im      Im M per sample
 * @param dtUnits the time step in u from the time column, or NaN without one
 * @param layout  the layout the numbers were found in
 */
public record MeasuredCurve(double[] re, double[] im, double dtUnits, Layout layout) {
    /** Model time units u per microsecond: 2π. */
    public static final double UNITS_PER_MICROSECOND = 2 * Math.PI;

    /** Fewest samples a curve may have. */
    public static final int MIN_SAMPLES = 3;

    /** How the numbers were laid out. */
    public enum Layout {
        RE_IM("two columns Re Im"),
        TIME_RE_IM("three columns time Re Im"),
        CHALLENGE_ROWS("two lines (the challenge's one-line format): Re values, then Im values");

        private final String description;

        Layout(String description) {
            this.description = description;
        }

        /**
         * A phrase for messages and the page.
         *
         * @return e.g. "two columns Re Im"
         */
        public String description() {
            return description;
        }
    }

    public MeasuredCurve {
        if (re.length != im.length) {
            throw new IllegalArgumentException("re has " + re.length + " samples, im " + im.length);
        }
        if ((layout == Layout.TIME_RE_IM) == Double.isNaN(dtUnits)) {
            throw new IllegalArgumentException("a time step goes with the layout " + Layout.TIME_RE_IM
                    + " and only with it, got " + dtUnits + " for " + layout);
        }
        re = re.clone();
        im = im.clone();
    }

    /**
     * A curve of samples in the model's units, without a layout read from text: {@link Layout#RE_IM}
     * without a time step, {@link Layout#TIME_RE_IM} with one.
     *
     * @param re      Re M per sample
     * @param im      Im M per sample
     * @param dtUnits the time step in u, or NaN for none
     */
    public MeasuredCurve(double[] re, double[] im, double dtUnits) {
        this(re, im, dtUnits, Double.isNaN(dtUnits) ? Layout.RE_IM : Layout.TIME_RE_IM);
    }

    @Override
    public double[] re() {
        return re.clone();
    }

    @Override
    public double[] im() {
        return im.clone();
    }

    /**
     * The number of samples.
     *
     * @return samples of Re (as many as of Im)
     */
    public int samples() {
        return re.length;
    }

    /**
     * Whether the curve had a time column.
     *
     * @return true for {@link Layout#TIME_RE_IM}
     */
    public boolean hasTime() {
        return !Double.isNaN(dtUnits);
    }

    /**
     * Reads a curve file (UTF-8). Its last line must end with a line break: a file without one was
     * most likely cut short.
     *
     * @param file the file
     * @return the curve
     * @throws DataFormatException naming the file, line and column of the problem
     */
    public static MeasuredCurve read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, 1, 1, "no such file");
        } catch (IOException e) {
            throw new DataFormatException(file, 1, 1, "cannot read file: " + e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new DataFormatException(file, 1, 1, "not a text file (invalid UTF-8)");
        }
        MeasuredCurve curve = parse(text, file);
        byte last = bytes[bytes.length - 1]; // not empty: parse found numbers
        if (last != '\n' && last != '\r') {
            String[] lines = text.split("\r\n|\r|\n", -1);
            throw new DataFormatException(file, lines.length, 1, "the last line has no line break at its end: the "
                    + "file may have been cut short (a torn last number reads as another number)");
        }
        return curve;
    }

    /**
     * Parses a curve given as text (e.g. pasted into the web page).
     *
     * @param text   the curve
     * @param source what to call it in messages (a file name, "pasted text")
     * @return the curve
     * @throws DataFormatException if the text is empty, ragged, holds something that is not a finite
     *                             number, or fits none of the layouts
     */
    public static MeasuredCurve parse(String text, String source) {
        return parse(text, Path.of(source));
    }

    private static MeasuredCurve parse(String text, Path where) {
        List<double[]> rows = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        int columns = -1;
        boolean headerAllowed = true;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (i == 0 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1);
            }
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            if (headerAllowed && stripped.chars().noneMatch(Character::isDigit)) {
                headerAllowed = false; // a header line: skipped, but only the first line may be one
                continue;
            }
            headerAllowed = false;
            double[] row = DelimitedText.parseLine(where, i + 1, line.replace(',', ' '), columns);
            if (columns < 0) {
                columns = row.length;
            }
            rows.add(row);
            lineNumbers.add(i + 1);
        }
        if (rows.isEmpty()) {
            throw new DataFormatException(where, 1, 1, "no numbers: expected a curve as two columns Re Im, "
                    + "three columns time Re Im, or two lines (Re values, then Im values)");
        }
        int firstLine = lineNumbers.get(0);
        if (rows.size() == 2 && columns > 3) {
            return new MeasuredCurve(rows.get(0), rows.get(1), Double.NaN, Layout.CHALLENGE_ROWS);
        }
        if (columns != 2 && columns != 3) {
            throw new DataFormatException(where, firstLine, 1, "expected two columns (Re Im), three columns "
                    + "(time Re Im) or two lines (Re values, then Im values); found " + rows.size() + " line(s) of "
                    + columns + " numbers");
        }
        int n = rows.size();
        if (n < MIN_SAMPLES) {
            throw new DataFormatException(where, firstLine, 1, "a curve needs at least " + MIN_SAMPLES
                    + " samples, found " + n);
        }
        int offset = columns - 2;
        double[] re = new double[n];
        double[] im = new double[n];
        for (int k = 0; k < n; k++) {
            re[k] = rows.get(k)[offset];
            im[k] = rows.get(k)[offset + 1];
        }
        if (columns == 2) {
            return new MeasuredCurve(re, im, Double.NaN, Layout.RE_IM);
        }
        return new MeasuredCurve(re, im, timeStep(rows, lineNumbers, where) * UNITS_PER_MICROSECOND,
                Layout.TIME_RE_IM);
    }

    /** The spacing of the time column (µs), checked to increase and to be even (to 1e-3 of the step). */
    private static double timeStep(List<double[]> rows, List<Integer> lineNumbers, Path where) {
        int n = rows.size();
        for (int k = 1; k < n; k++) {
            if (!(rows.get(k)[0] > rows.get(k - 1)[0])) {
                throw new DataFormatException(where, lineNumbers.get(k), 1, "time must increase from line to line, got "
                        + rows.get(k)[0] + " after " + rows.get(k - 1)[0]);
            }
        }
        double t0 = rows.get(0)[0];
        double step = (rows.get(n - 1)[0] - t0) / (n - 1);
        for (int k = 1; k < n; k++) {
            double expected = t0 + k * step;
            if (Math.abs(rows.get(k)[0] - expected) > 1e-3 * step) {
                throw new DataFormatException(where, lineNumbers.get(k), 1, "times must be evenly spaced (expected "
                        + DelimitedText.format(expected) + " us, got " + DelimitedText.format(rows.get(k)[0]) + ")");
            }
        }
        return step;
    }
}
