package org.spinecho.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatasetMergeTest {
    static final int COUNT = 20;
    static final long SEED = 77L;

    @TempDir
    static Path shared;
    static Path reference;

    @TempDir
    Path dir;

    static GenerationSpec spec() {
        return DatasetGeneratorTest.tinySpec(COUNT, SEED);
    }

    @BeforeAll
    static void generateReference() throws IOException {
        reference = shared.resolve("reference");
        new DatasetGenerator(spec(), reference).threads(2).run(GenerationListener.NONE);
    }

    /** Generates parts 1..n of spec into dir/part-K and returns their directories. */
    static List<Path> shards(GenerationSpec spec, Path dir, int n) throws IOException {
        List<Path> parts = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            Path p = dir.resolve("part-" + k);
            DatasetGenerator.Outcome o = new DatasetGenerator(spec, p).threads(1 + k % 2).shard(new Shard(k, n))
                    .run(GenerationListener.NONE);
            assertEquals(DatasetGenerator.Status.GENERATED, o.status());
            assertEquals(new Shard(k, n).size(spec.count()), o.computed());
            parts.add(p);
        }
        return parts;
    }

    static void assertSameBytes(Path expectedDir, Path actualDir) throws IOException {
        DataFiles expected = spec().files(expectedDir);
        DataFiles actual = spec().files(actualDir);
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(Files.readAllBytes(expected.dataFiles().get(k)), Files.readAllBytes(actual.dataFiles()
                    .get(k)), actual.dataFiles().get(k).getFileName() + " differs from the single-machine run");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7})
    void mergedShardsAreByteIdenticalToOneRun(int n) throws IOException {
        List<Path> parts = shards(spec(), dir, n);
        // each part holds exactly its range of the reference's lines
        List<String> refLines = Files.readAllLines(spec().files(reference).re());
        for (int k = 1; k <= n; k++) {
            Shard s = new Shard(k, n);
            assertEquals(refLines.subList(s.first(COUNT), s.end(COUNT)),
                    Files.readAllLines(spec().files(parts.get(k - 1)).re()));
            JsonNode m = DatasetManifest.read(spec().files(parts.get(k - 1)).manifest());
            assertEquals(DatasetManifest.PART_FORMAT, m.path("format").asText());
            assertEquals(s.first(COUNT), m.path("part").path("first").asInt());
            assertEquals(s.end(COUNT), m.path("part").path("end").asInt());
            assertEquals(s.toString(), m.path("settings").path("shard").asText());
        }
        List<Path> shuffled = new ArrayList<>(parts);
        java.util.Collections.reverse(shuffled);
        Path out = dir.resolve("merged");
        DatasetMerge.Outcome o = DatasetMerge.merge(shuffled, out, "generate --shard");
        assertEquals(DatasetMerge.Status.MERGED, o.status());
        assertEquals(n, o.parts());
        assertSameBytes(reference, out);

        JsonNode m = DatasetManifest.read(spec().files(out).manifest());
        assertEquals(DatasetGenerator.FORMAT, m.path("format").asText());
        assertEquals(n, m.path("generation").path("parts").asInt());
        assertEquals("generate --shard", m.path("generation").path("method").asText());
        assertEquals(DatasetManifest.read(spec().files(reference).manifest()).path("files"), m.path("files"));
        // the merged set is a complete set for generate, and merging again changes nothing
        assertEquals(DatasetGenerator.Status.ALREADY_COMPLETE,
                new DatasetGenerator(spec(), out).run(GenerationListener.NONE).status());
        assertEquals(DatasetMerge.Status.ALREADY_COMPLETE, DatasetMerge.merge(parts, out, "generate --shard").status());
    }

    @Test
    void refusesMissingDuplicatedForeignAndDamagedParts() throws IOException {
        List<Path> parts = shards(spec(), dir, 3);
        Path out = dir.resolve("merged");

        String missing = refused(List.of(parts.get(0), parts.get(2)), out);
        assertTrue(missing.contains("missing part 2/3") && missing.contains("curves 6 to 12"), missing);

        String duplicated = refused(List.of(parts.get(0), parts.get(1), parts.get(1), parts.get(2)), out);
        assertTrue(duplicated.contains("duplicated part 2/3") && duplicated.contains(parts.get(1).toString()),
                duplicated);

        Path other = dir.resolve("other-seed");
        new DatasetGenerator(spec().withSeed(SEED + 1), other).threads(1).shard(new Shard(2, 3))
                .run(GenerationListener.NONE);
        String foreign = refused(List.of(parts.get(0), other, parts.get(2)), out);
        assertTrue(foreign.contains("foreign part " + other) && foreign.contains("--seed 78"), foreign);

        Path otherSplit = dir.resolve("other-n");
        new DatasetGenerator(spec(), otherSplit).threads(1).shard(new Shard(2, 4)).run(GenerationListener.NONE);
        String otherN = refused(List.of(parts.get(0), otherSplit, parts.get(2)), out);
        assertTrue(otherN.contains("foreign part " + otherSplit) && otherN.contains("2/4"), otherN);

        String whole = refused(List.of(reference), out);
        assertTrue(whole.contains("part " + reference) && whole.contains("whole data set"), whole);

        String none = refused(List.of(parts.get(0), dir.resolve("nope"), parts.get(2)), out);
        assertTrue(none.contains("part " + dir.resolve("nope") + ": no such directory"), none);

        Path r = spec().files(parts.get(1)).re();
        byte[] original = Files.readAllBytes(r);
        byte[] damaged = original.clone();
        damaged[10] = (byte) (damaged[10] == '1' ? '2' : '1');
        Files.write(r, damaged);
        String bad = refused(parts, out);
        assertTrue(bad.contains("part " + parts.get(1) + " (2/3)") && bad.contains("SHA-256"), bad);
        Files.write(r, original);

        assertFalse(Files.exists(out), "nothing written by a refused merge");
        assertEquals(DatasetMerge.Status.MERGED, DatasetMerge.merge(parts, out, "generate --shard").status());
        assertSameBytes(reference, out);
    }

    @Test
    void refusesAnUnfinishedPartAndAnOccupiedOutput() throws IOException {
        List<Path> parts = shards(spec(), dir, 2);
        Path unfinished = dir.resolve("unfinished");
        assertThrows(RuntimeException.class, () -> new DatasetGenerator(spec(), unfinished).threads(1).flushEvery(1)
                .shard(new Shard(2, 2)).run((done, total) -> {
                    if (done >= 3) {
                        throw new RuntimeException("crash");
                    }
                }));
        String msg = refused(List.of(parts.get(0), unfinished), dir.resolve("merged"));
        assertTrue(msg.contains("part " + unfinished + " is unfinished"), msg);

        String onPart = refused(parts, parts.get(0));
        assertTrue(onPart.contains("--out") && onPart.contains("part 1/2"), onPart);
        Path occupied = dir.resolve("occupied");
        Files.createDirectories(occupied);
        Files.writeString(spec().files(occupied).re(), "1\t2\n");
        String occ = refused(parts, occupied);
        assertTrue(occ.contains("--out") && occ.contains("already exists"), occ);
    }

    @Test
    void anInterruptedShardResumesByteIdentically() throws IOException {
        Shard shard = new Shard(2, 3);
        Path part = dir.resolve("part-2");
        assertThrows(RuntimeException.class, () -> new DatasetGenerator(spec(), part).threads(2).flushEvery(1)
                .shard(shard).run((done, total) -> {
                    if (done >= 4) {
                        throw new RuntimeException("crash");
                    }
                }));
        Files.writeString(DataFiles.partial(spec().files(part).im()), "0.5\t-1e-", StandardOpenOption.APPEND);
        // another part (or the whole set) is refused on this unfinished part, naming --shard
        GenerationConflictException e = assertThrows(GenerationConflictException.class,
                () -> new DatasetGenerator(spec(), part).shard(new Shard(1, 3)).run(GenerationListener.NONE));
        assertTrue(e.getMessage().contains("--shard 2/3 (this command: 1/3)"), e.getMessage());
        e = assertThrows(GenerationConflictException.class,
                () -> new DatasetGenerator(spec(), part).run(GenerationListener.NONE));
        assertTrue(e.getMessage().contains("--shard 2/3 (this command: none)"), e.getMessage());

        DatasetGenerator.Outcome o = new DatasetGenerator(spec(), part).threads(1).shard(shard)
                .run(GenerationListener.NONE);
        assertEquals(DatasetGenerator.Status.RESUMED, o.status());
        assertEquals(4, o.resumedFrom());
        assertEquals(shard.size(COUNT) - 4, o.computed());
        List<String> ref = Files.readAllLines(spec().files(reference).im());
        assertEquals(ref.subList(shard.first(COUNT), shard.end(COUNT)), Files.readAllLines(spec().files(part).im()));
        assertEquals(DatasetGenerator.Status.ALREADY_COMPLETE,
                new DatasetGenerator(spec(), part).shard(shard).run(GenerationListener.NONE).status());
    }

    @Test
    void partsWrittenFromComputedCurvesMergeLikeGeneratedOnes() throws IOException {
        // the cluster job's way: curves computed elsewhere, written as a part
        Shard s1 = new Shard(1, 2);
        Shard s2 = new Shard(2, 2);
        Path p1 = dir.resolve("p1");
        List<GenerationSpec.Curve> curves = java.util.stream.IntStream.range(s1.first(COUNT), s1.end(COUNT))
                .mapToObj(spec()::curve).collect(Collectors.toList());
        DatasetPart.write(spec(), s1, curves, p1, DatasetManifest.localGeneration(1, 0, curves.size(), 1));
        assertTrue(DatasetPart.isComplete(spec(), s1, p1));
        assertFalse(DatasetPart.isComplete(spec(), s2, p1));
        Path p2 = dir.resolve("p2");
        new DatasetGenerator(spec(), p2).threads(1).shard(s2).run(GenerationListener.NONE);
        DatasetMerge.merge(List.of(p1, p2), dir.resolve("merged"), "mixed");
        assertSameBytes(reference, dir.resolve("merged"));
        assertThrows(IllegalArgumentException.class, () -> DatasetPart.write(spec(), s1, curves.subList(0, 3), p1,
                DatasetManifest.localGeneration(1, 0, 3, 1)));
    }

    private static String refused(List<Path> parts, Path out) {
        return assertThrows(GenerationConflictException.class, () -> DatasetMerge.merge(parts, out, "test"))
                .getMessage();
    }
}
