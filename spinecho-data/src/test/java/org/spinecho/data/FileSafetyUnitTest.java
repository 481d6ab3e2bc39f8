package org.spinecho.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared checks behind "nothing lost, nothing silently wrong": torn lines, output guards, locks. */
class FileSafetyUnitTest {

    @Test
    void aTornLastNumberIsRefusedNotReadAsAnotherNumber(@TempDir Path dir) throws IOException {
        Path whole = dir.resolve("whole.txt");
        Files.writeString(whole, "1.0\t2.0\n3.0\t1.1507736950e-4\n");
        assertEquals(1.1507736950e-4, DelimitedText.readMatrix(whole, 2)[1][1]);
        Path torn = dir.resolve("torn.txt");
        Files.writeString(torn, "1.0\t2.0\n3.0\t1.1507736");
        DataFormatException e = assertThrows(DataFormatException.class, () -> DelimitedText.readMatrix(torn, 2));
        assertEquals(2, e.line());
        assertEquals(2, e.column());
        assertTrue(e.getMessage().contains("no line break"), e.getMessage());
        // Windows line endings and trailing blank lines still read
        Path crlf = dir.resolve("crlf.txt");
        Files.writeString(crlf, "1.0 2.0\r\n3.0 4.0\r\n\r\n");
        assertEquals(2, DelimitedText.readMatrix(crlf, 2).length);
    }

    @Test
    void outputsThatAreInputsDirectoriesOrInsideTheModelAreRefused(@TempDir Path dir) throws IOException {
        Path input = Files.writeString(dir.resolve("in.txt"), "1\n");
        Path model = Files.createDirectories(dir.resolve("model"));
        List<OutputGuard.Named> inputs = List.of(new OutputGuard.Named("--echos-r", input));
        List<OutputGuard.Named> protect = List.of(new OutputGuard.Named("--model", model));
        // fine: a new file elsewhere
        OutputGuard.checkFiles(List.of(new OutputGuard.Named("--out", dir.resolve("out.txt"))), inputs, protect);
        // the input itself, by another spelling, a symbolic link and a hard link
        for (Path alias : List.of(dir.resolve("model/../in.txt"), Files.createSymbolicLink(dir.resolve("sym.txt"), input),
                Files.createLink(dir.resolve("hard.txt"), input))) {
            RefusedException e = assertThrows(RefusedException.class, () -> OutputGuard.checkFiles(
                    List.of(new OutputGuard.Named("--out", alias)), inputs, protect));
            assertTrue(e.getMessage().contains("--echos-r"), e.getMessage());
        }
        assertThrows(RefusedException.class, () -> OutputGuard.checkFiles(
                List.of(new OutputGuard.Named("--out", model.resolve("x.txt"))), inputs, protect));
        assertThrows(RefusedException.class, () -> OutputGuard.checkFiles(
                List.of(new OutputGuard.Named("--out", dir)), inputs, protect));
        assertThrows(RefusedException.class, () -> OutputGuard.checkFiles(
                List.of(new OutputGuard.Named("--json", dir.resolve("a")), new OutputGuard.Named("--plot", dir.resolve("a"))),
                inputs, protect));
        assertEquals("1\n", Files.readString(input));
    }

