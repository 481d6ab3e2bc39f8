package org.spinecho.data;

/**
 * The prior of a data set (docs/model.md, "Priors of the standard data sets"): α, ξ and d drawn
 * independently and uniformly from their ranges. Validated: α ≥ 0, ξ &gt; 0, d ≥ −3 (the simulator's limit); error messages name the
 * command-line option ({@code --alpha}, {@code --xi}, {@code --d}).
 */
public record Prior(Range alpha, Range xi, Range d) {
    public Prior {
        if (alpha == null || xi == null || d == null) {
            throw new NullPointerException("alpha, xi and d ranges are required");
        }
        if (alpha.lo() < 0) {
            throw new IllegalArgumentException("--alpha: alpha must be >= 0, got " + alpha);
        }
        if (!(xi.lo() > 0)) {
            throw new IllegalArgumentException("--xi: xi must be > 0, got " + xi);
        }
        if (d.lo() < -3) {
            throw new IllegalArgumentException("--d: d must be >= -3, got " + d);
        }
    }

    /** The range of parameter {@code k} in the order α, ξ, d. */
    public Range range(int k) {
        return switch (k) {
            case 0 -> alpha;
            case 1 -> xi;
            case 2 -> d;
            default -> throw new IndexOutOfBoundsException("parameter " + k + " of 3");
        };
    }

    public Prior withAlpha(Range value) {
        return new Prior(value, xi, d);
    }

    public Prior withXi(Range value) {
        return new Prior(alpha, value, d);
    }

    public Prior withD(Range value) {
        return new Prior(alpha, xi, value);
    }
}
