package org.spinecho.ml.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinecho.data.DataFormatException;
import org.spinecho.data.Kernel;
import org.spinecho.data.Prior;
import org.spinecho.sim.Theta;

class TemperatureCalibrationTest {
    private static final Prior BOX = Kernel.GAUSS.preset().prior();
    private static final double Z95 = 1.6448536269514722; // the standard normal's 95% quantile

    @TempDir
    Path dir;

    private static double[][] diagonal(double sa, double sx, double sd) {
        return new double[][] {{sa * sa, 0, 0}, {0, sx * sx, 0}, {0, 0, sd * sd}};
    }

    private static LikelihoodFit.ValleyPoint point(double a, double x, double d, double objective, double[][] cov) {
        return new LikelihoodFit.ValleyPoint(new Theta(a, x, d), objective, 1, cov);
    }

    /** One point far from the box's edges: the mixture is that Gaussian, its interval m ± 1.645·s·√T. */
    @Test
    void aSinglePointIsAGaussianWidenedBySqrtT() {
        List<LikelihoodFit.ValleyPoint> walk = List.of(point(0.5, 10, 3.5, 7, diagonal(0.01, 0.2, 0.001)));
        for (double t : new double[] {1, 4}) {
            ValleyPosterior p = ValleyPosterior.retempered(walk, 1, t);
            double[][] iv = p.interval(0.9, BOX);
            assertEquals(0.5 - Z95 * 0.01 * Math.sqrt(t), iv[0][0], 1e-9);
            assertEquals(0.5 + Z95 * 0.01 * Math.sqrt(t), iv[0][1], 1e-9);
            assertEquals(10 + Z95 * 0.2 * Math.sqrt(t), iv[1][1], 1e-8);
            assertEquals(0.001 * 0.001 * t, p.covariance()[2][2], 1e-15);
        }
    }

    /** Two points 2 apart in the objective: weights 1 : e^(−1/T), and the mean between them accordingly. */
    @Test
    void temperatureFlattensTheWeights() {
        double[][] c = diagonal(0.01, 0.2, 0.001);
        List<LikelihoodFit.ValleyPoint> walk = List.of(point(0.4, 11, 3.5, 10, c), point(0.6, 9, 3.5, 12, c));
        for (double t : new double[] {1, 2, 8}) {
            double w = Math.exp(-1 / t);
            ValleyPosterior p = ValleyPosterior.retempered(walk, 1, t);
            assertEquals((0.4 + 0.6 * w) / (1 + w), p.mean().alpha(), 1e-12);
            assertEquals(w / (1 + w), p.points().get(1).weight(), 1e-12);
        }
        // recorded at T = 2 (covariances × 2), re-tempered to 2: the same posterior as from T = 1
        List<LikelihoodFit.ValleyPoint> at2 = ValleyPosterior.retempered(walk, 1, 2).points();
        assertArrayEquals(ValleyPosterior.retempered(walk, 1, 2).interval(0.9, BOX)[0],
                ValleyPosterior.retempered(at2, 2, 2).interval(0.9, BOX)[0], 1e-12);
    }

