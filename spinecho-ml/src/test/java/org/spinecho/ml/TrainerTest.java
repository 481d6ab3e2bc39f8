package org.spinecho.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.spinecho.data.Sha256;

/** One tiny training run (8×8 lattice, ntau 20, 300 curves), shared by the tests. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainerTest {
    private SimulatedSet train;
    private SimulatedSet test;
    private Network model;
    private final List<TrainingListener.EpochReport> reports = new ArrayList<>();

    @BeforeAll
    void trainTinyModel() {
        SimulatedSet all = SimulatedSet.generate("gauss", 400, 8, 20, 1, 2);
        train = all.slice(0, 300);
        test = all.slice(300, 400);
        model = Trainer.builder().setEpochs(12).optSeed(7).optBatchSize(32).optKernel("gauss")
                .optListener(reports::add).build().train(train.re(), train.im(), train.params());
    }

    @AfterAll
    void close() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void beatsPredictingTheMeanOnHeldOutCurves() {
        double[][] p = model.predict(test.re(), test.im());
        assertEquals(test.size(), p.length);
        for (double[] row : p) {
            assertEquals(3, row.length);
        }
        Scores s = model.evaluate(test.re(), test.im(), test.params());
        assertEquals(Scores.compute(test.params(), p), s, "evaluate scores what predict returns");
        System.out.println("tiny cnn, held-out: " + s);
        assertTrue(s.nmseAlpha() < 1, "alpha NMSE " + s.nmseAlpha());
        assertTrue(s.mean() < 1, "mean NMSE " + s.mean());
    }

    @Test
    void reportsProgressAndKeepsTheBestEpoch() {
        assertFalse(reports.isEmpty());
        TrainingListener.EpochReport last = reports.get(reports.size() - 1);
        assertEquals(12, last.epochs());
        Manifest m = model.manifest();
        assertEquals(270, m.trainCount());
        assertEquals(30, m.valCount());
        double bestVal = reports.stream().mapToDouble(TrainingListener.EpochReport::valLoss).min().orElseThrow();
        assertEquals(bestVal, m.bestValLoss(), 0);
        assertEquals(bestVal, reports.get(m.bestEpoch() - 1).valLoss(), 0);
        assertTrue(m.metrics().containsKey("validation"));
        assertEquals("gauss", m.kernel());
    }

    @Test
    void trainingIsReproducible() {
        SimulatedSet small = train.slice(0, 80);
        Trainer t = Trainer.builder().setEpochs(2).optSeed(3).optBatchSize(16).build();
        try (Network a = t.train(small.re(), small.im(), small.params());
             Network b = t.train(small.re(), small.im(), small.params())) {
            assertEquals(a.manifest().paramsSha256(), b.manifest().paramsSha256());
        }
    }

    /**
     * A checkpointed run stopped after its second epoch (the listener throws, as a kill would end
     * it) and run again ends with the same weights, best epoch and validation loss as a checkpointed
     * run that was never stopped; noise augmentation and dropout both draw random numbers.
     */
    @Test
    void aResumedRunEndsWhereAnUninterruptedOneDoes(@TempDir Path tmp) throws IOException {
        SimulatedSet small = train.slice(0, 80);
        Trainer.Builder b = Trainer.builder().setEpochs(4).optSeed(5).optBatchSize(16)
                .optNoiseAugmentation(0.01);
        Path whole = tmp.resolve("whole");
        Path broken = tmp.resolve("broken");
        try (Network uninterrupted = b.optCheckpoint(whole).build().train(small.re(), small.im(), small.params())) {
            class Kill extends RuntimeException {
            }
            TrainingListener killer = r -> {
                if (r.epoch() == 2) {
                    throw new Kill();
                }
            };
            assertThrows(Kill.class, () -> b.optCheckpoint(broken).optListener(killer).build()
                    .train(small.re(), small.im(), small.params()));
            List<Integer> resumedEpochs = new ArrayList<>();
            try (Network resumed = b.optCheckpoint(broken).optListener(r -> resumedEpochs.add(r.epoch())).build()
                    .train(small.re(), small.im(), small.params())) {
                assertEquals(List.of(3, 4), resumedEpochs, "the resumed run starts after the checkpointed epoch");
                assertEquals(uninterrupted.manifest().paramsSha256(), resumed.manifest().paramsSha256());
                assertEquals(uninterrupted.manifest().bestEpoch(), resumed.manifest().bestEpoch());
                assertEquals(uninterrupted.manifest().bestValLoss(), resumed.manifest().bestValLoss(), 0);
                assertEquals(4, resumed.manifest().epochsRun());
            }
            // the final checkpoints hold the same state
            assertArrayEquals(TrainingCheckpoint.read(whole).best(), TrainingCheckpoint.read(broken).best());
            // a checkpoint of another run (other seed) is refused, not silently continued
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.optSeed(6)
                    .optCheckpoint(broken).optListener(null).build().train(small.re(), small.im(), small.params()));
            assertTrue(e.getMessage().contains("another run"), e.getMessage());
        }
    }

    /**
     * The resnet with the noise-level channel and log targets trains, saves and loads; the sigma
     * channel is not normalised and reads a noisy curve's level (log10(0.01 + 1e-4) + 3 ≈ 1.0).
     */
    @Test
    void resnetWithTheNoiseChannelAndLogTargets(@TempDir Path tmp) throws IOException {
        SimulatedSet small = train.slice(0, 60);
        try (Network m = Trainer.builder().optArchitecture(ArchitectureSpec.RESNET)
                .optChannels(List.of("re", "im", "sigma")).optLogTargets(true).optKernel("gauss").setEpochs(1).optSeed(2)
                .optBatchSize(16).optNoiseAugmentation(0.01).build().train(small.re(), small.im(), small.params())) {
            ArchitectureSpec spec = m.architecture();
            assertEquals(List.of("re", "im", "sigma"), spec.channels());
            int len = spec.windowLength();
            assertTrue(spec.unnormalised(2 * len) && !spec.unnormalised(2 * len - 1));
            assertEquals(0f, m.normalisation().inputMean()[2 * len]);
            assertEquals(1f, m.normalisation().inputStd()[2 * len]);
            assertEquals("ln(xi)", m.normalisation().targets()[1]);
            double[] re = small.re()[0].clone();
            double[] im = small.im()[0].clone();
            java.util.Random r = new java.util.Random(1);
            for (int k = 0; k < re.length; k++) {
                re[k] += 0.01 * r.nextGaussian();
                im[k] += 0.01 * r.nextGaussian();
            }
            float[] f = new float[spec.featureCount()];
            spec.features(re, im, f, 0);
            assertEquals(Math.log10(0.0101) + 3, f[2 * len], 0.1);
            ModelDirectory.save(m, tmp.resolve("m"));
            try (Estimator loaded = ModelDirectory.load(tmp.resolve("m"))) {
                assertArrayEquals(m.predict(small.re(), small.im())[3], loaded.predict(small.re(), small.im())[3], 0);
            }
        }
    }

    @Test
    void saveThenLoadGivesIdenticalPredictions(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("model");
        Path data = Files.writeString(tmp.resolve("train.txt"), "data");
        Network annotated = model.withCommand("spinecho train --kernel gauss")
                .withDataFile("train.txt", Sha256.ofFile(data));
        ModelDirectory.save(annotated, dir);
        for (String f : List.of("model.params", "architecture.json", "normalisation.json", "manifest.json")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        double[][] before = model.predict(test.re(), test.im());
        try (Estimator loaded = ModelDirectory.load(dir)) {
            double[][] after = loaded.predict(test.re(), test.im());
            for (int i = 0; i < before.length; i++) {
                assertArrayEquals(before[i], after[i], 0.0);
            }
            assertEquals("spinecho train --kernel gauss", loaded.manifest().command());
            assertEquals(Sha256.ofFile(data), loaded.manifest().dataFiles().get("train.txt"));
            // the versions the build resolved (passed in by the build), not the ones the code believes in
            assertEquals(System.getProperty("spinecho.test.djl.version"), loaded.manifest().libraries().get("djl"));
            assertEquals(System.getProperty("spinecho.test.pytorch.version"),
                    loaded.manifest().libraries().get("pytorch"));
        }
        // saving again over a model directory replaces it atomically
        ModelDirectory.save(annotated, dir);
        try (Estimator again = ModelDirectory.load(dir)) {
            assertArrayEquals(before[0], again.predict(test.re(), test.im())[0], 0.0);
        }
        try (var s = Files.list(tmp)) {
            assertEquals(2, s.count(), "no temporary directories left behind");
        }
    }

    /** An ensemble predicts its members' mean, survives save and load, and checks its members' weights. */
    @Test
    void ensembleAveragesItsMembersAndChecksThem(@TempDir Path tmp) throws IOException {
        SimulatedSet small = train.slice(0, 120);
        try (Network other = Trainer.builder().setEpochs(2).optSeed(11).optBatchSize(16).optKernel("gauss").build()
                .train(small.re(), small.im(), small.params())) {
            Ensemble ensemble = Ensemble.of(model, List.of(other), "spinecho ensemble");
            assertEquals(2, ensemble.memberCount());
            assertEquals(2, ensemble.manifest().formatVersion());
            assertTrue(ensemble.manifest().metrics() == null, "the first member's scores are not the ensemble's");
            double[][] a = model.predict(test.re(), test.im());
            double[][] b = other.predict(test.re(), test.im());
            double[][] e = ensemble.predict(test.re(), test.im());
            for (int i = 0; i < a.length; i++) {
                for (int k = 0; k < 3; k++) {
                    assertEquals((a[i][k] + b[i][k]) / 2, e[i][k], 1e-12 * (1 + Math.abs(e[i][k])));
                }
            }
            assertTrue(Math.abs(a[0][0] - b[0][0]) > 1e-6, "members differ, so the mean is a real test");
            Path dir = tmp.resolve("ens");
            ModelDirectory.save(ensemble, dir);
            assertTrue(Files.isRegularFile(dir.resolve("member-2").resolve("model.params")));
            try (Estimator loaded = ModelDirectory.load(dir)) {
                assertEquals(2, loaded.memberCount());
                assertArrayEquals(e[3], loaded.predict(test.re(), test.im())[3], 0.0);
            }
            // another member's weights in place of the recorded ones
            Path member = dir.resolve("member-2");
            ModelDirectory.save(model, member);
            assertTrue(loadError(dir).contains("member-2/manifest.json"), loadError(dir)); // the ensemble's checksums
            withoutFileChecksums(dir);
            assertTrue(loadError(dir).contains("ensemble.json records"), loadError(dir)); // and ensemble.json's
            Files.delete(dir.resolve("ensemble.json"));
            assertTrue(loadError(dir).contains("ensemble.json is missing"), loadError(dir));
            assertThrows(IllegalArgumentException.class, () -> Ensemble.of(model, List.of(), "x"));
            assertThrows(IllegalArgumentException.class, () -> Ensemble.of(ensemble, List.of(other), "x"));
        }
    }

    /** Over 1,024 curves predictions run in parallel batches: the same values as curve by curve. */
    @Test
    void parallelBatchesPredictAsOneByOne() {
        int n = 2100; // three batches, the last one short
        double[][] re = new double[n][];
        double[][] im = new double[n][];
        for (int i = 0; i < n; i++) {
            re[i] = test.re()[i % test.size()];
            im[i] = test.im()[i % test.size()];
        }
        double[][] all = model.predict(re, im);
        for (int i : new int[] {0, 7, 1023, 1024, 1500, 2048, 2099}) {
            double[] one = model.predict(new double[][] {re[i]}, new double[][] {im[i]})[0];
            for (int k = 0; k < 3; k++) {
                assertEquals(one[k], all[i][k], 1e-5 * (1 + Math.abs(one[k])), "curve " + i + " parameter " + k);
            }
        }
    }

    @Test
    void wrongCurveLengthIsRejected() {
        double[][] shortCurve = {new double[59]};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.predict(shortCurve, shortCurve));
        assertTrue(e.getMessage().contains("expects curves of 60 samples"), e.getMessage());
    }

    // ---- bad model directories ----

    private Path saved(Path tmp) {
        Path dir = tmp.resolve("m");
        ModelDirectory.save(model, dir);
        return dir;
    }

    /**
     * Removes the checksums of the files from the manifest, as a directory saved by an older
     * version: the loader's own checks of each file (which the checksums would otherwise pre-empt)
     * are then exercised.
     */
    static void withoutFileChecksums(Path dir) throws IOException {
        Path manifest = dir.resolve("manifest.json");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode root =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(manifest.toFile());
        root.remove("files");
        Files.write(manifest, json.writeValueAsBytes(root));
    }

    private static String loadError(Path dir) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelDirectory.load(dir));
        return e.getMessage();
    }

    @Test
    void missingDirectory(@TempDir Path tmp) {
        assertTrue(loadError(tmp.resolve("nope")).contains("does not exist"));
    }

    @Test
    void missingFiles(@TempDir Path tmp) throws IOException {
        Path dir = saved(tmp);
        for (String f : List.of("model.params", "architecture.json", "normalisation.json", "manifest.json")) {
            Path copy = tmp.resolve("copy-" + f);
            ModelDirectory.save(model, copy);
            Files.delete(copy.resolve(f));
            String msg = loadError(copy);
            assertTrue(msg.contains(f + " is missing"), msg);
        }
        assertTrue(Files.isDirectory(dir));
    }

    @Test
    void truncatedParams(@TempDir Path tmp) throws IOException {
        Path dir = saved(tmp);
        byte[] p = Files.readAllBytes(dir.resolve("model.params"));
        Files.write(dir.resolve("model.params"), java.util.Arrays.copyOf(p, p.length / 2));
        String msg = loadError(dir);
        assertTrue(msg.contains("corrupted or truncated"), msg);
    }

    @Test
    void corruptedParams(@TempDir Path tmp) throws IOException {
        Path dir = saved(tmp);
        byte[] p = Files.readAllBytes(dir.resolve("model.params"));
        p[p.length / 2] ^= 0x5a;
        Files.write(dir.resolve("model.params"), p);
        String msg = loadError(dir);
        assertTrue(msg.contains("corrupted or truncated"), msg);
    }

    @Test
    void paramsThatDoNotFitTheArchitecture(@TempDir Path tmp) throws IOException {
        // a consistent manifest (checksum updated) but weights cut short: the loader itself must notice
        Path dir = saved(tmp);
        byte[] p = Files.readAllBytes(dir.resolve("model.params"));
        byte[] cut = java.util.Arrays.copyOf(p, p.length - 100);
        Files.write(dir.resolve("model.params"), cut);
        Path manifest = dir.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace(
                model.manifest().paramsSha256(), Sha256.of(cut)));
        String msg = loadError(dir);
        assertTrue(msg.contains("weights do not fit"), msg);
    }

    @Test
    void corruptedJson(@TempDir Path tmp) throws IOException {
        Path dir = saved(tmp);
        Files.writeString(dir.resolve("architecture.json"), "{\"type\": \"cnn\", \"curveLen");
        String msg = loadError(dir);
        assertTrue(msg.contains("architecture.json is corrupted or truncated"), msg);
        withoutFileChecksums(dir);
        msg = loadError(dir);
        assertTrue(msg.contains("architecture.json is not a valid"), msg);

        Path dir2 = tmp.resolve("m2");
        ModelDirectory.save(model, dir2);
        withoutFileChecksums(dir2);
        Path arch = dir2.resolve("architecture.json");
        Files.writeString(arch, Files.readString(arch).replace("\"cnn\"", "\"transformer\""));
        msg = loadError(dir2);
        assertTrue(msg.contains("unknown type 'transformer'"), msg);
    }

    @Test
    void otherFormatVersion(@TempDir Path tmp) throws IOException {
        Path dir = saved(tmp);
        Path manifest = dir.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"formatVersion\" : 1", "\"formatVersion\" : 2"));
        String msg = loadError(dir);
        assertTrue(msg.contains("format version 2"), msg);
    }

    @Test
    void normalisationOfTheWrongSize(@TempDir Path tmp) throws IOException {
        Path dir = saved(tmp);
        Path arch = dir.resolve("architecture.json");
        withoutFileChecksums(dir);
        // pretend the model was for longer curves: its normalisation no longer fits
        Files.writeString(arch, Files.readString(arch).replace("\"curveLength\" : 60", "\"curveLength\" : 63")
                .replace("\"windowLength\" : 60", "\"windowLength\" : 63"));
        String msg = loadError(dir);
        assertTrue(msg.contains("normalisation.json does not match"), msg);
    }
}
