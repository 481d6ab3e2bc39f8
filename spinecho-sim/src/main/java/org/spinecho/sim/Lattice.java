package org.spinecho.sim;

/**
 * A periodic L1 × L2 square lattice with unit spacing (spec §2). Site (i, j) with
 * 0 ≤ i &lt; L1, 0 ≤ j &lt; L2 carries spin index k = i + L1·j.
 */
public record Lattice(int l1, int l2) {

    /** The default 50 × 50 lattice. */
    public static final Lattice DEFAULT = new Lattice(50, 50);

    public Lattice {
        if (l1 < 2 || l2 < 2) {
            throw new IllegalArgumentException(
                    "lattice must be at least 2x2, got " + l1 + "x" + l2);
        }
        if ((long) l1 * l2 > 16_000_000L) {
            throw new IllegalArgumentException(
                    "lattice " + l1 + "x" + l2 + " has more than 16,000,000 sites");
        }
    }

    /**
     * Parses "L1xL2" (e.g. "50x50").
     *
     * @throws IllegalArgumentException with a message saying what is expected
     */
    public static Lattice parse(String text) {
        String[] parts = text.trim().split("[xX]", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException(
                    "lattice must be written L1xL2 with integers >= 2 (e.g. 50x50), got '" + text + "'");
        }
        try {
            return new Lattice(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "lattice must be written L1xL2 with integers >= 2 (e.g. 50x50), got '" + text + "'");
        }
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
