package org.spinecho.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinecho.ml.Scores;
import picocli.CommandLine;

/**
 * train → evaluate → predict through the command line on a tiny data set (6×6 lattice, ntau 10),
 * and the bad inputs of the model commands.
 */
class ModelCommandsTest {

    @TempDir
    static Path dir;
    static Path model;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = SpinechoCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static String f(String name) {
        return dir.resolve(name).toString();
    }

    @BeforeAll
    static void trainTinyModel() {
        for (String split : List.of("model", "eval")) {
            Run g = run("generate", "--preset", "gauss", "--count", split.equals("model") ? "240" : "60",
                    "--seed", split.equals("model") ? "1" : "2", "--split", split, "--out", dir.toString(),
                    "--lattice", "6x6", "--ntau", "10", "--threads", "2");
            assertEquals(0, g.code(), g.err());
        }
        model = dir.resolve("model");
        Run t = run("train", "--kernel", "gauss", "--echos-r", f("gauss_echos_model_r.txt"),
                "--echos-i", f("gauss_echos_model_i.txt"), "--params", f("gauss_mat_info_model.txt"),
                "--out", model.toString(), "--epochs", "8", "--seed", "3");
        assertEquals(0, t.code(), t.err());
        assertTrue(t.err().contains("epoch 8/8") || t.err().contains("best epoch"), t.err());
    }

