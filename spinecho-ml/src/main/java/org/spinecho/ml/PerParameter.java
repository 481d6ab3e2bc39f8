package org.spinecho.ml;

import java.util.Locale;
import org.spinecho.sim.Theta;

/**
 * One number per inferred parameter (α, ξ, d): a standard deviation, an NMSE, a coverage. Unlike
 * {@link Theta} the values are not validated as a point of parameter space: they may be NaN
 * (undefined) or +∞ (not determined).
 *
 * @param alpha the value for α
 * @param xi    the value for ξ
 * @param d     the value for d
 */
public record PerParameter(double alpha, double xi, double d) {

    /** From an array in {@link Theta#NAMES} order. */
    public static PerParameter of(double[] values) {
        if (values == null || values.length != Theta.SIZE) {
            throw new IllegalArgumentException("expected 3 values (alpha, xi, d)");
        }
        return new PerParameter(values[0], values[1], values[2]);
    }

    /** The value of parameter {@code k} (0 = α, 1 = ξ, 2 = d). */
    public double get(int k) {
        return switch (k) {
            case 0 -> alpha;
            case 1 -> xi;
            case 2 -> d;
            default -> throw new IndexOutOfBoundsException("parameter " + k + " of 3");
        };
    }

    public double[] toArray() {
        return new double[] {alpha, xi, d};
    }

    /** (α + ξ + d) / 3, the challenge's mean over parameters. */
    public double mean() {
        return (alpha + xi + d) / 3;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "alpha=%.4g xi=%.4g d=%.4g", alpha, xi, d);
    }
}
