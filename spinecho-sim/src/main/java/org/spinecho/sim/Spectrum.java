package org.spinecho.sim;

/**
 * The frequency offset Δ_k (rad/u, in the frame rotating at ν0) and weight P_k of every spin k,
 * for one lattice, line shape, layout and layout seed (docs/model.md, "The ensemble"). Immutable.
 */
public final class Spectrum {
    private final double[] offsets;
    private final double[] weights;

    private Spectrum(double[] offsets, double[] weights) {
        this.offsets = offsets;
        this.weights = weights;
    }

    /** Builds the spectrum of docs/model.md, "The ensemble". */
    public static Spectrum of(int n, LineShape line, SpectrumLayout layout, long layoutSeed) {
        if (n < 2) {
            throw new IllegalArgumentException("need at least 2 spins, got " + n);
        }
        double[] offsets = new double[n];
        double[] weights = new double[n];
        switch (layout) {
            case RANDOM -> {
                double g = line.fwhm() / 2; // half width g = w/2
                double a = Math.atan(-line.bandwidth() / (2 * g)); // a = atan(−bw/(2g))
                double b = Math.atan(line.bandwidth() / (2 * g)); // b = atan(bw/(2g))
                double[] quantiles = new double[n];
                for (int q = 0; q < n; q++) {
                    // Δ_q = g·tan(a + (q + ½)/N·(b − a)): quantiles of the truncated Lorentzian
                    quantiles[q] = g * Math.tan(a + (q + 0.5) / n * (b - a));
                }
                int[] perm = SplitMix64.permutation(n, layoutSeed);
                for (int k = 0; k < n; k++) {
                    offsets[k] = quantiles[perm[k]]; // spin k gets Δ_perm[k]
                    weights[k] = 1.0 / n; // P_k = 1/N
                }
            }
            case ORDERED -> {
                double spacing = line.bandwidth() / (n - 1);
                for (int k = 0; k < n; k++) {
                    double x = line.nu0() - line.bandwidth() / 2 + k * spacing; // x_k = ν0 − bw/2 + k·bw/(N−1)
                    offsets[k] = x - line.nu0(); // Δ_k = x_k − ν0
                    weights[k] = line.lorentzian(x) * spacing; // P_k = Lor(x_k)·bw/(N−1), not renormalised
                }
            }
            default -> throw new AssertionError(layout);
        }
        return new Spectrum(offsets, weights);
    }

    public int size() {
        return offsets.length;
    }

    /** Δ_k. */
    public double offset(int k) {
        return offsets[k];
    }

    /** P_k. */
    public double weight(int k) {
        return weights[k];
    }

    /** A copy of all offsets. */
    public double[] offsets() {
        return offsets.clone();
    }

    /** A copy of all weights. */
    public double[] weights() {
        return weights.clone();
    }

    /** Σ_k P_k. */
    public double totalWeight() {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        return sum;
    }
}
