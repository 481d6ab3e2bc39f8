package org.spinecho.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spinecho.app.SpinechoCommand;
import org.spinecho.data.DataFiles;
import org.spinecho.data.DatasetGenerator;
import org.spinecho.data.GenerationConflictException;
import org.spinecho.data.GenerationListener;
import org.spinecho.data.GenerationOptions;
import org.spinecho.data.GenerationSpec;
import org.spinecho.data.Preset;
import org.spinecho.data.Shard;
import org.spinecho.ml.bound.BoundMapSpec;
import org.spinecho.sim.Lattice;
import picocli.CommandLine;

/**
 * The bound sweep in local mode (one session for the class) against {@code spinecho bound --prior
 * ... --json} run in this JVM: five draws on an 8×8 lattice with 30 layouts, two noise levels.
 */
class SparkSweepTest {
    static final int COUNT = 5;
    /** The options the sweep and the single-machine command share. */
    static final String[] OPTIONS = {"--prior", "gauss", "--count", "5", "--seed", "11", "--lattice", "8x8", "--ntau",
        "20", "--layouts", "30", "--bin", "6", "--noise", "0,0.003"};

    @TempDir
    static Path shared;
    /** What 'spinecho bound --prior gauss ... --json' wrote. */
    static byte[] reference;
    static String referenceCommand;
    static SparkSession spark;

    @TempDir
    Path dir;

    static BoundSweep sweep() {
        return new BoundSweep(new BoundMapSpec(Preset.GAUSS, COUNT, 11, new double[] {0, 0.003}, new double[] {90}, 30,
                6, Lattice.parse("8x8"), 20), 1);
    }

