package org.spinecho.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing lost, nothing silently wrong: every way found to destroy a user's file or to get a
 * wrong number with exit status 0, through the command line on a tiny data set (6×6 lattice,
 * ntau 10) and a tiny model.
 */
class FileSafetyTest {

    @TempDir
    static Path dir;
    static Path model;

    static String f(String name) {
        return dir.resolve(name).toString();
    }

    static CliRun run(String... args) {
        return CliRun.run(args);
    }

    @BeforeAll
    static void trainTinyModel() {
        for (String split : List.of("model", "eval")) {
            CliRun g = run("generate", "--preset", "gauss", "--count", split.equals("model") ? "120" : "40",
                    "--seed", split.equals("model") ? "1" : "2", "--split", split, "--out", dir.toString(),
                    "--lattice", "6x6", "--ntau", "10", "--threads", "2");
            assertEquals(0, g.exitCode(), g.err());
        }
        model = dir.resolve("model");
        CliRun t = run("train", "--kernel", "gauss", "--echos-r", f("gauss_echos_model_r.txt"),
                "--echos-i", f("gauss_echos_model_i.txt"), "--params", f("gauss_mat_info_model.txt"),
                "--out", model.toString(), "--epochs", "2", "--seed", "3");
        assertEquals(0, t.exitCode(), t.err());
    }

    /** A fresh copy of the tiny model (tests that break or record into a model use their own). */
    static Path copyOfModel(String name) throws IOException {
        Path copy = dir.resolve(name);
        copyTree(model, copy);
        return copy;
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }

    static String[] evaluateArgs(Path modelDir, String... extra) {
        List<String> a = new ArrayList<>(List.of("evaluate", "--model", modelDir.toString(),
                "--echos-r", f("gauss_echos_eval_r.txt"), "--echos-i", f("gauss_echos_eval_i.txt"),
                "--params", f("gauss_mat_info_eval.txt")));
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }

    static void assertOneLineUsageError(CliRun r) {
        assertEquals(2, r.exitCode(), r.err());
        assertEquals(1, r.errLines().length, r.err());
    }

    // ------------------------------------------------------------ 1: report directories

    @Test
    void reportRefusesAnExistingDirectoryThatIsNotAReportAndLeavesItAlone() throws IOException {
        Path mine = Files.createDirectories(dir.resolve("my-thesis"));
        Files.writeString(mine.resolve("chapter1.tex"), "precious");
        CliRun r = run(evaluateArgs(model, "--report", mine.toString()));
        assertOneLineUsageError(r);
        assertTrue(r.err().contains("my-thesis"), r.err());
        assertEquals("precious", Files.readString(mine.resolve("chapter1.tex")));
    }

