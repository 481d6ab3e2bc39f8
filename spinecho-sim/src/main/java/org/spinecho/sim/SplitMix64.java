package org.spinecho.sim;

/**
 * The SplitMix64 generator of docs/model.md, "The ensemble" (Steele, Lea and Flood 2014), used for the layout
 * permutation so that any two implementations of the model draw the same layouts. Not thread-safe:
 * one instance per use.
 */
public final class SplitMix64 {
    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** The next 64-bit output. */
    public long nextLong() {
        state += 0x9E3779B97F4A7C15L; // s += golden gamma
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A double uniform in [0, 1): the top 53 bits times 2⁻⁵³. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * The layout permutation of docs/model.md, "The ensemble": start from (0, 1, …, n−1); for
     * i = n−1 down to 1 draw u = nextDouble(), j = floor(u·(i+1)) and swap entries i and j (Fisher–Yates).
     */
    public static int[] permutation(int n, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i >= 1; i--) {
            int j = (int) Math.floor(rng.nextDouble() * (i + 1));
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm;
    }
}
