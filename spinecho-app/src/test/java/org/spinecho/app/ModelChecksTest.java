package org.spinecho.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spinecho.sim.CouplingKernel;
import org.spinecho.sim.EchoCurve;
import org.spinecho.sim.EchoSequence;
import org.spinecho.sim.Lattice;
import org.spinecho.sim.MeanFieldIntegrator;
import org.spinecho.sim.SimulationParameters;
import org.spinecho.sim.SpectrumLayout;

/** The model's checks of docs/model.md, end to end through the command line where it allows. */
class ModelChecksTest {

    /** The simulator module's reference curves (Maven gives the module directory as basedir). */
    private static final Path REFERENCE = Path.of(System.getProperty("basedir", "."))
            .resolve("../spinecho-sim/src/test/resources/reference").normalize();

    private static double[][] parseRows(List<String> lines) {
        List<double[]> rows = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cols = line.trim().split("\\s+");
            assertEquals(2, cols.length, line);
            rows.add(new double[] {Double.parseDouble(cols[0]), Double.parseDouble(cols[1])});
        }
        return rows.toArray(new double[0][]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"curve5_gauss_random.txt", "curve2_rkky_random.txt", "curve8_gauss_ordered.txt"})
    void simulateReproducesAReferenceCurve(String name) throws IOException {
        Path file = REFERENCE.resolve(name);
        assertTrue(Files.isRegularFile(file), "reference curve not found at " + file.toAbsolutePath());
        List<String> lines = Files.readAllLines(file);
        Map<String, String> h = new LinkedHashMap<>();
        for (String kv : lines.get(0).substring(1).trim().split("\\s+")) {
            String[] parts = kv.split("=", 2);
            h.put(parts[0], parts[1]);
        }
        CliRun r = CliRun.run("simulate", "--kernel", h.get("kernel"), "--alpha", h.get("alpha"), "--xi", h.get("xi"),
                "--d", h.get("d"), "--lattice", h.get("L1") + "x" + h.get("L2"), "--ntau", h.get("ntau"),
                "--dt", h.get("dt"), "--alpha-z-ratio", h.get("alpha_z_ratio"), "--layout", h.get("layout"),
                "--layout-seed", h.get("layout_seed"), "--nu0", h.get("nu0"), "--bandwidth", h.get("bw"),
                "--fwhm", h.get("fwhm"));
        assertEquals(0, r.exitCode(), r.err());
        double[][] expected = parseRows(lines);
        double[][] actual = parseRows(List.of(r.out().split("\n")));
        assertEquals(3 * Integer.parseInt(h.get("ntau")), actual.length);
        assertEquals(expected.length, actual.length);
        double worst = 0;
        for (int i = 0; i < actual.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i][0] - expected[i][0]));
            worst = Math.max(worst, Math.abs(actual[i][1] - expected[i][1]));
        }
        assertTrue(worst <= 1e-9, name + ": largest deviation " + worst);
    }

    @Test
    void fftAndDirectGiveTheSameCurve() {
        String[] base = {"simulate", "--kernel", "rkky", "--alpha", "2", "--xi", "3", "--d", "3",
            "--lattice", "9x7", "--ntau", "10", "--method"};
        double[][] fft = parseRows(List.of(CliRun.run(withLast(base, "fft")).out().split("\n")));
        double[][] direct = parseRows(List.of(CliRun.run(withLast(base, "direct")).out().split("\n")));
        assertEquals(30, fft.length);
        assertEquals(30, direct.length);
        for (int i = 0; i < fft.length; i++) {
            assertEquals(direct[i][0], fft[i][0], 1e-12);
            assertEquals(direct[i][1], fft[i][1], 1e-12);
        }
    }

    private static String[] withLast(String[] base, String last) {
        String[] all = java.util.Arrays.copyOf(base, base.length + 1);
        all[base.length] = last;
        return all;
    }

    @Test
    void withoutCouplingTheSpinsPrecessFreely() {
        // α = 0 is refused by the command line (α > 0), so this one goes to the library directly.
        int ntau = 10;
        double dt = 2;
        SimulationParameters p = SimulationParameters.of(CouplingKernel.of("gauss", 3, 0), 0, 2.5)
                .withLattice(new Lattice(8, 8)).withLayout(SpectrumLayout.ORDERED)
                .withSequence(EchoSequence.DEFAULT.withNtau(ntau).withDt(dt));
        EchoCurve curve = new MeanFieldIntegrator(p).run();
        double[] offsets = p.spectrum().offsets();
        double[] weights = p.spectrum().weights();
        double gamma = p.dephasingRate();
        for (int i = 0; i < curve.size(); i++) {
            int s = i + 1;
            double t = s * dt;
            double tPrime = s <= ntau ? t : t - 2 * ntau * dt;
            double re = 0;
            double im = 0;
            for (int k = 0; k < offsets.length; k++) { // −(i/2)·e^(−iΔt′) = −½ sin(Δt′) − (i/2) cos(Δt′)
                re += weights[k] * -0.5 * Math.sin(offsets[k] * tPrime);
                im += weights[k] * -0.5 * Math.cos(offsets[k] * tPrime);
            }
            double decay = Math.exp(-gamma * t / 2);
            assertEquals(decay * re, curve.re(i), 1e-12, "Re at s=" + s);
            assertEquals(decay * im, curve.im(i), 1e-12, "Im at s=" + s);
        }
    }

    @Test
    void withoutDephasingEveryBlochVectorKeepsLengthOneHalf() {
        SimulationParameters p = SimulationParameters.of(CouplingKernel.of("rkky", 3, 0), 1.5,
                Double.POSITIVE_INFINITY).withLattice(new Lattice(8, 6))
                .withSequence(EchoSequence.DEFAULT.withNtau(10));
        double[] worst = {0};
        new MeanFieldIntegrator(p).run((sample, mx, my, mz) -> {
            for (int k = 0; k < mx.length; k++) {
                double norm = Math.sqrt(mx[k] * mx[k] + my[k] * my[k] + mz[k] * mz[k]);
                worst[0] = Math.max(worst[0], Math.abs(norm - 0.5));
            }
        });
        assertTrue(worst[0] < 1e-12, "largest | |m| - 1/2 | = " + worst[0]);
    }
}
