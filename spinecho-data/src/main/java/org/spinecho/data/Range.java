package org.spinecho.data;

/**
 * A closed interval [lo, hi] of finite numbers, lo ≤ hi, from which a parameter is drawn
 * uniformly. Written {@code LO:HI} on the command line and in files.
 */
public record Range(double lo, double hi) {
    public Range {
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("range bounds must be finite, got " + lo + ":" + hi);
        }
        if (lo > hi) {
            throw new IllegalArgumentException("range must have LO <= HI, got " + lo + ":" + hi);
        }
    }

    /** The fixed value v (lo = hi = v). */
    public static Range of(double lo, double hi) {
        return new Range(lo, hi);
    }

    /**
     * Parses {@code LO:HI} (e.g. {@code 0:1}, {@code 2.5:5e0}).
     *
     * @param option the option or setting the text comes from, named in the error message
     * @throws IllegalArgumentException with a message starting with {@code option}
     */
    public static Range parse(String text, String option) {
        String[] parts = text == null ? new String[0] : text.trim().split(":", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException(option + ": expected LO:HI (e.g. 0:1), got '" + text + "'");
        }
        double lo = number(parts[0], option, text);
        double hi = number(parts[1], option, text);
        if (lo > hi) {
            throw new IllegalArgumentException(option + ": LO must be <= HI, got '" + text + "'");
        }
        return new Range(lo, hi);
    }

    private static double number(String s, String option, String text) {
        String t = s.trim();
        if (!DelimitedText.isDecimal(t)) {
            throw new IllegalArgumentException(option + ": expected LO:HI with finite numbers, got '" + text + "'");
        }
        double v = Double.parseDouble(t);
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(option + ": expected LO:HI with finite numbers, got '" + text + "'");
        }
        return v;
    }

    /** The point a fraction {@code u} ∈ [0, 1) of the way from lo to hi: lo + (hi − lo)·u. */
    public double at(double u) {
        return lo + (hi - lo) * u;
    }

    public double width() {
        return hi - lo;
    }

    public boolean contains(double v) {
        return v >= lo && v <= hi;
    }

    /** {@code LO:HI} with every double in its exact shortest form. */
    @Override
    public String toString() {
        return DelimitedText.format(lo) + ":" + DelimitedText.format(hi);
    }
}
