package org.spinecho.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spinecho.sim.CouplingKernel;
import org.spinecho.sim.EchoCurve;
import org.spinecho.sim.EchoSequence;
import org.spinecho.sim.Lattice;
import org.spinecho.sim.LineShape;
import org.spinecho.sim.MeanFieldIntegrator;
import org.spinecho.sim.MeanFieldMethod;
import org.spinecho.sim.SimulationParameters;
import org.spinecho.sim.SpectrumLayout;

class SimulateCommandTest {

    private static final String[] SMALL = {
        "simulate", "--kernel", "gauss", "--alpha", "0.7", "--xi", "3", "--d", "2.5",
        "--lattice", "8x8", "--ntau", "10"
    };

    private static String[] args(String[] base, String... more) {
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static SimulationParameters smallParameters() {
        return SimulationParameters.of(CouplingKernel.of("gauss", 3, 0), 0.7, 2.5)
                .withLattice(new Lattice(8, 8)).withSequence(EchoSequence.DEFAULT.withNtau(10));
    }

    /** Parses "Re Im" lines; asserts two columns per line. */
    private static double[][] parse(String text) {
        String[] lines = text.split("\n", -1);
        assertEquals("", lines[lines.length - 1], "output ends with a newline");
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < lines.length - 1; i++) {
            String[] cols = lines[i].split(" ");
            assertEquals(2, cols.length, "line " + (i + 1) + ": '" + lines[i] + "'");
            rows.add(new double[] {Double.parseDouble(cols[0]), Double.parseDouble(cols[1])});
        }
        return rows.toArray(new double[0][]);
    }

    private static void assertMatches(EchoCurve expected, double[][] rows) {
        assertEquals(expected.size(), rows.length);
        for (int i = 0; i < rows.length; i++) {
            // 17 significant digits: parsing gives back the exact doubles
            assertEquals(expected.re(i), rows[i][0], 0.0, "Re of sample " + (i + 1));
            assertEquals(expected.im(i), rows[i][1], 0.0, "Im of sample " + (i + 1));
        }
    }

