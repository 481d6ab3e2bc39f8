package org.spinecho.sim;

import java.util.List;

/**
 * The three parameters that spinecho infers from a curve, θ = (α, ξ, d): the coupling strength α
 * (rad/u), the coupling length ξ (lattice spacings) and the dephasing exponent d (Γ = 10^(−d)).
 * Everything else about a simulation (kernel shape, lattice, line, layout, sequence) is fixed by a
 * template {@link SimulationParameters}; {@link #applyTo} puts θ into it.
 *
 * <p>Parameter names and their order are defined here once ({@link #NAMES}); arrays of three
 * values in the project are always in this order.
 *
 * @param alpha coupling strength α ≥ 0, finite
 * @param xi    coupling length ξ &gt; 0, finite
 * @param d     dephasing exponent d ≥ −3, finite
 */
public record Theta(double alpha, double xi, double d) {

    /** The parameter names, in the order of every three-element array: alpha, xi, d. */
    public static final List<String> NAMES = List.of("alpha", "xi", "d");

    /** The number of inferred parameters. */
    public static final int SIZE = 3;

    public Theta {
        if (!(alpha >= 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha must be a finite number >= 0, got " + alpha);
        }
        if (!(xi > 0) || !Double.isFinite(xi)) {
            throw new IllegalArgumentException("xi must be a finite number > 0, got " + xi);
        }
        if (!(d >= -3) || !Double.isFinite(d)) {
            throw new IllegalArgumentException("d must be a finite number >= -3, got " + d);
        }
    }

    /** θ from an array (α, ξ, d). */
    public static Theta of(double[] values) {
        if (values == null || values.length != SIZE) {
            throw new IllegalArgumentException("expected 3 values (alpha, xi, d)");
        }
        return new Theta(values[0], values[1], values[2]);
    }

    /** The values as an array (α, ξ, d). */
    public double[] toArray() {
        return new double[] {alpha, xi, d};
    }

    /** Parameter {@code k} (0 = α, 1 = ξ, 2 = d). */
    public double get(int k) {
        return switch (k) {
            case 0 -> alpha;
            case 1 -> xi;
            case 2 -> d;
            default -> throw new IndexOutOfBoundsException("parameter " + k + " of 3");
        };
    }

    /** A copy with parameter {@code k} set to {@code value}. */
    public Theta with(int k, double value) {
        return switch (k) {
            case 0 -> new Theta(value, xi, d);
            case 1 -> new Theta(alpha, value, d);
            case 2 -> new Theta(alpha, xi, value);
            default -> throw new IndexOutOfBoundsException("parameter " + k + " of 3");
        };
    }

    /** The template with this θ: its kernel's ξ, its α and its d replaced (kernel shape kept). */
    public SimulationParameters applyTo(SimulationParameters template) {
        return template.withXi(xi).withAlpha(alpha).withD(d);
    }

    /** θ of a simulation's parameters. */
    public static Theta of(SimulationParameters p) {
        return new Theta(p.alpha(), p.kernel().xi(), p.d());
    }
}
