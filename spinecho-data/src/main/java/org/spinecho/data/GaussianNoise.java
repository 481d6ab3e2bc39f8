package org.spinecho.data;

import org.spinecho.sim.SplitMix64;

/**
 * Standard normal deviates from a SplitMix64 stream by Marsaglia's polar method, reproducible on
 * every JVM (StrictMath). Not thread-safe: one instance per stream.
 */
public final class GaussianNoise {
    private final SplitMix64 rng;
    private double spare;
    private boolean hasSpare;

    public GaussianNoise(SplitMix64 rng) {
        this.rng = rng;
    }

    /** The next standard normal deviate. */
    public double next() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * rng.nextDouble() - 1;
            v = 2 * rng.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.sqrt(-2 * StrictMath.log(s) / s);
        spare = v * f;
        hasSpare = true;
        return u * f;
    }

    /** Adds sigma·N(0, 1) to every value, in place. */
    public void addTo(double[] values, double sigma) {
        for (int k = 0; k < values.length; k++) {
            values[k] += sigma * next();
        }
    }
}
