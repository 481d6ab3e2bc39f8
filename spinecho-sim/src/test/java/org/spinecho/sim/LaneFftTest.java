package org.spinecho.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The lane FFT against the DFT summed term by term. */
class LaneFftTest {

    /** Rows t of {@code lanes} values from a flat array at t·lanes + e. */
    static double[][] rows(double[] flat, int length, int lanes) {
        double[][] r = new double[length][lanes];
        for (int t = 0; t < length; t++) {
            System.arraycopy(flat, t * lanes, r[t], 0, lanes);
        }
        return r;
    }

    static double[][] transform(LaneFft fft, double[][] re, double[][] im, boolean inverse, boolean wantIm) {
        int length = fft.length();
        int lanes = re[0].length;
        double[][] outRe = new double[length][lanes];
        double[][] outIm = new double[length][lanes];
        double[][] sRe = new double[length][lanes];
        double[][] sIm = new double[length][lanes];
        if (inverse) {
            fft.forward(im, re, outIm, outRe, sIm, sRe, lanes);
        } else {
            fft.forward(re, im, outRe, outIm, sRe, sIm, lanes);
        }
        return wantIm ? outIm : outRe;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 15, 16, 20, 21, 25, 27, 28, 32, 35, 49, 50, 60, 64, 100})
    void equalsTheDftOnEveryLane(int length) {
        int lanes = 3;
        Random random = new Random(length);
        double[] re = new double[length * lanes];
        double[] im = new double[length * lanes];
        for (int i = 0; i < re.length; i++) {
            re[i] = random.nextDouble() - 0.5;
            im[i] = random.nextDouble() - 0.5;
        }
        LaneFft fft = new LaneFft(length);
        double[][] outRe = transform(fft, rows(re, length, lanes), rows(im, length, lanes), false, false);
        double[][] outIm = transform(fft, rows(re, length, lanes), rows(im, length, lanes), false, true);
        double scale = Math.sqrt(length);
        for (int e = 0; e < lanes; e++) {
            for (int f = 0; f < length; f++) {
                double sr = 0;
                double si = 0;
                for (int t = 0; t < length; t++) {
                    double angle = -2 * Math.PI * ((long) t * f % length) / length;
                    double c = Math.cos(angle);
                    double s = Math.sin(angle);
                    sr += re[t * lanes + e] * c - im[t * lanes + e] * s;
                    si += re[t * lanes + e] * s + im[t * lanes + e] * c;
                }
                assertEquals(sr, outRe[f][e], 1e-14 * scale * length, "re, lane " + e + ", f " + f);
                assertEquals(si, outIm[f][e], 1e-14 * scale * length, "im, lane " + e + ", f " + f);
            }
        }
        // the inverse (re and im exchanged) brings the input back, times the length
        double[][] backRe = transform(fft, outRe, outIm, true, false);
        double[][] backIm = transform(fft, outRe, outIm, true, true);
        for (int t = 0; t < length; t++) {
            for (int e = 0; e < lanes; e++) {
                assertEquals(re[t * lanes + e], backRe[t][e] / length, 1e-14 * scale);
                assertEquals(im[t * lanes + e], backIm[t][e] / length, 1e-14 * scale);
            }
        }
    }

    @Test
    void eachLaneGetsTheSameBitsWhateverTheLaneCount() {
        int length = 50;
        int lanes = 7;
        Random random = new Random(3);
        double[] re = new double[length * lanes];
        double[] im = new double[length * lanes];
        for (int i = 0; i < re.length; i++) {
            re[i] = random.nextDouble() - 0.5;
            im[i] = random.nextDouble() - 0.5;
        }
        LaneFft fft = new LaneFft(length);
        double[][] all = transform(fft, rows(re, length, lanes), rows(im, length, lanes), false, true);
        for (int e = 0; e < lanes; e++) {
            double[] oneRe = new double[length];
            double[] oneIm = new double[length];
            for (int t = 0; t < length; t++) {
                oneRe[t] = re[t * lanes + e];
                oneIm[t] = im[t * lanes + e];
            }
            double[][] one = transform(fft, rows(oneRe, length, 1), rows(oneIm, length, 1), false, true);
            for (int t = 0; t < length; t++) {
                assertEquals(all[t][e], one[t][0], 0.0, "lane " + e + " row " + t);
            }
        }
    }

    @Test
    void supportsOnlyLengthsWithSmallPrimeFactors() {
        assertTrue(LaneFft.supports(50));
        assertTrue(LaneFft.supports(200));
        assertTrue(LaneFft.supports(1));
        assertFalse(LaneFft.supports(11));
        assertFalse(LaneFft.supports(2 * 13));
        assertFalse(LaneFft.supports(0));
        assertThrows(IllegalArgumentException.class, () -> new LaneFft(22));
    }
}
