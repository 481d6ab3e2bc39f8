package org.spinecho.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinecho.data.CurveParquet;
import org.spinecho.data.GenerationSpec;
import org.spinecho.data.Preset;
import org.spinecho.data.Shard;
import org.spinecho.sim.Lattice;

/** train and evaluate take the Parquet form of a set (--parquet DIR) and give what the text files give. */
class ParquetDataTest {
    @TempDir
    static Path dir;

    static GenerationSpec spec(String split, int count, long seed) {
        return GenerationSpec.of(Preset.GAUSS, split, count, seed).withLattice(new Lattice(6, 6)).withNtau(10);
    }

    /** The text files (generate) and the Parquet files (as spark-generate writes them, 3 parts) of one set. */
    static void both(GenerationSpec spec) throws IOException {
        CliRun g = CliRun.run("generate", "--preset", "gauss", "--count", Integer.toString(spec.count()), "--seed",
                Long.toString(spec.seed()), "--split", spec.split(), "--out", dir.toString(), "--lattice", "6x6",
                "--ntau", "10", "--threads", "2");
        assertEquals(0, g.exitCode(), g.err());
        Path pq = dir.resolve("gauss_" + spec.split() + "_parquet");
        Files.createDirectories(pq);
        for (int k = 1; k <= 3; k++) {
            Shard s = new Shard(k, 3);
            List<GenerationSpec.Curve> curves = IntStream.range(s.first(spec.count()), s.end(spec.count()))
                    .mapToObj(spec::curve).toList();
            CurveParquet.write(pq.resolve(CurveParquet.fileName(s)), spec, s, curves, Map.of());
        }
    }

    @BeforeAll
    static void data() throws IOException {
        both(spec("model", 60, 1));
        both(spec("eval", 30, 2));
    }

    static String f(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void trainingOnParquetGivesTheSameModelAsOnText() throws IOException {
        CliRun text = CliRun.run("train", "--kernel", "gauss", "--echos-r", f("gauss_echos_model_r.txt"),
                "--echos-i", f("gauss_echos_model_i.txt"), "--params", f("gauss_mat_info_model.txt"),
                "--out", f("m-text"), "--epochs", "2", "--seed", "3");
        assertEquals(0, text.exitCode(), text.err());
        CliRun pq = CliRun.run("train", "--kernel", "gauss", "--parquet", f("gauss_model_parquet"),
                "--out", f("m-parquet"), "--epochs", "2", "--seed", "3");
        assertEquals(0, pq.exitCode(), pq.err());
        assertArrayEquals(Files.readAllBytes(dir.resolve("m-text/model.params")),
                Files.readAllBytes(dir.resolve("m-parquet/model.params")), "same curves, same seed: same weights");
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("m-parquet/manifest.json").toFile());
        assertTrue(manifest.get("dataFiles").has("part-00002-of-00003.parquet"), manifest.toString());

        CliRun evalText = CliRun.run("evaluate", "--model", f("m-text"), "--echos-r", f("gauss_echos_eval_r.txt"),
                "--echos-i", f("gauss_echos_eval_i.txt"), "--params", f("gauss_mat_info_eval.txt"));
        CliRun evalPq = CliRun.run("evaluate", "--model", f("m-text"), "--parquet", f("gauss_eval_parquet"));
        assertEquals(0, evalPq.exitCode(), evalPq.err());
        assertEquals(evalText.out().replaceAll("in [0-9.]+ s", ""), evalPq.out().replaceAll("in [0-9.]+ s", ""));
    }

    @Test
    void textAndParquetTogetherOrNeitherIsStatus2() throws IOException {
        CliRun both = CliRun.run("evaluate", "--model", f("m"), "--parquet", f("gauss_eval_parquet"),
                "--echos-r", f("gauss_echos_eval_r.txt"), "--echos-i", f("gauss_echos_eval_i.txt"),
                "--params", f("gauss_mat_info_eval.txt"));
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("--parquet") && both.err().contains("mutually exclusive"), both.err());
        CliRun neither = CliRun.run("evaluate", "--model", f("m"));
        assertEquals(2, neither.exitCode());
        assertTrue(neither.err().contains("--parquet") && neither.err().contains("--echos-r"), neither.err());
        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("part-00001-of-00001.parquet"), "x");
        CliRun bad = CliRun.run("train", "--kernel", "gauss", "--parquet", broken.toString(), "--out", f("m-bad"));
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("part-00001-of-00001.parquet:1:1: cannot read Parquet"), bad.err());
    }
}
