package org.spinecho.sim;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A periodic L1 × L2 square lattice with unit spacing (docs/model.md, "The ensemble"). Site (i, j) with
 * 0 ≤ i &lt; L1, 0 ≤ j &lt; L2 carries spin index k = i + L1·j.
 */
public record Lattice(int l1, int l2) {

    /** The default 50 × 50 lattice. */
    public static final Lattice DEFAULT = new Lattice(50, 50);

    /** The most sites a lattice may have. */
    public static final long MAX_SITES = 16_000_000L;

    /** "L1xL2": two decimal integers joined by x or X, with spaces allowed around the whole. */
    private static final Pattern TEXT = Pattern.compile("\\s*(\\d{1,9})[xX](\\d{1,9})\\s*");

    /**
     * Checks the sides.
     *
     * @param l1 sites along i, at least 2
     * @param l2 sites along j, at least 2
     * @throws IllegalArgumentException if a side is below 2 or the lattice has more than
     *                                  {@link #MAX_SITES} sites
     */
    public Lattice {
        if (l1 < 2 || l2 < 2) {
            throw new IllegalArgumentException(
                    "lattice must be at least 2x2, got " + l1 + "x" + l2);
        }
        if ((long) l1 * l2 > MAX_SITES) {
            throw new IllegalArgumentException(
                    "lattice " + l1 + "x" + l2 + " has more than " + MAX_SITES + " sites");
        }
    }

    /**
     * Parses "L1xL2" (e.g. "50x50"): the one parser of lattice sizes, for options and files alike.
     * The exception's message completes a sentence whose subject is the caller's name for the
     * value, e.g. {@code "--lattice " + e.getMessage()} reads "--lattice must be L1xL2 with
     * integers &gt;= 2 (e.g. 50x50), got '50y50'".
     *
     * @param text the size, e.g. "50x50" or "9X7"
     * @return the lattice
     * @throws IllegalArgumentException if the text is not of that form, a side is below 2 or the
     *                                  lattice has more than {@link #MAX_SITES} sites
     */
    public static Lattice parse(String text) {
        Matcher m = TEXT.matcher(text);
        boolean written = m.matches();
        long l1 = written ? Long.parseLong(m.group(1)) : 0; // at most 9 digits: no overflow
        long l2 = written ? Long.parseLong(m.group(2)) : 0;
        if (l1 < 2 || l2 < 2) {
            throw new IllegalArgumentException("must be L1xL2 with integers >= 2 (e.g. 50x50), got '" + text + "'");
        }
        if (l1 * l2 > MAX_SITES) {
            throw new IllegalArgumentException("must have at most " + MAX_SITES + " sites, got '" + text + "'");
        }
        return new Lattice((int) l1, (int) l2);
    }

    /** Number of sites N = L1·L2. */
    public int size() {
        return l1 * l2;
    }

    /** Minimal-image displacement along an axis of length n: δ = d mod n, and δ −= n if δ ≥ n/2. */
    static int minimalImage(int d, int n) {
        int delta = Math.floorMod(d, n); // δ = d mod n, in [0, n)
        return 2 * delta >= n ? delta - n : delta; // δ ≥ n/2 → δ − n
    }

    /** Distance r between spins k and k' with periodic boundaries (minimal image). */
    public double distance(int k, int kPrime) {
        int di = minimalImage(k % l1 - kPrime % l1, l1);
        int dj = minimalImage(k / l1 - kPrime / l1, l2);
        return Math.sqrt((double) di * di + (double) dj * dj); // r = sqrt(δi² + δj²)
    }

    /**
     * The coupling J(r) as a function of the displacement (δi, δj), stored at index
     * δi mod L1 + L1·(δj mod L2), with J = 0 at zero displacement. This is the convolution
     * kernel of the mean field.
     */
    public double[] kernelTable(CouplingKernel kernel) {
        double[] table = new double[size()];
        for (int j = 0; j < l2; j++) {
            int dj = minimalImage(j, l2);
            for (int i = 0; i < l1; i++) {
                int di = minimalImage(i, l1);
                if (di == 0 && dj == 0) {
                    continue; // J(0) = 0: no self-coupling
                }
                table[i + l1 * j] = kernel.at(Math.sqrt((double) di * di + (double) dj * dj));
            }
        }
        return table;
    }

    @Override
    public String toString() {
        return l1 + "x" + l2;
    }
}
