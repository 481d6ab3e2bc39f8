package org.spinecho.sim;

import java.util.Arrays;

/**
 * A simulated magnetisation curve M(s) = Σ_k P_k·(m_k^x + i·m_k^y), sample s = 1 … 3·nτ at time
 * s·dt. Immutable: the accessors return copies.
 */
public final class EchoCurve {
    private final double[] re;
    private final double[] im;
    private final double dt;

    public EchoCurve(double[] re, double[] im, double dt) {
        if (re.length != im.length) {
            throw new IllegalArgumentException("real and imaginary parts differ in length: "
                    + re.length + " vs " + im.length);
        }
        this.re = re.clone();
        this.im = im.clone();
        this.dt = dt;
    }

    /** Number of samples. */
    public int size() {
        return re.length;
    }

    /** Re M of sample index {@code i} (0-based; sample s = i + 1). */
    public double re(int i) {
        return re[i];
    }

    /** Im M of sample index {@code i} (0-based). */
    public double im(int i) {
        return im[i];
    }

    /** |M| of sample index {@code i} (0-based). */
    public double abs(int i) {
        return Math.hypot(re[i], im[i]);
    }

    /** Time of sample index {@code i} (0-based): (i + 1)·dt. */
    public double time(int i) {
        return (i + 1) * dt;
    }

    public double dt() {
        return dt;
    }

    public double[] re() {
        return re.clone();
    }

    public double[] im() {
        return im.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EchoCurve c && dt == c.dt && Arrays.equals(re, c.re) && Arrays.equals(im, c.im);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(re) + Arrays.hashCode(im);
    }
}