    /**
     * Errors twice as wide as the recorded sd: at T = 1 the 90% intervals hold the truth with probability
     * P(|z| &lt; 1.645/2) = 0.589; the calibration must choose T near 4 (sd·√T = 2 sd) and cover about 90%
     * out of sample.
     */
    @Test
    void errorsTwiceTheSdChooseTemperatureFour() {
        Random rnd = new Random(12);
        List<TemperatureCalibration.Case> cases = new ArrayList<>();
        double[] s = {0.01, 0.2, 0.002};
        for (int i = 0; i < 300; i++) {
            double[] truth = {0.5, 10, 3.5};
            double[] est = new double[3];
            for (int k = 0; k < 3; k++) {
                est[k] = truth[k] + 2 * s[k] * rnd.nextGaussian();
            }
            cases.add(new TemperatureCalibration.Case(i, truth,
                    List.of(point(est[0], est[1], est[2], 0, diagonal(s[0], s[1], s[2]))), 1));
        }
        TemperatureCalibration.Outcome o = TemperatureCalibration.calibrate(cases, BOX);
        for (int k = 0; k < 3; k++) {
            assertEquals(0.589, o.coverage()[0][k], 0.07, "T = 1 coverage of parameter " + k);
            assertEquals(0.90, o.crossValidated()[k], 0.05, "leave-one-out coverage of parameter " + k);
        }
        assertTrue(o.temperature() >= 3 && o.temperature() <= 6, "chosen T " + o.temperature());
        assertEquals(300, o.cases());
        assertTrue(o.misses().size() < 15, "errors beyond 5 sd are rare for z ~ N(0, 4): " + o.misses().size());

        // curves that ended in another basin (errors of 20 sd) are misses: listed, and they do not choose T
        List<TemperatureCalibration.Case> withMisses = new ArrayList<>(cases);
        for (int i = 0; i < 30; i++) {
            withMisses.add(new TemperatureCalibration.Case(1000 + i, new double[] {0.5, 10, 3.5},
                    List.of(point(0.5 + 20 * s[0], 10 - 20 * s[1], 3.5, 0, diagonal(s[0], s[1], s[2]))), 1));
        }
        TemperatureCalibration.Outcome m = TemperatureCalibration.calibrate(withMisses, BOX);
        assertEquals(o.temperature(), m.temperature(), "misses leave the choice alone");
        assertTrue(m.misses().containsAll(java.util.stream.IntStream.range(1000, 1030).boxed().toList()));
        assertTrue(m.crossValidated()[0] < o.crossValidated()[0] - 0.05, "but they count in the coverage");
    }

    @Test
    void readsDetailsStrictly() throws IOException {
        Path f = dir.resolve("details.jsonl");
        Files.writeString(f, "{\"index\":0,\"true\":{\"alpha\":0.5,\"xi\":10,\"d\":3.5},\"temperature\":2,"
                + "\"valley\":[{\"alpha\":0.51,\"xi\":9.9,\"d\":3.5,\"objective\":3,\"weight\":1,"
                + "\"sd\":{\"alpha\":0.02,\"xi\":0.3,\"d\":0.001}}]}\n");
        List<TemperatureCalibration.Case> cases = TemperatureCalibration.read(f);
        assertEquals(1, cases.size());
        assertEquals(2, cases.get(0).recordedAt());
        assertEquals(0.02 * 0.02, cases.get(0).walk().get(0).covariance()[0][0], 1e-15);

        Files.writeString(f, "{\"index\":0,\"true\":{\"alpha\":0.5,\"xi\":10,\"d\":3.5},\"valley\":[]}\n{oops\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> TemperatureCalibration.read(f));
        assertTrue(e.getMessage().contains("details.jsonl:1:"), e.getMessage());
        Files.writeString(f, "{\"index\":0,\"true\":{\"alpha\":0.5,\"xi\":10,\"d\":3.5},\"valley\":[{\"alpha\":0.5,"
                + "\"xi\":10,\"d\":3.5,\"objective\":1,\"weight\":1,\"sd\":{\"alpha\":0.1,\"xi\":1,\"d\":0.1}}]}\n{oops\n");
        e = assertThrows(DataFormatException.class, () -> TemperatureCalibration.read(f));
        assertTrue(e.getMessage().contains("details.jsonl:2:"), e.getMessage());
    }

    @Test
    void theShippedCalibrationIsValidAndUncalibratedKernelsGetOne() {
        for (Kernel k : List.of(Kernel.GAUSS, Kernel.RKKY)) {
            FitCalibration c = FitCalibration.of(k);
            assertTrue(c.temperature() >= 1 && c.temperature() <= TemperatureCalibration.GRID[
                    TemperatureCalibration.GRID.length - 1], c.toString());
            assertTrue(c.curves() == 0 || c.provenance().contains("fit --kernel " + k.id()), c.toString());
        }
        assertEquals(1, FitCalibration.of(Kernel.POWER).temperature());
    }
}
