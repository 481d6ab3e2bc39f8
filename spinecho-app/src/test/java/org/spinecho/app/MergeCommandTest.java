package org.spinecho.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command lines of the issue: generate --shard K/N for N = 1, 3, 7, then merge. */
class MergeCommandTest {
    static final String[] FILES = {"gauss_echos_model_r.txt", "gauss_echos_model_i.txt", "gauss_mat_info_model.txt"};

    @TempDir
    static Path shared;
    static Path single;

    @TempDir
    Path dir;

    static String[] generate(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("generate", "--preset", "gauss", "--count", "15", "--seed", "9",
                "--out", out.toString(), "--lattice", "6x6", "--ntau", "5", "--noise", "1e-3", "--threads", "1"));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @BeforeAll
    static void generateOnOneMachine() {
        single = shared.resolve("single");
        CliRun r = CliRun.run(generate(single));
        assertEquals(0, r.exitCode(), r.err());
    }

    private List<Path> shards(int n) {
        List<Path> parts = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            Path p = dir.resolve("part-" + k);
            CliRun r = CliRun.run(generate(p, "--shard", k + "/" + n));
            assertEquals(0, r.exitCode(), r.err());
            parts.add(p);
        }
        return parts;
    }

    private static String[] merge(Path out, List<Path> parts) {
        List<String> a = new ArrayList<>(List.of("merge", "--out", out.toString()));
        parts.forEach(p -> a.add(p.toString()));
        return a.toArray(String[]::new);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7})
    void shardsThenMergeAreByteIdenticalToGenerate(int n) throws Exception {
        List<Path> parts = shards(n);
        Path out = dir.resolve("merged");
        CliRun r = CliRun.run(merge(out, parts));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("wrote 15 curves from " + n + " parts"), r.err());
        for (String f : FILES) {
            assertArrayEquals(Files.readAllBytes(single.resolve(f)), Files.readAllBytes(out.resolve(f)), f);
        }
        // generate with the same options sees the merged set as complete
        CliRun again = CliRun.run(generate(out));
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.err().contains("already complete"), again.err());
    }

    @Test
    void aMissingOrDuplicatedPartIsRefusedWithStatus2NamingIt() {
        List<Path> parts = shards(3);
        Path out = dir.resolve("merged");
        CliRun missing = CliRun.run(merge(out, List.of(parts.get(0), parts.get(2))));
        assertEquals(2, missing.exitCode());
        assertEquals(1, missing.errLines().length, missing.err());
        assertTrue(missing.err().startsWith("spinecho merge: missing part 2/3"), missing.err());

        CliRun duplicated = CliRun.run(merge(out, List.of(parts.get(0), parts.get(1), parts.get(2), parts.get(2))));
        assertEquals(2, duplicated.exitCode());
        assertEquals(1, duplicated.errLines().length, duplicated.err());
        assertTrue(duplicated.err().startsWith("spinecho merge: duplicated part 3/3") && duplicated.err()
                .contains(parts.get(2).toString()), duplicated.err());

        CliRun foreign = CliRun.run(merge(out, List.of(parts.get(0), parts.get(1), single)));
        assertEquals(2, foreign.exitCode());
        assertTrue(foreign.err().contains(single.toString()), foreign.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void badShardIsStatus2() {
        CliRun r = CliRun.run(generate(dir.resolve("x"), "--shard", "4/3"));
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith("spinecho generate: --shard:"), r.err());
        CliRun tooMany = CliRun.run(generate(dir.resolve("x"), "--shard", "1/16"));
        assertEquals(2, tooMany.exitCode());
        assertTrue(tooMany.err().contains("N <= --count"), tooMany.err());
    }

    @Test
    void sparkGenerateWithoutTheSparkModuleSaysHowToGetIt() {
        CliRun r = CliRun.run("spark-generate", "--master", "local[2]", "--preset", "gauss");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("spinecho-spark") && r.err().contains("docs/cluster.md"), r.err());
    }
}
