package org.spinecho.ml;

import java.util.Random;

/**
 * Noise augmentation of training curves: each curve of each batch is, with probability
 * {@code fraction}, given independent Gaussian noise on every Re and Im sample, with one σ per
 * curve drawn log-uniformly from [{@code minSigma}, {@code maxSigma}]. The other curves, and the
 * validation curves that pick the best epoch, stay clean.
 *
 * @param fraction probability that a training curve is made noisy, in (0, 1]
 * @param minSigma smallest σ per component, in (0, maxSigma]
 * @param maxSigma largest σ per component, finite and > 0
 */
public record NoiseAugmentation(double fraction, double minSigma, double maxSigma) {

    /** Default share of noisy curves. */
    public static final double DEFAULT_FRACTION = 0.5;
    /** Default dynamic range maxSigma / minSigma. */
    public static final double DEFAULT_RANGE = 100;

    public NoiseAugmentation {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("noise fraction must be in (0, 1], got " + fraction);
        }
        if (!(maxSigma > 0) || !Double.isFinite(maxSigma)) {
            throw new IllegalArgumentException("maximum noise sigma must be a finite number > 0, got " + maxSigma);
        }
        if (!(minSigma > 0 && minSigma <= maxSigma)) {
            throw new IllegalArgumentException("minimum noise sigma must be in (0, " + maxSigma + "], got " + minSigma);
        }
    }

    /** Half the curves noisy, σ log-uniform in [maxSigma/100, maxSigma]. */
    public static NoiseAugmentation upTo(double maxSigma) {
        return new NoiseAugmentation(DEFAULT_FRACTION, maxSigma / DEFAULT_RANGE, maxSigma);
    }

    public NoiseAugmentation withFraction(double value) {
        return new NoiseAugmentation(value, minSigma, maxSigma);
    }

    public NoiseAugmentation withMinSigma(double value) {
        return new NoiseAugmentation(fraction, value, maxSigma);
    }

    public NoiseAugmentation withMaxSigma(double value) {
        return new NoiseAugmentation(fraction, minSigma, value);
    }

    /** Whether this curve is to be made noisy (draws one number from {@code random}). */
    boolean pick(Random random) {
        // fraction 0.5 keeps the stream of the first version (nextBoolean), so old runs reproduce
        return fraction == 0.5 ? random.nextBoolean() : random.nextDouble() < fraction;
    }

    /** σ of one noisy curve: log-uniform in [minSigma, maxSigma]. */
    double sigma(Random random) {
        return maxSigma * Math.pow(minSigma / maxSigma, random.nextDouble());
    }

    /** One line for the manifest. */
    String describe() {
        return "noise augmentation: " + fraction + " of the curves with sigma log-uniform in [" + minSigma + ", "
                + maxSigma + "]";
    }
}