    @Test
    void writesThreeNtauLinesMatchingTheIntegrator() {
        CliRun r = CliRun.run(SMALL);
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.err());
        double[][] rows = parse(r.out());
        assertEquals(30, rows.length);
        assertMatches(new MeanFieldIntegrator(smallParameters()).run(), rows);
        assertTrue(r.out().startsWith(String.format(java.util.Locale.ROOT, "%.16e %.16e\n",
                new MeanFieldIntegrator(smallParameters()).run().re(0),
                new MeanFieldIntegrator(smallParameters()).run().im(0))));
    }

    @Test
    void everyOptionReachesTheSimulator(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("sub/curve.txt");
        CliRun r = CliRun.run("simulate", "--kernel", "rkky", "--alpha", "1.5", "--xi", "4", "--d", "3",
                "--lattice", "6x4", "--ntau", "7", "--dt", "1.5", "--alpha-z-ratio", "0.5", "--layout", "ordered",
                "--layout-seed", "11", "--nu0", "9", "--bandwidth", "0.4", "--fwhm", "0.08", "--flip-angle", "1.2",
                "--method", "direct", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.out(), "nothing on stdout with --out");
        SimulationParameters p = new SimulationParameters(CouplingKernel.of("rkky", 4, 0), 1.5, 0.5, 3,
                new Lattice(6, 4), new LineShape(9, 0.4, 0.08), SpectrumLayout.ORDERED, 11,
                new EchoSequence(7, 1.5, 1.2, 0, Math.PI / 2));
        assertMatches(new MeanFieldIntegrator(p, MeanFieldMethod.DIRECT).run(), parse(Files.readString(out)));
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertEquals(List.of(out), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void powerAndUniformKernelsNeedNoXi() {
        CliRun power = CliRun.run("simulate", "--kernel", "power", "--power", "2", "--alpha", "0.3", "--d", "3",
                "--lattice", "8x8", "--ntau", "10");
        assertEquals(0, power.exitCode(), power.err());
        SimulationParameters p = smallParameters().withKernel(CouplingKernel.of("power", 1, 2)).withAlpha(0.3)
                .withD(3);
        assertMatches(new MeanFieldIntegrator(p).run(), parse(power.out()));

        CliRun uniform = CliRun.run("simulate", "--kernel", "uniform", "--alpha", "0.3", "--d", "3",
                "--lattice", "8x8", "--ntau", "10");
        assertEquals(0, uniform.exitCode(), uniform.err());
        assertEquals(30, parse(uniform.out()).length);
    }

    @Test
    void outReplacesAnExistingFile(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("curve.txt");
        Files.writeString(out, "old\n");
        CliRun r = CliRun.run(args(SMALL, "--out", out.toString()));
        assertEquals(0, r.exitCode(), r.err());
        assertMatches(new MeanFieldIntegrator(smallParameters()).run(), parse(Files.readString(out)));
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of("--alpha", new String[] {"--alpha", "-1"}),
                Arguments.of("--alpha", new String[] {"--alpha", "-0.001"}),
                Arguments.of("--alpha", new String[] {"--alpha", "NaN"}),
                Arguments.of("--alpha", new String[] {"--alpha", "Infinity"}),
                Arguments.of("--xi", new String[] {"--xi", "-3"}),
                Arguments.of("--xi", new String[] {"--xi", "0"}),
                Arguments.of("--xi", new String[] {"--xi", "NaN"}),
                Arguments.of("--xi", new String[] {"--xi", "Infinity"}),
                Arguments.of("--d", new String[] {"--d", "NaN"}),
                Arguments.of("--d", new String[] {"--d", "Infinity"}),
                Arguments.of("--d", new String[] {"--d", "-Infinity"}),
                Arguments.of("--lattice", new String[] {"--lattice", "1x8"}),
                Arguments.of("--lattice", new String[] {"--lattice", "8x1"}),
                Arguments.of("--lattice", new String[] {"--lattice", "50y50"}),
                Arguments.of("--lattice", new String[] {"--lattice", "50"}),
                Arguments.of("--lattice", new String[] {"--lattice", "-5x5"}),
                Arguments.of("--lattice", new String[] {"--lattice", "5000x5000"}),
                Arguments.of("--kernel", new String[] {"--kernel", "lorentz"}),
                Arguments.of("--layout", new String[] {"--layout", "spiral"}),
                Arguments.of("--ntau", new String[] {"--ntau", "0"}),
                Arguments.of("--ntau", new String[] {"--ntau", "-4"}),
                Arguments.of("--dt", new String[] {"--dt", "0"}),
                Arguments.of("--dt", new String[] {"--dt", "-2"}),
                Arguments.of("--dt", new String[] {"--dt", "NaN"}),
                Arguments.of("--alpha-z-ratio", new String[] {"--alpha-z-ratio", "NaN"}),
                Arguments.of("--fwhm", new String[] {"--fwhm", "0"}),
                Arguments.of("--bandwidth", new String[] {"--bandwidth", "-0.5"}),
                Arguments.of("--nu0", new String[] {"--nu0", "Infinity"}),
                Arguments.of("--flip-angle", new String[] {"--flip-angle", "NaN"}),
                Arguments.of("--method", new String[] {"--method", "fast"}));
    }

    /** The small valid command with {@code override}'s options replacing (or adding to) the defaults. */
    private static String[] withOverride(String[] override, Path dir) {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < SMALL.length; i++) {
            if (SMALL[i].startsWith("--") && List.of(override).contains(SMALL[i])) {
                i++; // skip the option and its value
                continue;
            }
            all.add(SMALL[i]);
        }
        all.addAll(List.of(override));
        all.addAll(List.of("--out", dir.resolve("out/curve.txt").toString(),
                "--plot", dir.resolve("out/curve.png").toString()));
        return all.toArray(new String[0]);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badInput")
    void badInputExitsTwoWithOneLineAndNoFile(String option, String[] override, @TempDir Path dir)
            throws IOException {
        {
            String[] a = withOverride(override, dir);
            CliRun r = CliRun.run(a);
            assertEquals(2, r.exitCode(), r.err());
            String[] lines = r.errLines();
            assertEquals(1, lines.length, "one line: " + r.err());
            assertTrue(lines[0].startsWith("spinecho simulate: " + option + " "), lines[0]);
            assertTrue(lines[0].contains(override[1]), "names the bad value: " + lines[0]);
            assertEquals("", r.out());
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of(), files.toList(), "nothing written for " + List.of(override));
            }
        }
    }

    @Test
    void theMessageNamesTheAcceptedRange() {
        CliRun r = CliRun.run(withOverride(new String[] {"--alpha", "-1"}, Path.of("unused")));
        assertEquals("spinecho simulate: --alpha must be a finite number >= 0, got -1", r.err().strip());
        r = CliRun.run(withOverride(new String[] {"--lattice", "50y50"}, Path.of("unused")));
        assertEquals("spinecho simulate: --lattice must be L1xL2 with integers >= 2 (e.g. 50x50), got '50y50'",
                r.err().strip());
    }

    @Test
    void xiIsRequiredForGaussAndRkky(@TempDir Path dir) {
        for (String kernel : new String[] {"gauss", "rkky"}) {
            CliRun r = CliRun.run("simulate", "--kernel", kernel, "--alpha", "1", "--d", "3", "--lattice", "8x8",
                    "--ntau", "10", "--out", dir.resolve("c.txt").toString());
            assertEquals(2, r.exitCode());
            assertEquals(1, r.errLines().length, r.err());
            assertTrue(r.err().startsWith("spinecho simulate: --xi "), r.err());
            assertTrue(dir.toFile().list().length == 0);
        }
    }

    static Stream<Arguments> parseErrors() {
        return Stream.of(
                Arguments.of("--bogus", args(SMALL, "--bogus", "1")),
                Arguments.of("--kernel", new String[] {"simulate", "--alpha", "1", "--xi", "3", "--d", "3"}),
                Arguments.of("--alpha", new String[] {"simulate", "--kernel", "gauss", "--xi", "3", "--d", "3"}),
                Arguments.of("--d", new String[] {"simulate", "--kernel", "gauss", "--alpha", "1", "--xi", "3"}),
                Arguments.of("--alpha", new String[] {"simulate", "--kernel", "gauss", "--alpha", "abc", "--xi", "3",
                    "--d", "3"}),
                Arguments.of("--ntau", args(SMALL, "--ntau", "1.5")),
                Arguments.of("--alpha", args(SMALL, "--alpha", "1")),
                Arguments.of("frob", new String[] {"frob"}),
                Arguments.of("missing command", new String[0]),
                Arguments.of("missing benchmark", new String[] {"bench"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parseErrors")
    void parseErrorsExitTwoWithOneLineAndAHint(String mentioned, String[] a) {
        CliRun r = CliRun.run(a);
        assertEquals(2, r.exitCode(), r.err());
        String[] lines = r.errLines();
        assertEquals(1, lines.length, "one line: " + r.err());
        assertTrue(lines[0].startsWith("spinecho"), lines[0]);
        assertTrue(lines[0].contains(mentioned), lines[0]);
        assertTrue(lines[0].contains("--help"), lines[0]);
        assertEquals("", r.out());
    }

    @Test
    void plotWritesAValidPng(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("plots/curve.png");
        CliRun r = CliRun.run(args(SMALL, "--plot", png.toString()));
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(30, parse(r.out()).length, "the curve still goes to stdout");
        assertTrue(Files.size(png) > 5_000, "size " + Files.size(png));
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "ImageIO reads the PNG");
        assertEquals(1000, image.getWidth());
        assertEquals(600, image.getHeight());
        byte[] magic = java.util.Arrays.copyOf(Files.readAllBytes(png), 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, magic);
        try (Stream<Path> files = Files.list(png.getParent())) {
            assertEquals(List.of(png), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void helpExplainsEveryOptionWithDefaults() {
        CliRun r = CliRun.run("simulate", "--help");
        assertEquals(0, r.exitCode());
        String help = r.out().replaceAll("\\s+", " "); // undo line wrapping
        for (String option : new String[] {"--kernel", "--alpha", "--xi", "--d", "--power", "--lattice", "--ntau",
            "--dt", "--alpha-z-ratio", "--layout", "--layout-seed", "--nu0", "--bandwidth", "--fwhm",
            "--flip-angle", "--method", "--out", "--plot"}) {
            assertTrue(help.contains(option + "="), "help shows " + option);
        }
        for (String text : new String[] {"Default: 50x50", "Default: 157", "Default: 2", "Default: random",
            "Default: 0.05", "Default: 0.5", "Default: 10", "pi/2", "Default: fft", "Default: 3", "rad/u",
            "lattice units"}) {
            assertTrue(help.contains(text), "help mentions '" + text + "'");
        }
        CliRun root = CliRun.run("--help");
        assertEquals(0, root.exitCode());
        assertTrue(root.out().contains("simulate") && root.out().contains("bench"), root.out());
    }

    @Test
    void versionComesFromTheBuild() {
        CliRun r = CliRun.run("--version");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().startsWith("spinecho "), r.out());
        assertTrue(!r.out().contains("unknown") && !r.out().contains("${"), r.out());
    }
}
