package org.spinecho.ml.fit;

import org.spinecho.data.Statistics;

/**
 * The white-noise level σ of a measured curve, estimated from the curve itself: the fourth
 * difference Δ⁴y of white noise has variance 70σ², while a smooth echo's fourth difference is tiny
 * (a line of width 0.05 rad/u sampled every 2 u changes by about 0.1 rad a sample, so Δ⁴ shrinks it
 * by ~10⁻⁴). The median absolute value of Δ⁴y over Re and Im, divided by 0.6745·√70, estimates σ
 * robustly (a few sharp features, such as the pulses, do not move a median).
 */
public final class NoiseEstimate {
    private NoiseEstimate() {
    }

    /** σ per component from the Re and Im samples of one curve (at least 5 samples). */
    public static double of(double[] re, double[] im) {
        if (re.length != im.length || re.length < 5) {
            throw new IllegalArgumentException("need Re and Im of equal length >= 5");
        }
        int n = re.length - 4;
        double[] d = new double[2 * n];
        for (int s = 0; s < n; s++) {
            d[s] = Math.abs(fourth(re, s));
            d[n + s] = Math.abs(fourth(im, s));
        }
        return Statistics.median(d) / (0.6744897501960817 * Math.sqrt(70));
    }

    private static double fourth(double[] y, int s) {
        return y[s] - 4 * y[s + 1] + 6 * y[s + 2] - 4 * y[s + 3] + y[s + 4];
    }
}
