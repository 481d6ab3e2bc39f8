package org.spinecho.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The FFT convolution equals the direct double sum over all pairs (docs/model.md, "Checks"). */
class MeanFieldTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(new Lattice(8, 8), new CouplingKernel.Gaussian(3)),
                Arguments.of(new Lattice(12, 10), new CouplingKernel.Rkky(5)),
                Arguments.of(new Lattice(7, 9), new CouplingKernel.Gaussian(20)),
                Arguments.of(new Lattice(5, 2), new CouplingKernel.PowerLaw(1.5)),
                Arguments.of(new Lattice(20, 20), new CouplingKernel.Rkky(18)),
                Arguments.of(new Lattice(3, 4), new CouplingKernel.Uniform()),
                Arguments.of(new Lattice(16, 8), new CouplingKernel.Gaussian(2.5)),
                Arguments.of(new Lattice(2, 2), new CouplingKernel.Rkky(3)),
                Arguments.of(new Lattice(32, 9), new CouplingKernel.Rkky(7)),
                // the lattice FFT: L2 even, odd and even L1, radices 2, 3, 4, 5, 7
                Arguments.of(new Lattice(9, 10), new CouplingKernel.Gaussian(4)),
                Arguments.of(new Lattice(15, 6), new CouplingKernel.Rkky(4)),
                Arguments.of(new Lattice(14, 4), new CouplingKernel.Gaussian(6)),
                Arguments.of(new Lattice(25, 14), new CouplingKernel.Rkky(9)),
                Arguments.of(new Lattice(7, 2), new CouplingKernel.Gaussian(3)),
                // JTransforms: a prime side above 7
                Arguments.of(new Lattice(11, 8), new CouplingKernel.Rkky(5)));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void fftEqualsDirectSum(Lattice lattice, CouplingKernel kernel) {
        int n = lattice.size();
        Random random = new Random(11);
        double[][] w = new double[3][n];
        for (double[] c : w) {
            for (int k = 0; k < n; k++) {
                c[k] = random.nextDouble() - 0.5;
            }
        }
        double[][] fft = new double[3][n];
        double[][] direct = new double[3][n];
        MeanField.of(MeanFieldMethod.FFT, lattice, kernel).compute(w[0], w[1], w[2], fft[0], fft[1], fft[2]);
        MeanField.of(MeanFieldMethod.DIRECT, lattice, kernel)
                .compute(w[0], w[1], w[2], direct[0], direct[1], direct[2]);
        // and both against the textbook sum with Lattice.distance
        for (int k = 0; k < n; k++) {
            double[] sum = new double[3];
            for (int kp = 0; kp < n; kp++) {
                double j = kp == k ? 0 : kernel.at(lattice.distance(k, kp));
                for (int c = 0; c < 3; c++) {
                    sum[c] += j * w[c][kp];
                }
            }
            for (int c = 0; c < 3; c++) {
                assertEquals(sum[c], direct[c][k], 1e-12, "direct, component " + c + " spin " + k);
                assertEquals(sum[c], fft[c][k], 1e-12, "fft, component " + c + " spin " + k);
            }
        }
    }

    /**
     * The fused call from the state (P·m formed while packing, Δ added to B_z while unpacking)
     * has exactly the bits of the weights, the convolution and the addition done one after the
     * other, for every method, with or without the z component, one layout or three side by side.
     */
    @ParameterizedTest
    @MethodSource("cases")
    void fromStateHasTheBitsOfTheStepsOneByOne(Lattice lattice, CouplingKernel kernel) {
        Random random = new Random(11);
        for (int layouts : new int[] {1, 3}) {
            int n = lattice.size() * layouts;
            double[][] m = new double[3][n];
            double[] weights = new double[n];
            double[] offsets = new double[n];
            for (int k = 0; k < n; k++) {
                for (double[] c : m) {
                    c[k] = random.nextDouble() - 0.5;
                }
                weights[k] = random.nextDouble() / n;
                offsets[k] = 0.5 * random.nextDouble() - 0.25;
            }
            for (MeanFieldMethod method : MeanFieldMethod.values()) {
                for (boolean withZ : new boolean[] {true, false}) {
                    MeanField field = MeanField.of(method, lattice, kernel, 0.7, -1.9, layouts);
                    double[][] w = new double[3][n];
                    for (int k = 0; k < n; k++) {
                        for (int c = 0; c < 3; c++) {
                            w[c][k] = weights[k] * m[c][k];
                        }
                    }
                    double[][] expected = new double[3][n];
                    field.compute(w[0], w[1], w[2], expected[0], expected[1], withZ ? expected[2] : null);
                    for (int k = 0; k < n; k++) {
                        expected[2][k] = withZ ? offsets[k] + expected[2][k] : offsets[k];
                    }
                    double[][] fused = new double[3][n];
                    System.arraycopy(offsets, 0, fused[2], 0, n); // Ω_z stays Δ where B_z is not wanted
                    field.computeFromState(weights, m[0], m[1], m[2], offsets, fused[0], fused[1],
                            withZ ? fused[2] : null, new double[n], new double[n], new double[n]);
                    for (int c = 0; c < 3; c++) {
                        for (int k = 0; k < n; k++) {
                            assertEquals(Double.doubleToLongBits(expected[c][k]), Double.doubleToLongBits(fused[c][k]),
                                    method + " layouts " + layouts + " z " + withZ + " component " + c + " spin " + k);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void scaledComponentsAreTheUnscaledTimesTheirFactors(Lattice lattice, CouplingKernel kernel) {
        int n = lattice.size();
        Random random = new Random(5);
        double[][] w = new double[3][n];
        for (double[] c : w) {
            for (int k = 0; k < n; k++) {
                c[k] = random.nextDouble() - 0.5;
            }
        }
        for (MeanFieldMethod method : MeanFieldMethod.values()) {
            double[][] plain = new double[3][n];
            double[][] scaled = new double[3][n];
            MeanField.of(method, lattice, kernel).compute(w[0], w[1], w[2], plain[0], plain[1], plain[2]);
            MeanField.of(method, lattice, kernel, 0.7, -1.9).compute(w[0], w[1], w[2], scaled[0], scaled[1], scaled[2]);
            // one component at a time (the others not wanted) gives the same values
            double[] onlyY = new double[n];
            MeanField.of(method, lattice, kernel, 0.7, -1.9).compute(w[0], w[1], w[2], null, onlyY, null);
            for (int k = 0; k < n; k++) {
                assertEquals(0.7 * plain[0][k], scaled[0][k], 1e-13, method + " x " + k);
                assertEquals(0.7 * plain[1][k], scaled[1][k], 1e-13, method + " y " + k);
                assertEquals(-1.9 * plain[2][k], scaled[2][k], 1e-13, method + " z " + k);
                assertEquals(scaled[1][k], onlyY[k], 1e-13, method + " y alone " + k);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void wholeCurvesAgreeBetweenMethods(Lattice lattice, CouplingKernel kernel) {
        SimulationParameters p = SimulationParameters.of(kernel, 0.8, 2.5).withLattice(lattice)
                .withLayoutSeed(5).withSequence(EchoSequence.DEFAULT.withNtau(15));
        EchoCurve a = new MeanFieldIntegrator(p, MeanFieldMethod.FFT).run();
        EchoCurve b = new MeanFieldIntegrator(p, MeanFieldMethod.DIRECT).run();
        double worst = 0;
        for (int i = 0; i < a.size(); i++) {
            worst = Math.max(worst, Math.abs(a.re(i) - b.re(i)) + Math.abs(a.im(i) - b.im(i)));
        }
        assertTrue(worst < 1e-12, "largest deviation " + worst);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void minimalImageDistanceIsSymmetricAndBounded(Lattice lattice, CouplingKernel ignored) {
        for (int k = 0; k < lattice.size(); k++) {
            for (int kp = 0; kp < lattice.size(); kp++) {
                assertEquals(lattice.distance(k, kp), lattice.distance(kp, k), 0.0);
                double max = Math.hypot(lattice.l1() / 2, lattice.l2() / 2);
                assertTrue(lattice.distance(k, kp) <= max + 1e-12);
            }
        }
    }
}
