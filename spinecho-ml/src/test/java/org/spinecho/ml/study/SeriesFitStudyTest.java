package org.spinecho.ml.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinecho.data.DataFiles;
import org.spinecho.data.GenerationSpec;
import org.spinecho.data.Preset;
import org.spinecho.data.Prior;
import org.spinecho.ml.PerParameter;
import org.spinecho.ml.fit.LikelihoodFit;
import org.spinecho.ml.fit.SampleCurves;
import org.spinecho.sim.EchoCurve;
import org.spinecho.sim.Lattice;
import org.spinecho.sim.MeanFieldIntegrator;
import org.spinecho.sim.SimulationParameters;
import org.spinecho.sim.Theta;

/** The series study's samples (8 × 8 lattice, nτ 12) and its record and summary on made-up rows. */
class SeriesFitStudyTest {

    private static final Preset GAUSS = Preset.of("gauss");
    private static final GenerationSpec DRAWS = GenerationSpec.of(GAUSS, DataFiles.EVAL, 4, 777)
            .withLattice(new Lattice(8, 8)).withNtau(12);
    private static final double[] ANGLES = {90, 60, 45};

    @TempDir
    Path dir;

    @Test
    void aSampleIsTheGeneratorsDrawAtEveryFlipAngleOnOneLayout() {
        SeriesFitStudy.Sample s = SeriesFitStudy.sample(DRAWS, ANGLES, 0.01, 2);
        // deterministic in (seed, index)
        SeriesFitStudy.Sample again = SeriesFitStudy.sample(DRAWS, ANGLES, 0.01, 2);
        for (int j = 0; j < 3; j++) {
            assertArrayEquals(s.re()[j], again.re()[j]);
            assertArrayEquals(s.im()[j], again.im()[j]);
        }
        // θ and layout of the generator's curve 2; the 90-degree curve, noise included, is generate's curve 2
        GenerationSpec.CurveDraw draw = DRAWS.draw(2);
        assertArrayEquals(new double[] {draw.alpha(), draw.xi(), draw.d()}, s.truth());
        assertEquals(draw.layoutSeed(), s.layoutSeed());
        GenerationSpec.Curve generated = DRAWS.withNoise(0.01).curve(2);
        assertArrayEquals(generated.re(), s.re()[0]);
        assertArrayEquals(generated.im(), s.im()[0]);
        // every curve on the sample's layout at its own flip angle (noiseless to compare exactly)
        SeriesFitStudy.Sample clean = SeriesFitStudy.sample(DRAWS, ANGLES, 0, 2);
        SimulationParameters at = DRAWS.parameters(draw);
        for (int j = 0; j < 3; j++) {
            SimulationParameters p = at.withSequence(DRAWS.sequence().withFlipAngle(Math.toRadians(ANGLES[j])));
            EchoCurve own = new MeanFieldIntegrator(p).run();
            assertArrayEquals(own.re(), clean.re()[j], "curve " + j);
            EchoCurve otherLayout = new MeanFieldIntegrator(p.withLayoutSeed(draw.layoutSeed() + 1)).run();
            assertFalse(Arrays.equals(otherLayout.re(), clean.re()[j]), "the layout matters on 8 x 8");
            // the noise differs from curve to curve (each its own stretch of the stream)
            double[] noise = new double[s.re()[j].length];
            for (int k = 0; k < noise.length; k++) {
                noise[k] = s.re()[j][k] - clean.re()[j][k];
            }
            assertTrue(Math.abs(noise[0]) > 1e-6, "noise added to curve " + j);
        }
        assertNotEquals(s.re()[1][0] - clean.re()[1][0], s.re()[2][0] - clean.re()[2][0], 1e-15);
        assertFalse(Arrays.equals(clean.re()[0], clean.re()[1]), "the flip angle changes the curve");
        assertFalse(Arrays.equals(clean.re()[1], clean.re()[2]), "the flip angle changes the curve");
        // another sample: another θ and layout
        assertNotEquals(s.layoutSeed(), SeriesFitStudy.sample(DRAWS, ANGLES, 0.01, 3).layoutSeed());
        // the data vector: Re then Im of each curve in turn
        double[] raw = s.data(2);
        int n = s.re()[0].length;
        assertEquals(4 * n, raw.length);
        assertEquals(s.im()[0][n - 1], raw[2 * n - 1]);
        assertEquals(s.re()[1][0], raw[2 * n]);
    }

