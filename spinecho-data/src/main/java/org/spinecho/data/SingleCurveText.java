package org.spinecho.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One measured curve given as text, in any of the three layouts people have it in:
 * <ul>
 *   <li>{@link Layout#RE_IM}: one line {@code Re Im} per sample (as {@code spinecho simulate} writes);</li>
 *   <li>{@link Layout#TIME_RE_IM}: one line {@code time Re Im} per sample, time increasing (the time
 *       column is checked and then dropped: the sampling is the model's);</li>
 *   <li>{@link Layout#CHALLENGE_ROWS}: the challenge's one-line format, two lines: all real parts, then
 *       all imaginary parts (a line of {@code <kernel>_echos_<split>_r.txt} and the same line of
 *       {@code _i.txt}).</li>
 * </ul>
 * Numbers are separated by blanks, tabs or commas (CSV); lines starting with {@code #} and a first
 * line without any digit (a CSV header such as {@code time,Re,Im}) are skipped. Strict otherwise,
 * as {@link DelimitedText}: every problem is a {@link DataFormatException} naming line and column.
 */
public final class SingleCurveText {
    private SingleCurveText() {
    }

    /** How the numbers were laid out. */
    public enum Layout {
        RE_IM("two columns Re Im"),
        TIME_RE_IM("three columns time Re Im"),
        CHALLENGE_ROWS("two lines (the challenge's one-line format): Re values, then Im values");

        private final String description;

        Layout(String description) {
            this.description = description;
        }

        /** A phrase for messages and the page. */
        public String description() {
            return description;
        }
    }

    /** The curve's samples (Re and Im of equal length, at least 3) and the layout they were found in. */
    public record Curve(double[] re, double[] im, Layout layout) {
        public Curve {
            if (re.length != im.length) {
                throw new IllegalArgumentException("re has " + re.length + " samples, im " + im.length);
            }
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

        public int samples() {
            return re.length;
        }
    }

    /** Fewest samples a curve may have. */
    public static final int MIN_SAMPLES = 3;

    /**
     * Parses {@code text}.
     *
     * @param text   the curve
     * @param source what to call it in messages (a file name, "pasted text")
     * @throws DataFormatException if the text is empty, ragged, holds something that is not a finite
     *                             number, or fits none of the layouts
     */
    public static Curve parse(String text, String source) {
        Path where = Path.of(source);
        List<double[]> rows = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        int columns = -1;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (i == 0 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1);
            }
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            if (rows.isEmpty() && lineNumbers.isEmpty() && stripped.chars().noneMatch(Character::isDigit)) {
                lineNumbers.add(-1); // a header line: skipped, but only the first line may be one
                continue;
            }
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
        int firstLine = lineNumbers.get(lineNumbers.size() - rows.size());
        if (rows.size() == 2 && columns > 3) {
            return new Curve(rows.get(0), rows.get(1), Layout.CHALLENGE_ROWS);
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
        int offset = columns == 3 ? 1 : 0;
        double[] re = new double[n];
        double[] im = new double[n];
        for (int k = 0; k < n; k++) {
            double[] row = rows.get(k);
            if (offset == 1 && k > 0 && !(row[0] > rows.get(k - 1)[0])) {
                throw new DataFormatException(where, lineNumbers.get(lineNumbers.size() - n + k), 1,
                        "time must increase from line to line, got " + row[0] + " after " + rows.get(k - 1)[0]);
            }
            re[k] = row[offset];
            im[k] = row[offset + 1];
        }
        return new Curve(re, im, offset == 1 ? Layout.TIME_RE_IM : Layout.RE_IM);
    }
}
