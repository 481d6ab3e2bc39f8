package org.spinecho.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinecho.sim.Lattice;

class DatasetGeneratorTest {
    static final int COUNT = 40;
    static final long SEED = 20240917L;

    @TempDir
    static Path shared;
    static Path reference;

    @TempDir
    Path dir;

    /** A fast spec: 6×6 lattice, nτ = 6 (18 samples), a bit of noise. */
    static GenerationSpec tinySpec(int count, long seed) {
        return GenerationSpec.of(Preset.GAUSS, "model", count, seed).withLattice(new Lattice(6, 6)).withNtau(6)
                .withNoise(1e-4);
    }

    /** An uninterrupted single-threaded run, the reference for all byte comparisons. */
    @BeforeAll
    static void generateReference() throws IOException {
        reference = shared.resolve("reference");
        DatasetGenerator.Outcome o = new DatasetGenerator(tinySpec(COUNT, SEED), reference).threads(1)
                .run(GenerationListener.NONE);
        assertEquals(DatasetGenerator.Status.GENERATED, o.status());
    }

    private static void assertSameFiles(Path expectedDir, Path actualDir) throws IOException {
        DataFiles expected = tinySpec(COUNT, SEED).files(expectedDir);
        DataFiles actual = tinySpec(COUNT, SEED).files(actualDir);
        for (int k = 0; k < 3; k++) {
            Path e = expected.dataFiles().get(k);
            Path a = actual.dataFiles().get(k);
            assertArrayEquals(Files.readAllBytes(e), Files.readAllBytes(a), a.getFileName() + " differs");
        }
        assertFalse(Files.exists(actual.progress()), "progress file removed");
        for (Path f : actual.dataFiles()) {
            assertFalse(Files.exists(DataFiles.partial(f)), "partial file removed");
        }
    }

    @Test
    void writesTheChallengeFormatAndAManifest() throws IOException {
        DataFiles files = tinySpec(COUNT, SEED).files(reference);
        EchoDataset data = files.read();
        assertEquals(COUNT, data.size());
        assertEquals(18, data.samples());
        GenerationSpec spec = tinySpec(COUNT, SEED);
        for (int n = 0; n < COUNT; n++) {
            GenerationSpec.CurveDraw draw = spec.draw(n);
            assertArrayEquals(new double[] {draw.alpha(), draw.xi(), draw.d()}, data.params()[n]);
        }
        GenerationSpec.Curve c7 = spec.curve(7);
        assertArrayEquals(c7.re(), data.re()[7]);
        assertArrayEquals(c7.im(), data.im()[7]);
        assertTrue(Files.readString(files.re()).contains("\t"));

        JsonNode m = new ObjectMapper().readTree(files.manifest().toFile());
        assertEquals("6x6", m.path("simulation").path("lattice").asText());
        assertEquals(6, m.path("simulation").path("ntau").asInt());
        assertEquals(SEED, m.path("seed").asLong());
        assertEquals(COUNT, m.path("count").asInt());
        assertEquals(1e-4, m.path("noise").asDouble());
        assertEquals(1.0, m.path("priors").path("alpha").get(1).asDouble());
        assertEquals(Sha256.ofFile(files.im()),
                m.path("files").path(files.im().getFileName().toString()).path("sha256").asText());
        assertTrue(m.path("generation").path("wall_time_seconds").isNumber());
    }

    @Test
    void noiseIsAddedAndSeeded() {
        GenerationSpec clean = tinySpec(3, SEED).withNoise(0);
        GenerationSpec noisy = clean.withNoise(0.01);
        double sum = 0;
        double[] a = clean.curve(2).re();
        double[] b = noisy.curve(2).re();
        for (int k = 0; k < a.length; k++) {
            sum += (b[k] - a[k]) * (b[k] - a[k]);
        }
        double rms = Math.sqrt(sum / a.length);
        assertTrue(rms > 0.003 && rms < 0.03, "rms noise " + rms);
        assertArrayEquals(noisy.curve(2).im(), noisy.curve(2).im());
    }

    @Test
    void filesDoNotDependOnTheThreadCount() throws IOException {
        new DatasetGenerator(tinySpec(COUNT, SEED), dir).threads(3).flushEvery(5).run(GenerationListener.NONE);
        assertSameFiles(reference, dir);
    }