    @Test
    void trainedModelDirectoryCarriesItsProvenance() throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(model.resolve("manifest.json").toFile());
        assertEquals("gauss", manifest.get("kernel").asText());
        assertTrue(manifest.get("command").asText().startsWith("spinecho train --kernel gauss"));
        for (String name : List.of("gauss_echos_model_r.txt", "gauss_echos_model_i.txt", "gauss_mat_info_model.txt")) {
            assertTrue(manifest.get("dataFiles").has(name), manifest.toString());
        }
        assertEquals(64, manifest.get("dataFiles").get("gauss_echos_model_r.txt").asText().length());
    }

    @Test
    void evaluateBeatsPredictingTheMeanAndWritesJsonAndReport() throws IOException {
        Path json = dir.resolve("scores.json");
        Path report = dir.resolve("report");
        Path preds = dir.resolve("preds.txt");
        Run e = run("evaluate", "--model", model.toString(), "--echos-r", f("gauss_echos_eval_r.txt"),
                "--echos-i", f("gauss_echos_eval_i.txt"), "--params", f("gauss_mat_info_eval.txt"),
                "--json", json.toString(), "--report", report.toString(), "--predictions", preds.toString(),
                "--record", "eval", "--noise-levels", "0,0.01");
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("alpha") && e.out().contains("mean"), e.out());
        JsonNode scores = new ObjectMapper().readTree(json.toFile());
        assertEquals(60, scores.get("n").asInt());
        double alpha = scores.get("nmse").get("alpha").asDouble();
        // predicting the mean scores NMSE 1; α moves the curve strongly even on a tiny lattice
        assertTrue(alpha < 0.8, "NMSE alpha " + alpha);
        double mean = scores.get("nmse").get("mean").asDouble();
        assertEquals(scores.get("err").asDouble(), 60 * 3 * mean, 1e-9);
        assertEquals(60, Files.readAllLines(preds).size());
        JsonNode noise = scores.get("noise");
        assertEquals(2, noise.size());
        assertEquals(mean, noise.get(0).get("nmse").get("mean").asDouble(), 1e-12, "sigma 0 = the plain score");
        assertTrue(noise.get(1).get("nmse").get("mean").asDouble() != mean, "noise changes the score");
        assertNotNull(ImageIO.read(report.resolve("noise.png").toFile()));
        JsonNode recorded = new ObjectMapper().readTree(model.resolve("manifest.json").toFile()).get("metrics").get("eval");
        assertEquals(mean, recorded.get("mean").asDouble(), 1e-12);
        for (String name : List.of("scatter_alpha.png", "scatter_xi.png", "scatter_d.png",
                "residuals_alpha.png", "residuals_xi.png", "residuals_d.png")) {
            assertNotNull(ImageIO.read(report.resolve(name).toFile()), name);
            assertTrue(Files.readString(report.resolve("index.html")).contains(name), name);
        }
    }

    @Test
    void predictWritesOneTabSeparatedLinePerCurveInPhysicalUnits() throws IOException {
        Path out = dir.resolve("mat_info_pred.txt");
        Run p = run("predict", "--model", model.toString(), "--echos-r", f("gauss_echos_eval_r.txt"),
                "--echos-i", f("gauss_echos_eval_i.txt"), "--out", out.toString());
        assertEquals(0, p.code(), p.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(60, lines.size());
        for (String line : lines) {
            String[] v = line.split("\t");
            assertEquals(3, v.length, line);
            double xi = Double.parseDouble(v[1]);
            double d = Double.parseDouble(v[2]);
            assertTrue(xi > 0 && xi < 40, "xi in lattice units: " + line);
            assertTrue(d > 0 && d < 8, "d in physical units: " + line);
        }
    }

    @Test
    void predictOnOneSimulatedCurve() throws IOException {
        Path curve = dir.resolve("one.txt");
        Run s = run("simulate", "--kernel", "gauss", "--alpha", "0.5", "--xi", "8", "--d", "3",
                "--lattice", "6x6", "--ntau", "10", "--out", curve.toString());
        assertEquals(0, s.code(), s.err());
        Run p = run("predict", "--model", model.toString(), "--curve", curve.toString());
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().contains("alpha =") && p.out().contains("xi    =") && p.out().contains("d     ="), p.out());
    }

    @Test
    void badModelDirectoriesAndCurvesExitWithStatusTwo() throws IOException {
        Run missing = run("predict", "--model", dir.resolve("nope").toString(), "--curve", f("x.txt"));
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no such model directory"), missing.err());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());

        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        for (String name : List.of("architecture.json", "normalisation.json", "manifest.json", "model.params")) {
            Files.copy(model.resolve(name), broken.resolve(name));
        }
        byte[] params = Files.readAllBytes(broken.resolve("model.params"));
        Files.write(broken.resolve("model.params"), java.util.Arrays.copyOf(params, params.length / 2));
        Run truncated = run("predict", "--model", broken.toString(), "--echos-r", f("gauss_echos_eval_r.txt"),
                "--echos-i", f("gauss_echos_eval_i.txt"));
        assertEquals(2, truncated.code());
        assertTrue(truncated.err().startsWith("spinecho predict: --model"), truncated.err());

        Path longCurve = dir.resolve("long.txt");
        Run s = run("simulate", "--kernel", "gauss", "--alpha", "0.5", "--xi", "8", "--d", "3",
                "--lattice", "6x6", "--ntau", "12", "--out", longCurve.toString());
        assertEquals(0, s.code());
        Run wrongLength = run("predict", "--model", model.toString(), "--curve", longCurve.toString());
        assertEquals(2, wrongLength.code());
        assertTrue(wrongLength.err().contains("36 samples, but the model expects 30"), wrongLength.err());

        Path ragged = dir.resolve("ragged_r.txt");
        Files.writeString(ragged, "1 2 3\n4 5\n");
        Run bad = run("predict", "--model", model.toString(), "--echos-r", ragged.toString(),
                "--echos-i", ragged.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("ragged_r.txt:2:"), bad.err());

        Path out = dir.resolve("should-not-exist.txt");
        Run noOut = run("predict", "--model", dir.resolve("nope").toString(), "--echos-r", ragged.toString(),
                "--echos-i", ragged.toString(), "--out", out.toString());
        assertEquals(2, noOut.code());
        assertFalse(Files.exists(out));
    }

    @Test
    void demoSimulatesPredictsAndWritesAReport() throws IOException {
        Path models = dir.resolve("models");
        Files.createDirectories(models.resolve("gauss"));
        for (String name : List.of("architecture.json", "normalisation.json", "manifest.json", "model.params")) {
            Files.copy(model.resolve(name), models.resolve("gauss").resolve(name));
        }
        Run g = run("generate", "--preset", "rkky", "--count", "100", "--seed", "5", "--out", dir.toString(),
                "--lattice", "6x6", "--ntau", "10", "--threads", "2");
        assertEquals(0, g.code(), g.err());
        Run t = run("train", "--kernel", "rkky", "--echos-r", f("rkky_echos_model_r.txt"),
                "--echos-i", f("rkky_echos_model_i.txt"), "--params", f("rkky_mat_info_model.txt"),
                "--out", models.resolve("rkky").toString(), "--epochs", "3");
        assertEquals(0, t.code(), t.err());
        Path report = dir.resolve("demo-report");
        Run d = run("demo", "--models", models.toString(), "--out", report.toString(), "--count", "20",
                "--lattice", "6x6", "--ntau", "10", "--threads", "2");
        assertEquals(0, d.code(), d.err());
        assertTrue(d.out().contains("gauss") && d.out().contains("rkky"), d.out());
        assertTrue(d.err().strip().endsWith(report.resolve("index.html").toString()), d.err());
        String html = Files.readString(report.resolve("index.html"));
        int images = 0;
        try (var files = Files.list(report)) {
            for (Path png : files.filter(p -> p.toString().endsWith(".png")).toList()) {
                assertNotNull(ImageIO.read(png.toFile()), png.toString());
                assertTrue(html.contains(png.getFileName().toString()), png.toString());
                images++;
            }
        }
        assertEquals(2 * (3 + 3), images);

        Run noModels = run("demo", "--models", dir.resolve("none").toString(), "--out", dir.resolve("r2").toString());
        assertEquals(2, noModels.code());
        assertFalse(Files.exists(dir.resolve("r2")));
    }

    /** evaluate --bound: the model's NMSE beside a prior map's bound, with the efficiency; regions always. */
    @Test
    void evaluatePrintsTheModelBesideTheBoundAndByRegion() throws IOException {
        Path map = dir.resolve("map.json");
        Files.writeString(map, "{\"kernel\":\"gauss\",\"count\":8,\"prior_averaged\":[{\"noise\":0.0,"
                + "\"nmse\":{\"alpha\":0.01,\"xi\":0.02,\"d\":0.003},\"nmse_mean\":0.011},{\"noise\":0.01,"
                + "\"nmse\":{\"alpha\":0.4,\"xi\":0.4,\"d\":0.2},\"nmse_mean\":0.333}]}\n");
        Run e = run("evaluate", "--model", model.toString(), "--echos-r", f("gauss_echos_eval_r.txt"),
                "--echos-i", f("gauss_echos_eval_i.txt"), "--params", f("gauss_mat_info_eval.txt"),
                "--noise-levels", "0.01", "--bound", map.toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("by region") && e.out().contains("weak coupling"), e.out());
        assertTrue(e.out().contains("beside the bound"), e.out());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("noise 0\\.0 .*model [0-9.]+ / [0-9.]+ / [0-9.]+ / "
                + "([0-9.]+)\\s+efficiency ([0-9.]+)").matcher(e.out());
        assertTrue(m.find(), e.out());
        assertEquals(0.011 / Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), 0.002,
                "efficiency = bound / model");
        assertTrue(e.out().contains("noise 0.01"), "the noisy level both have is compared too: " + e.out());
        Files.writeString(map, "{\"kernel\":\"rkky\",\"prior_averaged\":[]}\n");
        Run other = run("evaluate", "--model", model.toString(), "--echos-r", f("gauss_echos_eval_r.txt"),
                "--echos-i", f("gauss_echos_eval_i.txt"), "--params", f("gauss_mat_info_eval.txt"),
                "--bound", map.toString());
        assertEquals(2, other.code());
        assertTrue(other.err().contains("--bound"), other.err());
    }

    /** fit over a data set: scores network and fit, records each curve, resumes, refuses another study's record. */
    @Test
    void fitStudyScoresRecordsAndResumes() throws IOException {
        Path record = dir.resolve("fit-study.tsv");
        Path json = dir.resolve("fit-study.json");
        Path details = dir.resolve("fit-study.jsonl");
        String[] common = {"fit", "--kernel", "gauss", "--model", model.toString(), "--echos-r",
                f("gauss_echos_eval_r.txt"), "--echos-i", f("gauss_echos_eval_i.txt"), "--params",
                f("gauss_mat_info_eval.txt"), "--lattice", "6x6", "--layouts", "6", "--threads", "2",
                "--record", record.toString(), "--details", details.toString()};
        Run first = run(concat(common, "--count", "2"));
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("network NMSE") && first.out().contains("fit NMSE"), first.out());
        List<String> lines = Files.readAllLines(record);
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("# spinecho fit study: kernel=gauss"), lines.get(0));

        Run more = run(concat(common, "--count", "3", "--json", json.toString()));
        assertEquals(0, more.code(), more.err());
        List<String> after = Files.readAllLines(record);
        assertEquals(4, after.size());
        assertEquals(lines, after.subList(0, 3), "finished curves are kept, not refitted");
        // one JSON line per curve, the resumed curves' lines kept; each walk's weights sum to 1
        List<String> detailLines = Files.readAllLines(details);
        assertEquals(3, detailLines.size(), detailLines.toString());
        for (int i = 0; i < 3; i++) {
            JsonNode d = new ObjectMapper().readTree(detailLines.get(i));
            assertEquals(i, d.get("index").asInt());
            double[] rec = java.util.Arrays.stream(after.get(i + 1).split("\t")).mapToDouble(Double::parseDouble)
                    .toArray();
            assertEquals(rec[7], d.get("fit").get("alpha").asDouble(), 1e-9 * Math.abs(rec[7]) + 1e-12);
            double total = 0;
            for (JsonNode p : d.get("valley")) {
                total += p.get("weight").asDouble();
                assertTrue(p.get("sd").get("xi").asDouble() > 0, p.toString());
            }
            assertEquals(1, total, 1e-9, d.toString());
        }
        // the recorded walks re-weighted at each temperature: a table of coverage and the chosen T
        Run cal = run("fit", "--kernel", "gauss", "--calibrate-temperature", details.toString());
        assertEquals(0, cal.code(), cal.err());
        assertTrue(cal.out().startsWith("3 fitted curves") && cal.out().contains("chosen T = ")
                && cal.out().contains("leave-one-out coverage"), cal.out());
        assertEquals(2, run("fit", "--kernel", "gauss", "--calibrate-temperature", details.toString(),
                "--curve", details.toString()).code(), "a calibration with curves to fit is refused");
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertEquals(3, j.get("curves").asInt());
        // the summary scores exactly the recorded curves: recompute it from the record file
        int n = after.size() - 1;
        double[][] truth = new double[n][];
        double[][] network = new double[n][];
        double[][] fitted = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] v = java.util.Arrays.stream(after.get(i + 1).split("\t")).mapToDouble(Double::parseDouble).toArray();
            assertEquals(23, v.length, after.get(i + 1));
            assertEquals(i, (int) v[0]);
            truth[i] = java.util.Arrays.copyOfRange(v, 1, 4);
            network[i] = java.util.Arrays.copyOfRange(v, 4, 7);
            fitted[i] = java.util.Arrays.copyOfRange(v, 7, 10);
        }
        assertEquals(Scores.compute(truth, network).mean(), j.get("network_nmse").asDouble(), 1e-12);
        assertEquals(Scores.compute(truth, fitted).mean(), j.get("fit_nmse").asDouble(), 1e-12);

        Run other = run(concat(common, "--count", "3", "--add-noise", "0.001"));
        assertEquals(2, other.code());
        assertTrue(other.err().contains("another fit study"), other.err());
    }

    /**
     * fit --series-study: samples drawn from the prior, the first curve fitted alone and the series
     * jointly; recorded, resumed with the finished samples kept, another study's record refused.
     */
    @Test
    void seriesStudyFitsSingleAndSeriesRecordsAndResumes() throws IOException {
        Path record = dir.resolve("series.tsv");
        Path json = dir.resolve("series.json");
        String[] common = {"fit", "--kernel", "gauss", "--model", model.toString(), "--series-study",
                "--flip-angles", "90,60", "--seed", "31", "--lattice", "6x6", "--layouts", "4",
                "--threads", "2", "--record", record.toString()};
        Run first = run(concat(common, "--count", "1", "--add-noise", "0.01"));
        assertEquals(0, first.code(), first.err());
        assertTrue(first.err().contains("sample 1 of 1, series fit"), first.err());
        assertTrue(first.out().contains("series better than single on"), first.out());
        List<String> lines = Files.readAllLines(record);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("# spinecho fit series study: kernel=gauss")
                && lines.get(0).contains("seed=31 flip-angles=90,60 add-noise=0.01"), lines.get(0));

        Run more = run(concat(common, "--count", "2", "--add-noise", "0.01", "--json", json.toString()));
        assertEquals(0, more.code(), more.err());
        assertFalse(more.err().contains("sample 1 of 2"), "sample 0 is resumed, not refitted: " + more.err());
        List<String> after = Files.readAllLines(record);
        assertEquals(3, after.size());
        assertEquals(lines, after.subList(0, 2), "finished samples are kept, not refitted");
        // the truth is the generator's curve n: generate with the same seed and preset
        Run g = run("generate", "--preset", "gauss", "--count", "2", "--seed", "31", "--split", "eval", "--out",
                dir.resolve("series-draws").toString(), "--lattice", "6x6", "--ntau", "10", "--threads", "1");
        assertEquals(0, g.code(), g.err());
        List<String> params = Files.readAllLines(dir.resolve("series-draws/gauss_mat_info_eval.txt"));
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertEquals(2, j.get("samples").asInt());
        for (int i = 0; i < 2; i++) {
            double[] v = java.util.Arrays.stream(after.get(i + 1).split("\t")).mapToDouble(Double::parseDouble)
                    .toArray();
            assertEquals(39, v.length);
            double[] truth = java.util.Arrays.stream(params.get(i).trim().split("\\s+"))
                    .mapToDouble(Double::parseDouble).toArray();
            assertArrayEquals(truth, java.util.Arrays.copyOfRange(v, 1, 4), 1e-12);
            assertEquals(v[7], j.get("rows").get(i).get("single").get("fit").get("alpha").asDouble(), 1e-12);
            assertEquals(v[23], j.get("rows").get(i).get("series").get("fit").get("alpha").asDouble(), 1e-12);
        }
        assertEquals(2, j.get("single_nmse").size() - 2, "alpha, xi, d and mean");

        Run other = run(concat(common, "--count", "2", "--add-noise", "0.02"));
        assertEquals(2, other.code());
        assertTrue(other.err().contains("another fit study"), other.err());
        Run noSeed = run("fit", "--kernel", "gauss", "--model", model.toString(), "--series-study", "--flip-angles", "90,60");
        assertEquals(2, noSeed.code());
        assertTrue(noSeed.err().contains("--seed"), noSeed.err());
        Run oneAngle = run("fit", "--kernel", "gauss", "--model", model.toString(), "--series-study", "--seed", "1");
        assertEquals(2, oneAngle.code());
        assertTrue(oneAngle.err().contains("at least two"), oneAngle.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void calibratedModelGivesIntervalsAndCoverage() throws IOException {
        Path cal = dir.resolve("model-cal");
        Files.createDirectories(cal);
        for (String name : List.of("architecture.json", "normalisation.json", "manifest.json", "model.params")) {
            Files.copy(model.resolve(name), cal.resolve(name));
        }
        Run noCal = run("predict", "--model", cal.toString(), "--echos-r", f("gauss_echos_eval_r.txt"),
                "--echos-i", f("gauss_echos_eval_i.txt"), "--uncertainty");
        assertEquals(2, noCal.code());
        assertTrue(noCal.err().contains("calibrate"), noCal.err());

        Run c = run("calibrate", "--model", cal.toString(), "--echos-r", f("gauss_echos_eval_r.txt"),
                "--echos-i", f("gauss_echos_eval_i.txt"), "--params", f("gauss_mat_info_eval.txt"),
                "--neighbours", "10");
        assertEquals(0, c.code(), c.err());
        assertTrue(Files.exists(cal.resolve("calibration.json")));

        Path out = dir.resolve("with-sd.txt");
        Run p = run("predict", "--model", cal.toString(), "--echos-r", f("gauss_echos_eval_r.txt"),
                "--echos-i", f("gauss_echos_eval_i.txt"), "--uncertainty", "--out", out.toString());
        assertEquals(0, p.code(), p.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals("# alpha\txi\td\tsd_alpha\tsd_xi\tsd_d\talpha_lo\talpha_hi\txi_lo\txi_hi\td_lo\td_hi",
                lines.get(0), "a header names the columns");
        for (String line : lines.subList(1, lines.size())) {
            double[] v = java.util.Arrays.stream(line.split("\t")).mapToDouble(Double::parseDouble).toArray();
            assertEquals(12, v.length, line);
            for (int k = 0; k < 3; k++) {
                assertTrue(v[3 + k] > 0, "sd > 0: " + line);
                assertTrue(v[6 + 2 * k] <= v[7 + 2 * k], "lo <= hi: " + line);
            }
            assertTrue(v[8] >= 3 && v[9] <= 20, "xi interval inside the prior: " + line);
        }

        Path json = dir.resolve("cov.json");
        Path report = dir.resolve("cov-report");
        Run e = run("evaluate", "--model", cal.toString(), "--echos-r", f("gauss_echos_eval_r.txt"),
                "--echos-i", f("gauss_echos_eval_i.txt"), "--params", f("gauss_mat_info_eval.txt"),
                "--json", json.toString(), "--report", report.toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("coverage"), e.out());
        JsonNode coverage = new ObjectMapper().readTree(json.toFile()).get("coverage");
        for (String name : List.of("alpha", "xi", "d")) {
            double c90 = coverage.get(name).get("0.9").asDouble();
            assertTrue(c90 >= 0.7 && c90 <= 1.0, name + " 90% coverage on its own calibration set: " + c90);
        }
        assertNotNull(ImageIO.read(report.resolve("calibration.png").toFile()));

        // fit from the calibrated model's estimate: the model's calibrated errors are the prior, and the
        // network's own 90% interval is reported beside the fit's
        Path curve = dir.resolve("one-curve.txt");
        Run sim = run("simulate", "--kernel", "gauss", "--alpha", "0.6", "--xi", "5", "--d", "3", "--lattice", "6x6",
                "--ntau", "10", "--layout-seed", "5", "--out", curve.toString());
        assertEquals(0, sim.code(), sim.err());
        Path fitJson = dir.resolve("fit-model.json");
        Run fit = run("fit", "--kernel", "gauss", "--curve", curve.toString(), "--model", cal.toString(),
                "--lattice", "6x6", "--layouts", "6", "--threads", "2", "--json", fitJson.toString());
        assertEquals(0, fit.code(), fit.err());
        JsonNode fj = new ObjectMapper().readTree(fitJson.toFile());
        for (String name : List.of("alpha", "xi", "d")) {
            double m = fj.get("model").get(name).asDouble();
            org.spinecho.data.Range box = switch (name) {
                case "alpha" -> org.spinecho.data.Preset.GAUSS.prior().alpha();
                case "xi" -> org.spinecho.data.Preset.GAUSS.prior().xi();
                default -> org.spinecho.data.Preset.GAUSS.prior().d();
            };
            assertEquals(Math.max(box.lo(), Math.min(box.hi(), m)), fj.get("start").get(name).asDouble(),
                    1e-9 + 1e-9 * Math.abs(m), "starts from the network, inside the prior's box: " + name);
            JsonNode iv = fj.get("model_interval_90").get(name);
            assertTrue(iv.get(0).asDouble() <= iv.get(1).asDouble(), name);
        }
    }

    @Test
    void ensembleOfTwoNetworksPredictsTheirMean() throws IOException {
        Path second = dir.resolve("model-seed4");
        Run t = run("train", "--kernel", "gauss", "--echos-r", f("gauss_echos_model_r.txt"),
                "--echos-i", f("gauss_echos_model_i.txt"), "--params", f("gauss_mat_info_model.txt"),
                "--out", second.toString(), "--epochs", "3", "--seed", "4");
        assertEquals(0, t.code(), t.err());
        Path ens = dir.resolve("ens");
        Run e = run("ensemble", "--out", ens.toString(), model.toString(), second.toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("2 networks"), e.out());
        double[][] p = new double[3][];
        Path[] dirs = {model, second, ens};
        for (int k = 0; k < 3; k++) {
            Path out = dir.resolve("ens-pred-" + k + ".txt");
            Run r = run("predict", "--model", dirs[k].toString(), "--echos-r", f("gauss_echos_eval_r.txt"),
                    "--echos-i", f("gauss_echos_eval_i.txt"), "--out", out.toString());
            assertEquals(0, r.code(), r.err());
            p[k] = java.util.Arrays.stream(Files.readAllLines(out).get(0).split("\t"))
                    .mapToDouble(Double::parseDouble).toArray();
        }
        for (int v = 0; v < 3; v++) {
            assertEquals((p[0][v] + p[1][v]) / 2, p[2][v], 1e-9 * (1 + Math.abs(p[2][v])), "parameter " + v);
        }
        Run one = run("ensemble", "--out", dir.resolve("ens1").toString(), model.toString());
        assertEquals(2, one.code());
        Run nested = run("ensemble", "--out", dir.resolve("ens2").toString(), ens.toString(), model.toString());
        assertEquals(2, nested.code());
        assertTrue(nested.err().contains("itself an ensemble"), nested.err());
        assertFalse(Files.exists(dir.resolve("ens2")), "no output on error");
        Path notAModel = Files.createDirectories(dir.resolve("notes"));
        Files.writeString(notAModel.resolve("keep.txt"), "mine");
        Run occupied = run("ensemble", "--out", notAModel.toString(), model.toString(), second.toString());
        assertEquals(2, occupied.code());
        assertTrue(occupied.err().contains("not a model directory"), occupied.err());
        assertEquals("mine", Files.readString(notAModel.resolve("keep.txt")));
    }

    @Test
    void trainRejectsBadOptions() {
        Run r = run("train", "--kernel", "lorentz", "--echos-r", f("gauss_echos_model_r.txt"),
                "--echos-i", f("gauss_echos_model_i.txt"), "--params", f("gauss_mat_info_model.txt"),
                "--out", dir.resolve("m2").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--kernel"), r.err());
        Run a = run("train", "--kernel", "gauss", "--arch", "transformer", "--echos-r", f("gauss_echos_model_r.txt"),
                "--echos-i", f("gauss_echos_model_i.txt"), "--params", f("gauss_mat_info_model.txt"),
                "--out", dir.resolve("m3").toString());
        assertEquals(2, a.code());
        assertTrue(a.err().contains("--arch"), a.err());
        assertFalse(Files.exists(dir.resolve("m2")) || Files.exists(dir.resolve("m3")));
    }
}