    @Test
    void reportRefusesAFileAndTheModelDirectory() throws IOException {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "keep me");
        assertOneLineUsageError(run(evaluateArgs(model, "--report", file.toString())));
        assertEquals("keep me", Files.readString(file));
        assertOneLineUsageError(run(evaluateArgs(model, "--report", model.toString())));
        assertTrue(Files.isRegularFile(model.resolve("model.params")));
        assertEquals(0, run(evaluateArgs(model)).exitCode());
    }

    @Test
    void reportGoesIntoANewDirectoryAndReplacesOnlyAPreviousReport() throws IOException {
        Path report = dir.resolve("reports/first");
        CliRun r = run(evaluateArgs(model, "--report", report.toString()));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.isRegularFile(report.resolve("index.html")));
        CliRun again = run(evaluateArgs(model, "--report", report.toString()));
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(Files.isRegularFile(report.resolve("index.html")));
        // nothing hidden left beside it
        try (Stream<Path> s = Files.list(report.getParent())) {
            assertEquals(List.of("first"), s.map(p -> p.getFileName().toString()).toList());
        }
        // group and others may read it (the umask, not an owner-only temporary directory)
        assertTrue(Files.getPosixFilePermissions(report).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ),
                Files.getPosixFilePermissions(report).toString());
    }

    @Test
    void demoRefusesTheCurrentKindOfDirectory() throws IOException {
        Path mine = Files.createDirectories(dir.resolve("demo-not-a-report"));
        Files.writeString(mine.resolve("data.txt"), "x");
        Path models = Files.createDirectories(dir.resolve("demo-models"));
        copyTree(model, models.resolve("gauss"));
        copyTree(model, models.resolve("rkky"));
        CliRun r = run("demo", "--models", models.toString(), "--out", mine.toString(), "--count", "10",
                "--lattice", "6x6", "--ntau", "10", "--threads", "1");
        assertOneLineUsageError(r);
        assertTrue(r.err().contains("demo-not-a-report"), r.err());
        assertEquals("x", Files.readString(mine.resolve("data.txt")));
    }

    // ------------------------------------------------------------ 2: an output over an input

    @Test
    void predictRefusesToWriteOverItsInput() throws IOException {
        Path r = dir.resolve("r-copy.txt");
        Files.copy(dir.resolve("gauss_echos_eval_r.txt"), r);
        byte[] before = Files.readAllBytes(r);
        CliRun run = run("predict", "--model", model.toString(), "--echos-r", r.toString(),
                "--echos-i", f("gauss_echos_eval_i.txt"), "--out", r.toString());
        assertOneLineUsageError(run);
        assertArrayEquals(before, Files.readAllBytes(r));
        // also through a symbolic link, and into the model directory
        Path link = Files.createSymbolicLink(dir.resolve("r-link.txt"), r);
        assertOneLineUsageError(run("predict", "--model", model.toString(), "--echos-r", r.toString(),
                "--echos-i", f("gauss_echos_eval_i.txt"), "--out", link.toString()));
        assertArrayEquals(before, Files.readAllBytes(r));
        assertOneLineUsageError(run("predict", "--model", model.toString(), "--echos-r", r.toString(),
                "--echos-i", f("gauss_echos_eval_i.txt"), "--out", model.resolve("notes.txt").toString()));
        assertFalse(Files.exists(model.resolve("notes.txt")));
        assertOneLineUsageError(run("predict", "--model", model.toString(), "--echos-r", r.toString(),
                "--echos-i", f("gauss_echos_eval_i.txt"), "--out", dir.toString()));
    }

    @Test
    void evaluateRefusesPredictionsOverItsLabels() throws IOException {
        Path p = dir.resolve("labels-copy.txt");
        Files.copy(dir.resolve("gauss_mat_info_eval.txt"), p);
        byte[] before = Files.readAllBytes(p);
        CliRun r = run("evaluate", "--model", model.toString(), "--echos-r", f("gauss_echos_eval_r.txt"),
                "--echos-i", f("gauss_echos_eval_i.txt"), "--params", p.toString(), "--predictions", p.toString());
        assertOneLineUsageError(r);
        assertArrayEquals(before, Files.readAllBytes(p));
        assertOneLineUsageError(run(evaluateArgs(model, "--json", f("gauss_echos_eval_i.txt"))));
    }

    @Test
    void fitRefusesItsJsonOverItsCurve() throws IOException {
        Path c = dir.resolve("fit-curve.txt");
        CliRun s = run("simulate", "--kernel", "gauss", "--alpha", "0.5", "--xi", "3", "--d", "3", "--lattice", "6x6",
                "--ntau", "10", "--out", c.toString());
        assertEquals(0, s.exitCode(), s.err());
        byte[] before = Files.readAllBytes(c);
        CliRun r = run("fit", "--kernel", "gauss", "--curve", c.toString(), "--json", c.toString(), "--start",
                "0.5,3,3", "--lattice", "6x6", "--layouts", "4", "--threads", "1");
        assertOneLineUsageError(r);
        assertArrayEquals(before, Files.readAllBytes(c));
    }

    @Test
    void modelOutputsRefuseTheirInputs() throws IOException {
        Path a = copyOfModel("member-a");
        byte[] params = Files.readAllBytes(a.resolve("model.params"));
        Path link = Files.createSymbolicLink(dir.resolve("member-a-link"), a);
        CliRun e = run("ensemble", "--out", link.toString(), a.toString(), model.toString());
        assertOneLineUsageError(e);
        assertArrayEquals(params, Files.readAllBytes(a.resolve("model.params")));
        assertFalse(Files.exists(a.resolve("ensemble.json")));
        // train into the directory that holds its data
        Path data = Files.createDirectories(dir.resolve("data-dir"));
        for (String name : List.of("gauss_echos_model_r.txt", "gauss_echos_model_i.txt", "gauss_mat_info_model.txt")) {
            Files.copy(dir.resolve(name), data.resolve(name));
        }
        CliRun t = run("train", "--kernel", "gauss", "--echos-r", data.resolve("gauss_echos_model_r.txt").toString(),
                "--echos-i", data.resolve("gauss_echos_model_i.txt").toString(),
                "--params", data.resolve("gauss_mat_info_model.txt").toString(), "--out", data.toString(), "--epochs", "1");
        assertOneLineUsageError(t);
        assertTrue(Files.exists(data.resolve("gauss_echos_model_r.txt")));
    }

    // ------------------------------------------------------------ 3: concurrent generation; checked sets

    @Test
    void generateRefusesAnOutputAnotherGenerationHolds() throws IOException {
        Path out = Files.createDirectories(dir.resolve("busy"));
        Path lockFile = out.resolve(".gauss_model.lock");
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = ch.lock()) {
            CliRun r = run("generate", "--preset", "gauss", "--count", "4", "--seed", "11", "--out", out.toString(),
                    "--lattice", "6x6", "--ntau", "10", "--threads", "1");
            assertOneLineUsageError(r);
            assertTrue(r.err().contains("in use"), r.err());
            assertFalse(Files.exists(out.resolve("gauss_echos_model_r.txt.partial")));
            assertFalse(Files.exists(out.resolve("gauss_model.progress.json")));
        }
        CliRun free = run("generate", "--preset", "gauss", "--count", "4", "--seed", "11", "--out", out.toString(),
                "--lattice", "6x6", "--ntau", "10", "--threads", "1");
        assertEquals(0, free.exitCode(), free.err());
    }

    @Test
    void evaluateAndTrainRefuseASetThatDisagreesWithItsManifest() throws IOException {
        Path set = Files.createDirectories(dir.resolve("tampered"));
        for (String name : List.of("gauss_echos_eval_r.txt", "gauss_echos_eval_i.txt", "gauss_mat_info_eval.txt",
                "gauss_eval_manifest.json")) {
            Files.copy(dir.resolve(name), set.resolve(name));
        }
        // a line of another set, same shape: reads fine, but is not what the manifest recorded
        List<String> lines = new ArrayList<>(Files.readAllLines(set.resolve("gauss_mat_info_eval.txt")));
        lines.set(3, lines.get(4));
        Files.write(set.resolve("gauss_mat_info_eval.txt"), lines);
        CliRun r = run("evaluate", "--model", model.toString(), "--echos-r", set.resolve("gauss_echos_eval_r.txt").toString(),
                "--echos-i", set.resolve("gauss_echos_eval_i.txt").toString(),
                "--params", set.resolve("gauss_mat_info_eval.txt").toString());
        assertOneLineUsageError(r);
        assertTrue(r.err().contains("gauss_mat_info_eval.txt") && r.err().contains("SHA-256"), r.err());
        CliRun t = run("train", "--kernel", "gauss", "--echos-r", set.resolve("gauss_echos_eval_r.txt").toString(),
                "--echos-i", set.resolve("gauss_echos_eval_i.txt").toString(),
                "--params", set.resolve("gauss_mat_info_eval.txt").toString(), "--out", f("never-trained"), "--epochs", "1");
        assertOneLineUsageError(t);
        assertFalse(Files.exists(dir.resolve("never-trained")));
    }

    // ------------------------------------------------------------ 4: concurrent --record

    @Test
    void concurrentRecordsAllLand() throws Exception {
        Path m = copyOfModel("record-model");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<CliRun>> runs = new ArrayList<>();
            for (String name : List.of("one", "two", "three")) {
                runs.add(pool.submit(() -> run(evaluateArgs(m, "--record", name))));
            }
            for (Future<CliRun> f : runs) {
                CliRun r = f.get();
                assertEquals(0, r.exitCode(), r.err());
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode metrics = new ObjectMapper().readTree(m.resolve("manifest.json").toFile()).path("metrics");
        for (String name : List.of("one", "two", "three")) {
            assertTrue(metrics.has(name), metrics.toString());
        }
        assertEquals(0, run(evaluateArgs(m)).exitCode());
    }

    // ------------------------------------------------------------ 5: a torn last line

    @Test
    void aFileCutInsideItsLastNumberIsRefused() throws IOException {
        byte[] whole = Files.readAllBytes(dir.resolve("gauss_echos_eval_r.txt"));
        Path torn = dir.resolve("torn_r.txt");
        Files.write(torn, java.util.Arrays.copyOf(whole, whole.length - 5));
        CliRun r = run("predict", "--model", model.toString(), "--echos-r", torn.toString(),
                "--echos-i", f("gauss_echos_eval_i.txt"));
        assertOneLineUsageError(r);
        assertTrue(r.err().contains("torn_r.txt:40:"), r.err());
        Path curve = dir.resolve("torn-curve.txt");
        run("simulate", "--kernel", "gauss", "--alpha", "0.5", "--xi", "3", "--d", "3", "--lattice", "6x6",
                "--ntau", "10", "--out", curve.toString());
        byte[] c = Files.readAllBytes(curve);
        Files.write(curve, java.util.Arrays.copyOf(c, c.length - 12));
        assertOneLineUsageError(run("predict", "--model", model.toString(), "--curve", curve.toString()));
    }

    @Test
    void aFitRecordCutShortIsRefused() throws IOException {
        Path rec = dir.resolve("fit-record.tsv");
        Files.writeString(rec, "# header\n0\t0.5\t3.1");
        CliRun r = run("fit", "--kernel", "gauss", "--model", model.toString(), "--echos-r", f("gauss_echos_eval_r.txt"),
                "--echos-i", f("gauss_echos_eval_i.txt"), "--params", f("gauss_mat_info_eval.txt"), "--count", "1",
                "--record", rec.toString(), "--lattice", "6x6", "--layouts", "4", "--threads", "1");
        assertOneLineUsageError(r);
        assertTrue(r.err().contains("fit-record.tsv:2:") && r.err().contains("line break"), r.err());
    }

    // ------------------------------------------------------------ 6: every file of a model checked

    @Test
    void anEditedNormalisationIsRefused() throws IOException {
        Path m = copyOfModel("edited-normalisation");
        Path norm = m.resolve("normalisation.json");
        String text = Files.readString(norm);
        int digit = text.indexOf("1", text.indexOf("["));
        Files.writeString(norm, text.substring(0, digit) + "2" + text.substring(digit + 1));
        CliRun r = run(evaluateArgs(m));
        assertOneLineUsageError(r);
        assertTrue(r.err().contains("normalisation.json"), r.err());
    }

    @Test
    void anEditedCalibrationIsRefused() throws IOException {
        Path m = copyOfModel("edited-calibration");
        CliRun c = run("calibrate", "--model", m.toString(), "--neighbours", "5", "--echos-r", f("gauss_echos_eval_r.txt"),
                "--echos-i", f("gauss_echos_eval_i.txt"), "--params", f("gauss_mat_info_eval.txt"));
        assertEquals(0, c.exitCode(), c.err());
        Path cal = m.resolve("calibration.json");
        ObjectNode root = (ObjectNode) new ObjectMapper().readTree(cal.toFile());
        root.put("neighbours", 6);
        Files.write(cal, new ObjectMapper().writeValueAsBytes(root));
        CliRun r = run(evaluateArgs(m));
        assertOneLineUsageError(r);
        assertTrue(r.err().contains("calibration.json"), r.err());
    }

    @Test
    void aForeignKernelInTheManifestIsRefused() throws IOException {
        Path m = copyOfModel("banana");
        Path manifest = m.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"kernel\" : \"gauss\"", "\"kernel\" : \"banana\""));
        CliRun r = run(evaluateArgs(m));
        assertOneLineUsageError(r);
        assertTrue(r.err().contains("banana"), r.err());
    }

    @Test
    void anEditedArchitectureGivesOneLine() throws IOException {
        Path m = copyOfModel("edited-architecture");
        Path arch = m.resolve("architecture.json");
        ObjectNode root = (ObjectNode) new ObjectMapper().readTree(arch.toFile());
        root.put("dropout", 0.5);
        Files.write(arch, new ObjectMapper().writeValueAsBytes(root));
        CliRun r = run(evaluateArgs(m));
        assertOneLineUsageError(r);
        assertTrue(r.err().contains("architecture.json"), r.err());
    }

    /** The shipped models: the checkout's models/ (tests run in the module's directory). */
    static Path shipped(String kernel) {
        Path p = Path.of("..", "models", kernel);
        return Files.isDirectory(p) ? p : Path.of("models", kernel);
    }

    @Test
    void theShippedModelsChecksumEveryFileAndRefuseAnEditedNormalisation() throws IOException {
        for (String kernel : List.of("gauss", "rkky")) {
            JsonNode files = new ObjectMapper().readTree(shipped(kernel).resolve("manifest.json").toFile()).path("files");
            for (String name : List.of("calibration.json", "ensemble.json", "member-1/manifest.json",
                    "member-3/normalisation.json", "member-2/architecture.json")) {
                assertTrue(files.has(name), kernel + ": " + name + " in " + files);
            }
            CliRun r = run("predict", "--model", shipped(kernel).toString(), "--curve", writeDefaultCurve(kernel).toString());
            assertEquals(0, r.exitCode(), r.err());
            assertEquals("", r.err()); // no warning: every file is checksummed
        }
        // the reproduction: one digit of the first member's normalisation.json changed
        Path copy = dir.resolve("shipped-gauss");
        copyTree(shipped("gauss"), copy);
        Path norm = copy.resolve("member-1/normalisation.json");
        String text = Files.readString(norm);
        int digit = text.indexOf("1", text.indexOf("["));
        Files.writeString(norm, text.substring(0, digit) + "2" + text.substring(digit + 1));
        org.spinecho.ml.ModelFormatException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.spinecho.ml.ModelFormatException.class, () -> org.spinecho.ml.ModelDirectory.load(copy));
        assertTrue(e.getMessage().contains("member-1/normalisation.json"), e.getMessage());
    }

    /** A curve of the shipped models' length (50x50, ntau 157). */
    static Path writeDefaultCurve(String kernel) {
        Path c = dir.resolve("default-" + kernel + ".txt");
        if (!Files.exists(c)) {
            assertEquals(0, run("simulate", "--kernel", kernel, "--alpha", "0.5", "--xi", "8", "--d", "3", "--out",
                    c.toString()).exitCode());
        }
        return c;
    }

    // ------------------------------------------------------------ 7: non-finite physics

    @Test
    void simulateRefusesParametersThatGiveNoFiniteCurve() {
        Path out = dir.resolve("nan-curve.txt");
        CliRun r = run("simulate", "--kernel", "gauss", "--alpha", "1e160", "--xi", "3", "--d", "3", "--lattice", "6x6",
                "--ntau", "10", "--out", out.toString());
        assertOneLineUsageError(r);
        assertTrue(r.err().contains("alpha"), r.err());
        assertFalse(Files.exists(out));
        CliRun dt = run("simulate", "--kernel", "gauss", "--alpha", "0.5", "--xi", "3", "--d", "3", "--lattice", "6x6",
                "--ntau", "10", "--dt", "1e300");
        assertEquals(2, dt.exitCode(), dt.err());
        assertFalse(dt.out().contains("NaN"), dt.out());
    }

    @Test
    void generateNamesTheCurveThatIsNotFiniteAndLeavesNothing() throws IOException {
        Path out = dir.resolve("nan-set");
        CliRun r = run("generate", "--preset", "gauss", "--count", "3", "--seed", "5", "--alpha", "1e150:1e160",
                "--out", out.toString(), "--lattice", "6x6", "--ntau", "10", "--threads", "1");
        assertOneLineUsageError(r);
        assertTrue(r.err().contains("curve 1") && r.err().contains("alpha"), r.err());
        if (Files.exists(out)) {
            try (Stream<Path> s = Files.list(out)) {
                assertEquals(List.of(), s.filter(p -> !p.getFileName().toString().startsWith(".")).toList());
            }
        }
    }

    // ------------------------------------------------------------ 8: undefined NMSE

    @Test
    void evaluateOnLabelsWithoutSpreadSaysTheScoreIsUndefinedAndRecordsNothing() throws IOException {
        Path m = copyOfModel("degenerate");
        Path labels = dir.resolve("equal-alpha.txt");
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("gauss_mat_info_eval.txt"))) {
            String[] t = line.split("\t");
            lines.add("0.5\t" + t[1] + "\t" + t[2]);
        }
        Files.write(labels, lines);
        byte[] manifest = Files.readAllBytes(m.resolve("manifest.json"));
        CliRun r = run("evaluate", "--model", m.toString(), "--echos-r", f("gauss_echos_eval_r.txt"),
                "--echos-i", f("gauss_echos_eval_i.txt"), "--params", labels.toString(), "--record", "flat");
        assertOneLineUsageError(r);
        assertTrue(r.err().contains("undefined") && r.err().contains("alpha"), r.err());
        assertFalse(r.out().contains("NaN") || r.out().contains("Infinity"), r.out());
        assertArrayEquals(manifest, Files.readAllBytes(m.resolve("manifest.json")));
    }

    // ------------------------------------------------------------ 9: alpha = 0

    @Test
    void alphaZeroIsAccepted() throws IOException {
        CliRun r = run("simulate", "--kernel", "gauss", "--alpha", "0", "--xi", "3", "--d", "3", "--lattice", "6x6",
                "--ntau", "10");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(30, r.out().split("\n").length);
        CliRun neg = run("simulate", "--kernel", "gauss", "--alpha", "-0.1", "--xi", "3", "--d", "3");
        assertEquals(2, neg.exitCode());
        assertTrue(neg.err().contains(">= 0"), neg.err());
    }

    // ------------------------------------------------------------ 10: model kernel against --kernel

    @Test
    void fitRefusesAModelOfAnotherKernel() throws IOException {
        Path c = dir.resolve("rkky-curve.txt");
        assertEquals(0, run("simulate", "--kernel", "rkky", "--alpha", "1", "--xi", "5", "--d", "3", "--lattice", "6x6",
                "--ntau", "10", "--out", c.toString()).exitCode());
        CliRun r = run("fit", "--kernel", "rkky", "--model", model.toString(), "--curve", c.toString(),
                "--lattice", "6x6", "--layouts", "4", "--threads", "1");
        assertOneLineUsageError(r);
        assertTrue(r.err().contains("gauss") && r.err().contains("rkky"), r.err());
    }

    // ------------------------------------------------------------ rough edges

    @Test
    void aFailedWriteNamesTheUsersPathNotATemporaryFile() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        CliRun r = run("predict", "--model", model.toString(), "--echos-r", f("gauss_echos_eval_r.txt"),
                "--echos-i", f("gauss_echos_eval_i.txt"), "--out", notADirectory.resolve("preds.txt").toString());
        assertEquals(1, r.exitCode(), r.err());
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.err().contains(notADirectory.resolve("preds.txt").toString()), r.err());
        assertFalse(r.err().contains(".tmp") || r.err().contains("Exception"), r.err());
        CliRun s = run("simulate", "--kernel", "gauss", "--alpha", "0.5", "--xi", "3", "--d", "3", "--lattice", "6x6",
                "--ntau", "10", "--out", notADirectory.resolve("c.txt").toString());
        assertEquals(1, s.exitCode(), s.err());
        assertFalse(s.err().contains(".tmp") || s.err().contains("Exception"), s.err());
    }

    @Test
    void controlCharactersFromAFileAreEscapedInMessages() throws IOException {
        Path bad = dir.resolve("escape_r.txt");
        Files.write(bad, "0.1\t\u001b[2Jgotcha\n".getBytes(StandardCharsets.UTF_8));
        CliRun r = run("predict", "--model", model.toString(), "--echos-r", bad.toString(), "--echos-i", bad.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertFalse(r.err().contains("\u001b"), r.err());
        assertTrue(r.err().contains("\\u001b") || r.err().contains("\\x1b") || r.err().contains("\\e"), r.err());
    }
}
