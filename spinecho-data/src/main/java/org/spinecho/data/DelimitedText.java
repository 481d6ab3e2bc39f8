package org.spinecho.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whitespace-delimited numeric text, as written by Julia's {@code writedlm} (tabs, floats like
 * {@code 0.12345678901234568} or {@code 1.0e-5}) or numpy's {@code savetxt} (spaces,
 * {@code 1.234500000000000000e-01}).
 *
 * <p>Reading accepts tabs and/or spaces between numbers, leading and trailing blanks, {@code \n},
 * {@code \r\n} or {@code \r} line endings, a UTF-8 byte-order mark and blank lines at the end of
 * the file. The last line must end with a line break: a file without one was most likely cut
 * short, and its last number read as another number. Numbers are decimal, optionally signed, with optional fraction and exponent; NaN and
 * infinities are refused. Writing uses tabs, {@code \n} and the shortest decimal that Java reads
 * back to the same double ({@link Double#toString}, with a lower-case exponent as Julia writes it).
 */
public final class DelimitedText {
    private DelimitedText() {
    }

    /**
     * Reads a rectangular matrix of finite numbers, one row per line.
     *
     * @param file            the file
     * @param expectedColumns the number of numbers every line must have, or −1 to take it from the
     *                        first line
     * @return the rows (at least one)
     * @throws DataFormatException if the file is missing, unreadable or empty, or a line is blank,
     *                             ragged or holds something that is not a finite number
     */
    public static double[][] readMatrix(Path file, int expectedColumns) {
        List<double[]> rows = new ArrayList<>();
        int columns = expectedColumns;
        int blankLine = 0; // first blank line seen, if any (allowed only at the end)
        int lastLine = 0;
        int lastFields = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            int lineNo = 0;
            while ((text = in.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
                    text = text.substring(1);
                }
                if (isBlank(text)) {
                    if (blankLine == 0) {
                        blankLine = lineNo;
                    }
                    continue;
                }
                if (blankLine != 0) {
                    throw new DataFormatException(file, blankLine, 1, "empty line");
                }
                double[] row = parseLine(file, lineNo, text, columns);
                if (columns < 0) {
                    columns = row.length;
                }
                rows.add(row);
                lastLine = lineNo;
                lastFields = row.length;
            }
            if (lastLine > 0 && blankLine == 0 && !endsWithLineBreak(file)) {
                throw new DataFormatException(file, lastLine, lastFields, "the last line has no line break at its "
                        + "end: the file may have been cut short (a torn last number reads as another number)");
            }
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, 1, 1, "no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new DataFormatException(file, rows.size() + 1, 1, "not a text file (invalid UTF-8)");
        } catch (IOException e) {
            throw new DataFormatException(file, 1, 1, "cannot read file: " + e);
        }
        if (rows.isEmpty()) {
            throw new DataFormatException(file, 1, 1, "empty file");
        }
        return rows.toArray(new double[0][]);
    }

    /**
     * Whether the file's last byte is a line break. Every writer we know of (ours, Julia's
     * {@code writedlm}, numpy's {@code savetxt}) ends its last line with one; a file that does not
     * was most likely cut short, and its last number may be a prefix of the number written.
     */
    public static boolean endsWithLineBreak(Path file) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                return false;
            }
            java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
            ch.read(last, size - 1);
            byte b = last.get(0);
            return b == '\n' || b == '\r';
        }
    }

    private static boolean isBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    /** Parses one non-blank line; {@code columns} &lt; 0 accepts any count. */
    static double[] parseLine(Path file, int lineNo, String text, int columns) {
        double[] values = new double[columns > 0 ? columns : 16];
        int n = 0;
        int pos = 0;
        int len = text.length();
        while (true) {
            while (pos < len && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
                pos++;
            }
            if (pos >= len) {
                break;
            }
            int start = pos;
            while (pos < len && text.charAt(pos) != ' ' && text.charAt(pos) != '\t') {
                pos++;
            }
            int field = n + 1;
            if (columns >= 0 && field > columns) {
                int extra = field;
                while (true) { // count the remaining fields for the message
                    while (pos < len && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
                        pos++;
                    }
                    if (pos >= len) {
                        break;
                    }
                    while (pos < len && text.charAt(pos) != ' ' && text.charAt(pos) != '\t') {
                        pos++;
                    }
                    extra++;
                }
                throw new DataFormatException(file, lineNo, columns + 1,
                        "expected " + columns + " numbers, found " + extra);
            }
            double v = parseNumber(file, lineNo, field, text.substring(start, pos));
            if (n == values.length) {
                values = java.util.Arrays.copyOf(values, values.length * 2);
            }
            values[n++] = v;
        }
        if (columns >= 0 && n != columns) {
            throw new DataFormatException(file, lineNo, n + 1, "expected " + columns + " numbers, found " + n);
        }
        return n == values.length ? values : java.util.Arrays.copyOf(values, n);
    }

    /** Parses one field: a finite decimal number. */
    static double parseNumber(Path file, int lineNo, int field, String token) {
        if (!isDecimal(token)) {
            String lower = token.toLowerCase(java.util.Locale.ROOT);
            String bare = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
            if (bare.equals("nan") || bare.startsWith("inf")) {
                throw new DataFormatException(file, lineNo, field, "not a finite number: '" + token + "'");
            }
            throw new DataFormatException(file, lineNo, field, "not a number: '" + abbreviate(token) + "'");
        }
        double v = Double.parseDouble(token);
        if (!Double.isFinite(v)) {
            throw new DataFormatException(file, lineNo, field, "not a finite number: '" + token + "'");
        }
        return v;
    }

    private static String abbreviate(String token) {
        return token.length() <= 40 ? token : token.substring(0, 37) + "...";
    }

    /** [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)? */
    static boolean isDecimal(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expDigits = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                expDigits++;
            }
            if (expDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * The text of one double as written to data files: {@link Double#toString} (reads back bit
     * for bit) with a lower-case exponent, e.g. {@code 0.1}, {@code 1.0e-5}, {@code -3.0e-7}.
     *
     * @throws IllegalArgumentException for NaN or infinities
     */
    public static String format(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("cannot write a non-finite number: " + v);
        }
        return Double.toString(v).replace('E', 'e');
    }

    /** Appends one row: the numbers separated by tabs, then {@code \n}. */
    public static StringBuilder appendRow(StringBuilder out, double[] row) {
        for (int j = 0; j < row.length; j++) {
            if (j > 0) {
                out.append('\t');
            }
            out.append(format(row[j]));
        }
        return out.append('\n');
    }

    /** Writes the rows atomically (see {@link AtomicFiles#write}). */
    public static void writeMatrix(Path file, double[][] rows) throws IOException {
        AtomicFiles.write(file, out -> {
            StringBuilder sb = new StringBuilder(1 << 16);
            for (double[] row : rows) {
                appendRow(sb, row);
                if (sb.length() > (1 << 16)) {
                    out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
                    sb.setLength(0);
                }
            }
            out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
        });
    }
}