    @BeforeAll
    static void start() throws IOException {
        Path json = shared.resolve("bound.json");
        String[] args = concat(new String[] {"bound"}, OPTIONS, new String[] {"--threads", "2", "--json",
            json.toString()});
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new SpinechoCommand());
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute(args), err.toString());
        reference = Files.readAllBytes(json);
        referenceCommand = new ObjectMapper().readTree(reference).path("command").asText();
        spark = SparkSessions.session("local[2]", "spinecho tests");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    /** The sweep's output is the single-machine command's file, byte for byte, given its command line. */
    static void assertIsTheSingleMachineMap(Path output) throws IOException {
        assertArrayEquals(reference, Files.readAllBytes(output), "the sweep's " + output.getFileName()
                + " differs from bound's");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5})
    void anyNumberOfPartitionsGivesTheSingleMachineFile(int partitions) throws IOException {
        SparkSweep job = new SparkSweep(sweep(), dir, partitions).command(referenceCommand);
        SparkSweep.Outcome o = job.run(spark);
        assertTrue(o.complete());
        assertEquals(partitions, o.computed());
        assertEquals(COUNT, o.items());
        assertIsTheSingleMachineMap(o.output());
        JsonNode map = new ObjectMapper().readTree(o.output().toFile());
        assertEquals(COUNT, map.path("points").size());
        for (int n = 0; n < COUNT; n++) {
            assertEquals(n, map.path("points").path(n).path("index").asInt(), "points in draw order, none twice");
        }
        JsonNode manifest = new ObjectMapper().readTree(job.partsDir().resolve(SparkSweep.MANIFEST_FILE).toFile());
        assertEquals(partitions, manifest.path("parts").size());
        assertEquals(partitions, manifest.path("run").path("tasks_of_last_run").size());

        // a finished sweep run again computes nothing and writes the same file
        SparkSweep.Outcome again = new SparkSweep(sweep(), dir, null).command(referenceCommand).run(spark);
        assertEquals(0, again.computed());
        assertEquals(partitions, again.skipped());
        assertIsTheSingleMachineMap(again.output());
    }

    @Test
    void aKilledSweepRerunSkipsFinishedPartsAndDuplicatesNothing() throws IOException {
        SparkSweep first = new SparkSweep(sweep(), dir, 5).command(referenceCommand).only(Set.of(1, 4));
        SparkSweep.Outcome partial = first.run(spark);
        assertFalse(partial.complete());
        assertEquals(2, partial.computed());
        assertFalse(Files.exists(first.output()), "no output before all parts are done");
        Map<Path, Object> before = new HashMap<>();
        for (int k : new int[] {1, 4}) {
            Path f = SparkSweep.partFile(first.partsDir(), new Shard(k, 5));
            before.put(f, identity(f));
        }
        // what a killed task leaves behind: its temporary file, never read
        Path stale = first.partsDir().resolve(".part-00002-of-00005.jsonl.dead.tmp");
        Files.writeString(stale, "{\"index\":1,\"by_noise\":[]}\n");

        SparkSweep.Outcome rest = new SparkSweep(sweep(), dir, null).command(referenceCommand).run(spark);
        assertTrue(rest.complete());
        assertEquals(3, rest.computed(), "only the unfinished parts are computed");
        assertEquals(2, rest.skipped());
        assertEquals(3, rest.items());
        for (Map.Entry<Path, Object> e : before.entrySet()) {
            assertEquals(e.getValue(), identity(e.getKey()), e.getKey() + " was rewritten");
        }
        assertFalse(Files.exists(stale), "temporary files of killed tasks removed");
        assertIsTheSingleMachineMap(rest.output());
    }

    @Test
    void aRetriedTaskWritesTheSameFileOnce() throws IOException {
        SparkSweep job = new SparkSweep(sweep(), dir, 3);
        job.only(Set.of(2)).run(spark);
        Path f = SparkSweep.partFile(job.partsDir(), new Shard(2, 3));
        byte[] bytes = Files.readAllBytes(f);
        Files.delete(f); // as if the first attempt's output were lost: the retry must give the same bytes
        SparkSweep.PartTask task = new SparkSweep.PartTask(sweep(), dir.toAbsolutePath().toString(), 3);
        assertEquals(new Shard(2, 3).size(COUNT), task.call(2).items());
        assertEquals(0, task.call(2).items(), "a second attempt finds the part finished");
        assertArrayEquals(bytes, Files.readAllBytes(f));
        try (var files = Files.list(job.partsDir())) {
            assertEquals(List.of(f.getFileName().toString()), files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".jsonl")).toList());
        }
    }

    @Test
    void anotherSweepOnTheSameOutputIsRefused() throws IOException {
        new SparkSweep(sweep(), dir, 2).only(Set.of(1)).run(spark);
        BoundSweep otherSeed = new BoundSweep(new BoundMapSpec(Preset.GAUSS, COUNT, 12, new double[] {0, 0.003},
                new double[] {90}, 30, 6, Lattice.parse("8x8"), 20), 1);
        GenerationConflictException seed = assertThrows(GenerationConflictException.class,
                () -> new SparkSweep(otherSeed, dir, 2).run(spark));
        assertTrue(seed.getMessage().contains("--seed 11 (this command: 12)"), seed.getMessage());
        GenerationConflictException parts = assertThrows(GenerationConflictException.class,
                () -> new SparkSweep(sweep(), dir, 4).run(spark));
        assertTrue(parts.getMessage().contains("--partitions 2 (this command: 4)"), parts.getMessage());
    }

    @Test
    void theCommandLineWritesTheValuesOfBound() throws IOException {
        StringWriter err = new StringWriter();
        int code = SparkSweepJob.execute(concat(new String[] {"--master", "local[2]", "bound"}, OPTIONS,
            new String[] {"--out", dir.toString(), "--partitions", "2"}), new PrintWriter(new StringWriter()),
            new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        assertTrue(err.toString().contains("bound, 2 parts of 5 items: 2 computed now"), err.toString());
        ObjectMapper mapper = new ObjectMapper();
        JsonNode got = mapper.readTree(dir.resolve("bound.json").toFile());
        JsonNode want = mapper.readTree(reference);
        assertTrue(got.path("command").asText().startsWith("spinecho spark-sweep --master 'local[2]' bound --prior"),
                got.path("command").asText());
        ((com.fasterxml.jackson.databind.node.ObjectNode) got).remove("command");
        ((com.fasterxml.jackson.databind.node.ObjectNode) want).remove("command");
        assertEquals(want, got, "the same values as 'spinecho bound --prior ... --json'");

        StringWriter bad = new StringWriter();
        assertEquals(2, SparkSweepJob.execute(new String[] {"bound", "--prior", "gauss", "--count", "3", "--out",
            dir.resolve("x").toString(), "--partitions", "4"}, new PrintWriter(new StringWriter()),
            new PrintWriter(bad, true)));
        assertTrue(bad.toString().startsWith("spark-sweep: --partitions: 4 parts of 3 items"), bad.toString());
        StringWriter badPrior = new StringWriter();
        assertEquals(2, SparkSweepJob.execute(new String[] {"bound", "--prior", "lorentz", "--out",
            dir.resolve("y").toString()}, new PrintWriter(new StringWriter()), new PrintWriter(badPrior, true)));
        assertTrue(badPrior.toString().contains("--prior must be gauss or rkky"), badPrior.toString());
        assertFalse(Files.exists(dir.resolve("y")), "nothing written on bad input");
    }

    /**
     * The evaluate sweep against 'spinecho evaluate --noise-levels --json': the shipped gauss model on
     * 12 curves of a 6x6 lattice (the model's curve length, 157 steps), three levels, in 1 and 4 parts.
     */
    @Test
    void theEvaluateSweepWritesTheFileOfEvaluate() throws IOException {
        Path model = Path.of("..", "models", "gauss").toAbsolutePath().normalize();
        assertTrue(Files.isDirectory(model), "the shipped model " + model);
        GenerationSpec set = GenerationOptions.of("gauss", "eval", 12, 5, 0, null, null, null, "6x6", 157, null)
                .toSpec();
        Path data = dir.resolve("set");
        new DatasetGenerator(set, data).threads(2).run(GenerationListener.NONE);
        DataFiles f = set.files(data);
        String[] input = {"--model", model.toString(), "--echos-r", f.re().toString(), "--echos-i", f.im().toString(),
            "--params", f.params().toString(), "--noise-levels", "0,0.001,0.01"};
        Path json = dir.resolve("evaluate-reference.json");
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new SpinechoCommand());
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute(concat(new String[] {"evaluate"}, input, new String[] {"--json", json.toString()})),
                err.toString());
        byte[] want = Files.readAllBytes(json);
        for (int partitions : new int[] {1, 4}) {
            Path out = dir.resolve("sweep-" + partitions);
            StringWriter serr = new StringWriter();
            int code = SparkSweepJob.execute(concat(new String[] {"evaluate"}, input, new String[] {"--out",
                out.toString(), "--partitions", Integer.toString(partitions)}), new PrintWriter(new StringWriter()),
                new PrintWriter(serr, true));
            assertEquals(0, code, serr.toString());
            assertArrayEquals(want, Files.readAllBytes(out.resolve("evaluate.json")),
                    "evaluate.json of " + partitions + " parts differs from evaluate's");
        }
        JsonNode j = new ObjectMapper().readTree(want);
        assertEquals(3, j.path("noise").size());
        assertTrue(j.has("coverage"), "the shipped model is calibrated: coverage in the file");

        StringWriter bad = new StringWriter();
        assertEquals(2, SparkSweepJob.execute(new String[] {"evaluate", "--model", model.toString(), "--parquet",
            dir.resolve("none").toString(), "--noise", "0.01", "--out", dir.resolve("z").toString()},
            new PrintWriter(new StringWriter()), new PrintWriter(bad, true)));
        assertTrue(bad.toString().contains("no such file"), bad.toString());
    }

    private static Object identity(Path f) throws IOException {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        return List.of(String.valueOf(a.fileKey()), a.lastModifiedTime().toMillis(), a.size());
    }
}