    @Test
    void resumesAfterACrashWithTornPartialFiles() throws IOException {
        // a run that dies after 17 curves (the listener throws, as a crash would stop it)
        RuntimeException crash = assertThrows(RuntimeException.class, () ->
                new DatasetGenerator(tinySpec(COUNT, SEED), dir).threads(2).flushEvery(1).run((done, total) -> {
                    if (done >= 17) {
                        throw new RuntimeException("crash");
                    }
                }));
        assertEquals("crash", crash.getMessage());
        DataFiles files = tinySpec(COUNT, SEED).files(dir);
        assertTrue(Files.exists(files.progress()));
        assertFalse(Files.exists(files.re()));
        // tear the files as a kill in the middle of a write would: r gets half a line more,
        // i loses half of its last line, mat_info is left complete
        Path r = DataFiles.partial(files.re());
        Path i = DataFiles.partial(files.im());
        Files.writeString(r, "0.123\t-4.5e-", StandardOpenOption.APPEND);
        long size = Files.size(i);
        try (var ch = java.nio.channels.FileChannel.open(i, StandardOpenOption.WRITE)) {
            ch.truncate(size - 25);
        }
        List<int[]> seen = new ArrayList<>();
        DatasetGenerator.Outcome o = new DatasetGenerator(tinySpec(COUNT, SEED), dir).threads(2)
                .run(new GenerationListener() {
                    @Override
                    public void started(int total, int alreadyDone) {
                        seen.add(new int[] {total, alreadyDone});
                    }

                    @Override
                    public void progressed(int done, int total) {
                    }
                });
        assertEquals(DatasetGenerator.Status.RESUMED, o.status());
        assertEquals(16, o.resumedFrom());
        assertEquals(16, seen.get(0)[1]);
        assertSameFiles(reference, dir);
    }

    @Test
    void resumesAfterACrashWhileRenamingTheFinishedFiles() throws IOException {
        assertThrows(RuntimeException.class, () ->
                new DatasetGenerator(tinySpec(COUNT, SEED), dir).threads(1).run((done, total) -> {
                    if (done == total) {
                        throw new RuntimeException("crash");
                    }
                }));
        DataFiles files = tinySpec(COUNT, SEED).files(dir);
        Files.move(DataFiles.partial(files.re()), files.re()); // the first rename happened, then the crash
        DatasetGenerator.Outcome o = new DatasetGenerator(tinySpec(COUNT, SEED), dir).run(GenerationListener.NONE);
        assertEquals(COUNT, o.resumedFrom());
        assertEquals(0, o.computed());
        assertSameFiles(reference, dir);
    }