    @Test
    void summaryStandardisesByThePriorAndCountsWhereTheSeriesWins() {
        Prior prior = GAUSS.prior();
        double[] truth = {0.5, 10, 3.5};
        double[] net = {0.6, 12, 3.0};
        // sample 0: series exact, single off in alpha; sample 1: series off in d, single exact
        List<SeriesFitStudy.Row> rows = List.of(
                new SeriesFitStudy.Row(row(0, truth, net, new double[] {0.7, 10, 3.5}, 10),
                        row(0, truth, net, truth, 30)),
                new SeriesFitStudy.Row(row(1, truth, net, truth, 20), row(1, truth, net, new double[] {0.5, 10, 3.9}, 50)));
        SeriesFitStudy.Summary s = SeriesFitStudy.summarise(rows, prior);
        double va = Math.pow(prior.alpha().width(), 2) / 12;
        double vx = Math.pow(prior.xi().width(), 2) / 12;
        double vd = Math.pow(prior.d().width(), 2) / 12;
        assertEquals(0.01 / va, s.network().alpha(), 1e-12);
        assertEquals(4 / vx, s.network().xi(), 1e-12);
        assertEquals(0.25 / vd, s.network().d(), 1e-12);
        assertEquals(0.04 / va / 2, s.single().alpha(), 1e-12);
        assertEquals(0, s.single().d(), 0);
        assertEquals(0.16 / vd / 2, s.series().d(), 1e-12);
        assertEquals(1, s.seriesBetter());
        assertEquals(2, s.samples());
        assertEquals(15, s.singleSeconds(), 1e-12);
        assertEquals(40, s.seriesSeconds(), 1e-12);
        // intervals of ±0.05 around each estimate: the exact fits cover, the ones off by 0.2 and 0.4 do not
        assertEquals(new PerParameter(0.5, 1, 1), s.singleCoverage());
        assertEquals(new PerParameter(1, 1, 0.5), s.seriesCoverage());
        assertThrows(IllegalArgumentException.class, () -> new SeriesFitStudy.Row(row(0, truth, net, truth, 1),
                row(1, truth, net, truth, 1)), "one sample per row");
    }

    @Test
    void recordRoundTripsResumesAndRefusesAnotherStudy() throws IOException {
        double[] truth = {0.5, 10, 3.5};
        double[] net = {-0.1, 12, 3.0}; // a network may answer alpha < 0: the record keeps it
        List<SeriesFitStudy.Row> rows = List.of(
                new SeriesFitStudy.Row(row(0, truth, net, new double[] {0.7, 10.5, 3.51}, 10.25),
                        row(0, truth, net, new double[] {0.55, 9.5, 3.49}, 30.5)));
        Path file = dir.resolve("series.tsv");
        SeriesStudyRecord rec = new SeriesStudyRecord(file, "# series a");
        rec.write(rows);
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        assertEquals(39, lines.get(1).split("\t").length);
        List<SeriesFitStudy.Row> back = rec.read();
        assertEquals(1, back.size());
        SeriesFitStudy.Row r = back.get(0);
        assertArrayEquals(new double[] {0.7, 10.5, 3.51}, r.single().fit().estimate().toArray());
        assertArrayEquals(new double[] {0.55, 9.5, 3.49}, r.series().fit().estimate().toArray());
        assertEquals(30.5, r.series().seconds());
        assertArrayEquals(net, r.network());
        rec.write(back);
        assertEquals(lines, Files.readAllLines(file), "written back byte for byte");
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> new SeriesStudyRecord(file, "# series b").read());
        assertTrue(other.getMessage().contains("another fit study"), other.getMessage());
        // a single-curve study's record has other columns: refused with line and column
        Files.writeString(file, "# series a\n1\t2\n");
        assertThrows(org.spinecho.data.DataFormatException.class, rec::read);
    }

    /** A made-up fit row: estimate {@code fit}, sd 0.01, interval ±0.05. */
    private static LikelihoodFitStudy.Row row(int index, double[] truth, double[] net, double[] fit, double seconds) {
        double[][] iv = new double[3][];
        for (int k = 0; k < 3; k++) {
            iv[k] = new double[] {fit[k] - 0.05, fit[k] + 0.05};
        }
        LikelihoodFit.Result r = new LikelihoodFit.Result(Theta.of(fit), SampleCurves.clamped(net),
                new PerParameter(0.01, 0.01, 0.01), null, iv, 90, 94, 0, 0, List.of(), null, Theta.of(fit), List.of(), 1);
        return new LikelihoodFitStudy.Row(index, truth, net, r, seconds);
    }
}
