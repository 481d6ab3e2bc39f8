package org.spinecho.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurveParquetTest {
    @TempDir
    Path dir;

    static final int COUNT = 11;

    static GenerationSpec spec() {
        return DatasetGeneratorTest.tinySpec(COUNT, 5);
    }

    private void writeParts(Path pq, int parts) throws IOException {
        Files.createDirectories(pq);
        for (int k = 1; k <= parts; k++) {
            Shard s = new Shard(k, parts);
            List<GenerationSpec.Curve> curves = IntStream.range(s.first(COUNT), s.end(COUNT)).mapToObj(spec()::curve)
                    .toList();
            CurveParquet.write(pq.resolve(CurveParquet.fileName(s)), spec(), s, curves, Map.of("spinecho.part",
                    s.toString()));
        }
    }

    @Test
    void readsBackExactlyWhatTheTextFilesHold() throws IOException {
        Path text = dir.resolve("text");
        new DatasetGenerator(spec(), text).threads(1).run(GenerationListener.NONE);
        EchoDataset expected = spec().files(text).read();
        Path pq = dir.resolve("pq");
        writeParts(pq, 3);
        try (var files = Files.list(pq)) {
            assertEquals(3, files.count(), "no temporary files left");
        }
        EchoDataset got = CurveParquet.read(pq);
        assertEquals(COUNT, got.size());
        for (int n = 0; n < COUNT; n++) {
            assertArrayEquals(expected.re()[n], got.re()[n]);
            assertArrayEquals(expected.im()[n], got.im()[n]);
            assertArrayEquals(expected.params()[n], got.params()[n]);
        }
        // a single file is a set of its own only if it holds indices 0..n-1
        EchoDataset first = CurveParquet.read(pq.resolve(CurveParquet.fileName(new Shard(1, 3))));
        assertEquals(new Shard(1, 3).size(COUNT), first.size());
    }

    @Test
    void aMissingOrDuplicatedPartIsAnErrorNamingTheFile() throws IOException {
        Path pq = dir.resolve("pq");
        writeParts(pq, 3);
        Path second = pq.resolve(CurveParquet.fileName(new Shard(2, 3)));
        Path copy = pq.resolve("part-00002-of-00003-copy.parquet");
        Files.copy(second, copy);
        DataFormatException dup = assertThrows(DataFormatException.class, () -> CurveParquet.read(pq));
        assertTrue(dup.getMessage().contains("appears twice"), dup.getMessage());
        Files.delete(copy);
        Files.delete(second);
        DataFormatException missing = assertThrows(DataFormatException.class, () -> CurveParquet.read(pq));
        assertTrue(missing.getMessage().contains("missing"), missing.getMessage());
        Files.writeString(second, "not parquet");
        DataFormatException bad = assertThrows(DataFormatException.class, () -> CurveParquet.read(pq));
        assertTrue(bad.getMessage().startsWith(second + ":1:1: cannot read Parquet"), bad.getMessage());
        assertThrows(DataFormatException.class, () -> CurveParquet.read(dir.resolve("none")));
    }
}