    @Test
    void resumesAfterKill9OfAChildJvm() throws Exception {
        DataFiles files = tinySpec(COUNT, SEED).files(dir);
        Path partial = DataFiles.partial(files.params());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                GenerateMain.class.getName(), dir.toString(), Integer.toString(COUNT), Long.toString(SEED), "40")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(partial) && DatasetGenerator.countLines(partial) >= 5)) {
                assertTrue(child.isAlive(), () -> "child ended early: " + readLog(dir));
                assertTrue(System.nanoTime() < deadline, "child too slow");
                Thread.sleep(20);
            }
        } finally {
            child.destroyForcibly(); // SIGKILL on Unix
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertFalse(Files.exists(files.manifest()), "killed before the end");
        long before = DatasetGenerator.countLines(partial);
        assertTrue(before >= 5 && before < COUNT, "lines before resume: " + before);
        Files.delete(dir.resolve("child.log"));

        DatasetGenerator.Outcome o = new DatasetGenerator(tinySpec(COUNT, SEED), dir).threads(2)
                .run(GenerationListener.NONE);
        assertEquals(DatasetGenerator.Status.RESUMED, o.status());
        assertTrue(o.resumedFrom() >= 5, "resumed from " + o.resumedFrom());
        assertSameFiles(reference, dir);
    }

    private static String readLog(Path dir) {
        try {
            return Files.readString(dir.resolve("child.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void aCompleteSetIsLeftAlone() throws IOException {
        copy(reference, dir);
        long modified = Files.getLastModifiedTime(tinySpec(COUNT, SEED).files(dir).re()).toMillis();
        DatasetGenerator.Outcome o = new DatasetGenerator(tinySpec(COUNT, SEED), dir).run(GenerationListener.NONE);
        assertEquals(DatasetGenerator.Status.ALREADY_COMPLETE, o.status());
        assertEquals(modified, Files.getLastModifiedTime(tinySpec(COUNT, SEED).files(dir).re()).toMillis());
        assertSameFiles(reference, dir);
    }

    @Test
    void refusesADifferentCommandOnACompleteSet() throws IOException {
        copy(reference, dir);
        assertConflict("--seed " + SEED + " (this command: 5)", tinySpec(COUNT, 5));
        assertConflict("--count 40 (this command: 41)", tinySpec(COUNT + 1, SEED));
        assertConflict("--noise", tinySpec(COUNT, SEED).withNoise(0));
        assertConflict("--lattice 6x6 (this command: 7x6)", tinySpec(COUNT, SEED).withLattice(new Lattice(7, 6)));
        assertConflict("--alpha 0.0:1.0 (this command: 0.0:0.5)",
                tinySpec(COUNT, SEED).withPrior(Preset.GAUSS.prior().withAlpha(Range.of(0, 0.5))));
        assertSameFiles(reference, dir);
        // a changed data file is noticed too
        Files.writeString(tinySpec(COUNT, SEED).files(dir).params(), "1\t2\t3\n", StandardOpenOption.APPEND);
        assertConflict("SHA-256", tinySpec(COUNT, SEED));
    }

    @Test
    void refusesADifferentCommandOnAnUnfinishedRun() throws IOException {
        assertThrows(RuntimeException.class, () ->
                new DatasetGenerator(tinySpec(COUNT, SEED), dir).threads(1).flushEvery(1).run((done, total) -> {
                    if (done >= 3) {
                        throw new RuntimeException("crash");
                    }
                }));
        GenerationConflictException e = assertConflict("--xi 3.0:20.0 (this command: 4.0:20.0)",
                tinySpec(COUNT, SEED).withPrior(Preset.GAUSS.prior().withXi(Range.of(4, 20))));
        assertTrue(e.getMessage().contains("unfinished"), e.getMessage());
        // rkky writes other files; it does not conflict
        GenerationSpec rkky = new GenerationSpec("rkky", "model", Preset.RKKY.prior(), 3, SEED, 0,
                new Lattice(6, 6), tinySpec(1, 1).sequence(), tinySpec(1, 1).line(), 1.0);
        new DatasetGenerator(rkky, dir).run(GenerationListener.NONE);
        // the original command still resumes
        new DatasetGenerator(tinySpec(COUNT, SEED), dir).run(GenerationListener.NONE);
        assertSameFiles(reference, dir);
    }

    @Test
    void refusesFilesWithoutAManifest() throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("gauss_echos_model_r.txt"), "1\t2\n");
        assertConflict("gauss_echos_model_r.txt already exists", tinySpec(COUNT, SEED));
        Path notADir = dir.resolve("file");
        Files.writeString(notADir, "x");
        GenerationConflictException e = assertThrows(GenerationConflictException.class,
                () -> new DatasetGenerator(tinySpec(COUNT, SEED), notADir).run(GenerationListener.NONE));
        assertTrue(e.getMessage().startsWith("--out"), e.getMessage());
    }

    private GenerationConflictException assertConflict(String expected, GenerationSpec spec) {
        GenerationConflictException e = assertThrows(GenerationConflictException.class,
                () -> new DatasetGenerator(spec, dir).run(GenerationListener.NONE));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        return e;
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var list = Files.list(from)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
    }

    @Test
    void plainProgressLines() {
        var bytes = new java.io.ByteArrayOutputStream();
        long[] now = {0};
        PlainProgressReporter r = new PlainProgressReporter(new java.io.PrintStream(bytes, true), "generate: ", 10,
                10_000_000_000L, () -> now[0]);
        r.started(12000, 0);
        now[0] = 34_090_909_091L;
        r.progressed(1200, 12000);
        now[0] += 1_000_000L;
        r.progressed(1201, 12000); // too soon: no line
        assertEquals("generate: 1200/12000 curves (10%), 35.2 curves/s, ETA 5m07s" + System.lineSeparator(),
                bytes.toString());
        assertEquals("2h03m", PlainProgressReporter.duration(7380));
        assertTrue(File.separator.length() == 1);
    }
}
