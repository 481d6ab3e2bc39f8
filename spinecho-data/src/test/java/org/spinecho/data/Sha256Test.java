package org.spinecho.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {
    /** FIPS 180-2 test vector: SHA-256("abc"). */
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    /** SHA-256 of no bytes. */
    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void knownVectors() {
        assertEquals(ABC, Sha256.ofText("abc"));
        assertEquals(ABC, Sha256.of(new byte[] {'a', 'b', 'c'}));
        assertEquals(EMPTY, Sha256.of(new byte[0]));
    }

    @Test
    void fileDigestEqualsByteDigestAcrossBlockBoundaries(@TempDir Path dir) throws IOException {
        byte[] data = new byte[(1 << 16) * 2 + 17]; // two full read blocks and a partial one
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        Path f = dir.resolve("data.bin");
        Files.write(f, data);
        assertEquals(Sha256.of(data), Sha256.ofFile(f));
        Path empty = Files.createFile(dir.resolve("empty"));
        assertEquals(EMPTY, Sha256.ofFile(empty));
    }

    @Test
    void missingFileThrows(@TempDir Path dir) {
        assertThrows(NoSuchFileException.class, () -> Sha256.ofFile(dir.resolve("absent")));
    }
}
