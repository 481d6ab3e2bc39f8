package org.spinecho.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spinecho.data.CurveParquet;
import org.spinecho.data.DataFiles;
import org.spinecho.data.DatasetGenerator;
import org.spinecho.data.DatasetManifest;
import org.spinecho.data.GenerationConflictException;
import org.spinecho.data.GenerationListener;
import org.spinecho.data.GenerationOptions;
import org.spinecho.data.GenerationSpec;
import org.spinecho.data.Shard;

/** The Spark job in local mode (one session for the class) against the single-machine generator. */
class SparkGenerationTest {
    static final int COUNT = 16;

    @TempDir
    static Path shared;
    static Path reference;
    static SparkSession spark;

    @TempDir
    Path dir;

    static GenerationSpec spec() {
        return GenerationOptions.of("rkky", "model", COUNT, 31L, 1e-3, null, null, null, "6x6", 5, null).toSpec();
    }

    @BeforeAll
    static void start() throws IOException {
        reference = shared.resolve("reference");
        new DatasetGenerator(spec(), reference).threads(1).run(GenerationListener.NONE);
        spark = SparkSessions.session("local[2]", "spinecho tests");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** Reads the Parquet files back with Spark and checks every curve bit for bit against the generator. */
    static void assertParquetHoldsTheSet(Path parquetDir) {
        List<Row> rows = new java.util.ArrayList<>(spark.read().parquet(parquetDir.toString()).collectAsList());
        rows.sort(java.util.Comparator.comparingInt(r -> r.getInt(r.fieldIndex("index"))));
        assertEquals(COUNT, rows.size(), "one row per curve, none duplicated");
        GenerationSpec spec = spec();
        for (int i = 0; i < COUNT; i++) {
            Row row = rows.get(i);
            assertEquals(i, row.getInt(row.fieldIndex("index")));
            GenerationSpec.Curve c = spec.curve(i);
            assertArrayEquals(c.params(), new double[] {row.getDouble(row.fieldIndex("alpha")),
                row.getDouble(row.fieldIndex("xi")), row.getDouble(row.fieldIndex("d"))});
            assertArrayEquals(c.re(), doubles(row.getList(row.fieldIndex("re"))), "re of curve " + i);
            assertArrayEquals(c.im(), doubles(row.getList(row.fieldIndex("im"))), "im of curve " + i);
        }
    }

    static double[] doubles(List<Object> list) {
        return list.stream().mapToDouble(o -> (Double) o).toArray();
    }

    static void assertTextIsTheSingleMachineSet(Path out) throws IOException {
        DataFiles expected = spec().files(reference);
        DataFiles actual = spec().files(out);
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(Files.readAllBytes(expected.dataFiles().get(k)), Files.readAllBytes(actual.dataFiles()
                    .get(k)), actual.dataFiles().get(k).getFileName() + " differs from generate's");
        }
        JsonNode m = DatasetManifest.read(actual.manifest());
        assertEquals("spark-generate", m.path("generation").path("method").asText());
        assertEquals(DatasetManifest.read(expected.manifest()).path("files"), m.path("files"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 8})
    void anyNumberOfPartitionsGivesTheSameCurvesAndText(int partitions) throws IOException {
        SparkGeneration job = new SparkGeneration(spec(), dir, partitions).text(true);
        SparkGeneration.Outcome o = job.run(spark);
        assertTrue(o.complete());
        assertEquals(partitions, o.computed());
        assertEquals(COUNT, o.curves());
        assertParquetHoldsTheSet(job.parquetDir());
        assertTextIsTheSingleMachineSet(dir);
        assertFalse(Files.exists(job.textPartsDir()), "text parts removed after the merge");
        JsonNode manifest = DatasetManifest.read(job.parquetDir().resolve(SparkGeneration.MANIFEST_FILE));
        assertEquals(partitions, manifest.path("files").size());
        assertEquals(partitions, manifest.path("generation").path("partitions").asInt());

        // a finished job run again computes nothing and changes nothing
        SparkGeneration.Outcome again = new SparkGeneration(spec(), dir, null).text(true).run(spark);
        assertEquals(0, again.computed());
        assertEquals(partitions, again.skipped());
        assertTextIsTheSingleMachineSet(dir);
    }

    @Test
    void aKilledJobRerunSkipsFinishedPartsAndDuplicatesNothing() throws IOException {
        SparkGeneration first = new SparkGeneration(spec(), dir, 8).text(true).only(Set.of(1, 3, 4));
        SparkGeneration.Outcome partial = first.run(spark);
        assertFalse(partial.complete());
        assertEquals(3, partial.computed());
        assertFalse(Files.exists(spec().files(dir).re()), "no text files before all parts are done");
        Map<String, Object> before = new HashMap<>();
        for (int k : new int[] {1, 3, 4}) {
            Path f = first.parquetDir().resolve(CurveParquet.fileName(new Shard(k, 8)));
            before.put(f.toString(), identity(f));
        }
        // what a kill leaves behind: a task's temporary file, and a text part without its manifest
        Path stale = first.parquetDir().resolve("." + CurveParquet.fileName(new Shard(2, 8)) + ".dead.tmp");
        Files.writeString(stale, "half a file");
        Path halfText = SparkGeneration.textPartDir(first.textPartsDir(), new Shard(5, 8));
        Files.createDirectories(halfText);
        Files.writeString(spec().files(halfText).re(), "1\t2\n");

        SparkGeneration.Outcome rest = new SparkGeneration(spec(), dir, null).text(true).run(spark);
        assertTrue(rest.complete());
        assertEquals(5, rest.computed(), "only the unfinished parts are computed");
        assertEquals(3, rest.skipped());
        int finishedCurves = new Shard(1, 8).size(COUNT) + new Shard(3, 8).size(COUNT) + new Shard(4, 8).size(COUNT);
        assertEquals(COUNT - finishedCurves, rest.curves());
        for (Map.Entry<String, Object> e : before.entrySet()) {
            assertEquals(e.getValue(), identity(Path.of(e.getKey())), e.getKey() + " was rewritten");
        }
        assertFalse(Files.exists(stale), "temporary files of killed tasks removed");
        assertParquetHoldsTheSet(first.parquetDir());
        assertTextIsTheSingleMachineSet(dir);
    }

    @Test
    void aRetriedTaskWritesTheSameFileOnce() throws IOException {
        SparkGeneration job = new SparkGeneration(spec(), dir, 4);
        job.only(Set.of(2)).run(spark);
        Path f = job.parquetDir().resolve(CurveParquet.fileName(new Shard(2, 4)));
        byte[] bytes = Files.readAllBytes(f);
        Files.delete(f); // as if the first attempt's output were lost: the retry must produce the same bytes
        SparkGeneration.PartTask task = new SparkGeneration.PartTask(new LinkedHashMap<>(spec().settings()),
                dir.toAbsolutePath().toString(), 4, false);
        assertEquals(new Shard(2, 4).size(COUNT), task.call(2).curves());
        assertEquals(0, task.call(2).curves(), "a second attempt finds the part finished");
        assertArrayEquals(bytes, Files.readAllBytes(f));
        try (var files = Files.list(job.parquetDir())) {
            assertEquals(List.of(CurveParquet.fileName(new Shard(2, 4))), files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".parquet")).toList());
        }
    }

    @Test
    void anotherCommandOnTheSameOutputIsRefused() throws IOException {
        new SparkGeneration(spec(), dir, 2).only(Set.of(1)).run(spark);
        GenerationConflictException seed = assertThrows(GenerationConflictException.class,
                () -> new SparkGeneration(spec().withSeed(32), dir, 2).run(spark));
        assertTrue(seed.getMessage().contains("--seed 31 (this command: 32)"), seed.getMessage());
        GenerationConflictException parts = assertThrows(GenerationConflictException.class,
                () -> new SparkGeneration(spec(), dir, 4).run(spark));
        assertTrue(parts.getMessage().contains("--partitions 2 (this command: 4)"), parts.getMessage());
    }

    @Test
    void theCommandLineWritesTheSameFilesAsGenerate() throws IOException {
        StringWriter err = new StringWriter();
        int code = SparkGenerateJob.execute(new String[] {"--master", "local[2]", "--preset", "rkky", "--count", "16",
            "--seed", "31", "--lattice", "6x6", "--ntau", "5", "--noise", "1e-3", "--out", dir.toString(),
            "--partitions", "3", "--text"}, new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        assertTrue(err.toString().contains("3 parts of 16 curves: 3 computed now"), err.toString());
        assertTextIsTheSingleMachineSet(dir);

        StringWriter bad = new StringWriter();
        assertEquals(2, SparkGenerateJob.execute(new String[] {"--preset", "rkky", "--count", "16", "--seed", "1",
            "--out", dir.resolve("x").toString(), "--partitions", "17"}, new PrintWriter(new StringWriter()),
            new PrintWriter(bad, true)));
        assertTrue(bad.toString().startsWith("spark-generate: --partitions:"), bad.toString());
    }

    private static Object identity(Path f) throws IOException {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        return List.of(String.valueOf(a.fileKey()), a.lastModifiedTime().toMillis(), a.size());
    }
}
