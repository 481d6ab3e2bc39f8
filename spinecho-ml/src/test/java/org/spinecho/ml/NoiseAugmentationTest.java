package org.spinecho.ml;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Training with noise augmentation keeps a model useful on noisy curves. */
class NoiseAugmentationTest {

    static double[][] noisy(double[][] curves, double sigma, long seed) {
        Random r = new Random(seed);
        double[][] out = new double[curves.length][];
        for (int i = 0; i < curves.length; i++) {
            out[i] = curves[i].clone();
            for (int k = 0; k < out[i].length; k++) {
                out[i][k] += sigma * r.nextGaussian();
            }
        }
        return out;
    }

    @Test
    void augmentedModelIsFarBetterOnNoisyCurves() {
        SimulatedSet all = SimulatedSet.generate("gauss", 400, 8, 20, 1, 2);
        double[][] re = Arrays.copyOfRange(all.re(), 0, 300);
        double[][] im = Arrays.copyOfRange(all.im(), 0, 300);
        double[][] p = Arrays.copyOfRange(all.params(), 0, 300);
        double[][] testRe = noisy(Arrays.copyOfRange(all.re(), 300, 400), 0.01, 5);
        double[][] testIm = noisy(Arrays.copyOfRange(all.im(), 300, 400), 0.01, 6);
        double[][] testP = Arrays.copyOfRange(all.params(), 300, 400);
        double plain;
        double augmented;
        try (Estimator m = Trainer.builder().setEpochs(12).optSeed(7).optBatchSize(32).build().train(re, im, p)) {
            plain = m.evaluate(testRe, testIm, testP).mean();
        }
        try (Estimator m = Trainer.builder().setEpochs(12).optSeed(7).optBatchSize(32)
                .optNoiseAugmentation(0.03).build().train(re, im, p)) {
            augmented = m.evaluate(testRe, testIm, testP).mean();
            assertTrue(m.manifest().training().loss().contains("noise augmentation"), m.manifest().training().loss());
        }
        assertTrue(augmented < 0.8 * plain, "mean NMSE at sigma 0.01: augmented " + augmented + ", plain " + plain);
    }
}