    @Test
    void aReportReplacesOnlyAPreviousReport(@TempDir Path dir) throws IOException {
        Path report = dir.resolve("rep");
        OutputGuard.writeReportDirectory("--report", report, List.of(), d -> Files.writeString(d.resolve("index.html"), "1"));
        assertEquals("1", Files.readString(report.resolve("index.html")));
        OutputGuard.writeReportDirectory("--report", report, List.of(), d -> Files.writeString(d.resolve("index.html"), "2"));
        assertEquals("2", Files.readString(report.resolve("index.html")));
        Files.writeString(report.resolve("notes.txt"), "mine");
        RefusedException e = assertThrows(RefusedException.class, () -> OutputGuard.writeReportDirectory("--report", report,
                List.of(), d -> Files.writeString(d.resolve("index.html"), "3")));
        assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
        assertEquals("mine", Files.readString(report.resolve("notes.txt")));
        // a failure while writing leaves the previous report and nothing hidden
        Files.delete(report.resolve("notes.txt"));
        assertThrows(IOException.class, () -> OutputGuard.writeReportDirectory("--report", report, List.of(), d -> {
            throw new IOException("disk full");
        }));
        assertEquals("2", Files.readString(report.resolve("index.html")));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("rep"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aLockNamesItsHolderAndIsFreeAfterRelease(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(".x.lock");
        try (FileLock held = FileLock.acquire(file, "the data set x", "generate")) {
            RefusedException e = assertThrows(RefusedException.class, () -> FileLock.acquire(file, "the data set x", "generate"));
            assertTrue(e.getMessage().contains("the data set x is in use by process " + ProcessHandle.current().pid()),
                    e.getMessage());
            assertTrue(e.getMessage().contains("(generate)"), e.getMessage());
            RefusedException waited = assertThrows(RefusedException.class,
                    () -> FileLock.await(file, "the data set x", "record", 200));
            assertTrue(waited.getMessage().contains("in use"), waited.getMessage());
        }
        try (FileLock again = FileLock.acquire(file, "the data set x", "generate")) {
            assertTrue(Files.exists(again.file()));
        }
    }

    static Process child(Class<?> main, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    static List<Path> hidden(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".")).toList();
        }
    }

    @Test
    void aStoppedReportLeavesNoHiddenDirectory(@TempDir Path dir) throws Exception {
        Process p = child(ReportMain.class, dir.resolve("rep").toString(), "60000");
        try {
            waitFor(() -> {
                try {
                    return hidden(dir).stream().anyMatch(h -> Files.exists(h.resolve("index.html")));
                } catch (IOException e) {
                    return false;
                }
            }, "the report's hidden directory");
            p.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the shutdown hooks run
            assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        assertEquals(List.of(), hidden(dir));
        assertFalse(Files.exists(dir.resolve("rep")));
    }

    @Test
    void aSecondGenerationInAnotherProcessIsRefusedNamingTheFirst(@TempDir Path dir) throws Exception {
        Process p = child(GenerateMain.class, dir.toString(), "20", "7", "200");
        try {
            DataFiles files = DatasetGeneratorTest.tinySpec(20, 7).files(dir);
            Path lock = DatasetGenerator.lockFile(files);
            waitFor(() -> {
                try {
                    return Files.exists(lock) && Files.readString(lock).contains("process " + p.pid());
                } catch (IOException e) {
                    return false;
                }
            }, "the child's lock");
            RefusedException e = assertThrows(RefusedException.class,
                    () -> new DatasetGenerator(DatasetGeneratorTest.tinySpec(20, 7), dir).threads(1)
                            .run(GenerationListener.NONE));
            assertTrue(e.getMessage().contains("in use by process " + p.pid() + " on host "), e.getMessage());
            assertTrue(e.getMessage().contains("(generate)"), e.getMessage());
            p.destroyForcibly(); // kill -9: the lock dies with the process
            assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
            DatasetGenerator.Outcome o = new DatasetGenerator(DatasetGeneratorTest.tinySpec(20, 7), dir).threads(2)
                    .run(GenerationListener.NONE);
            assertTrue(o.status() != DatasetGenerator.Status.ALREADY_COMPLETE, o.toString());
            assertTrue(Files.exists(files.manifest()));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aSetThatDiffersFromItsManifestIsRefused(@TempDir Path dir) throws IOException {
        GenerationSpec spec = GenerationSpec.of(Preset.of("gauss"), "eval", 3, 9)
                .withLattice(new org.spinecho.sim.Lattice(6, 6)).withNtau(10);
        DataFiles files = new DatasetGenerator(spec, dir).threads(1).run(GenerationListener.NONE).files();
        DatasetManifest.verify(files.re(), files.im(), files.params());
        List<String> lines = Files.readAllLines(files.params());
        Files.write(files.params(), List.of(lines.get(0), lines.get(0), lines.get(2)));
        RefusedException e = assertThrows(RefusedException.class,
                () -> DatasetManifest.verify(files.re(), files.im(), files.params()));
        assertTrue(e.getMessage().contains("gauss_mat_info_eval.txt"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
