package org.spinecho.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeasuredCurveTest {
    private static final double[] RE = {0.1, -0.25, 3.0e-5, 0.5};
    private static final double[] IM = {-0.5, 0.125, -1.5e-3, 0.0};

    @Test
    void readsTheThreeLayoutsToTheSameNumbers() {
        MeasuredCurve twoColumns = MeasuredCurve.parse("0.1 -0.5\n-0.25\t0.125\n3.0e-5 -1.5e-3\n0.5 0\n", "a");
        MeasuredCurve csv = MeasuredCurve.parse("time,Re,Im\r\n2,0.1,-0.5\r\n4,-0.25,0.125\r\n6, 3.0e-5 ,-1.5e-3\r\n8,0.5,0\r\n", "b");
        MeasuredCurve rows = MeasuredCurve.parse("# one curve\n0.1 -0.25 3.0e-5 0.5\n-0.5 0.125 -1.5e-3 0.0\n\n", "c");
        assertEquals(MeasuredCurve.Layout.RE_IM, twoColumns.layout());
        assertEquals(MeasuredCurve.Layout.TIME_RE_IM, csv.layout());
        assertEquals(MeasuredCurve.Layout.CHALLENGE_ROWS, rows.layout());
        for (MeasuredCurve c : new MeasuredCurve[] {twoColumns, csv, rows}) {
            assertArrayEquals(RE, c.re(), 0);
            assertArrayEquals(IM, c.im(), 0);
            assertEquals(4, c.samples());
        }
        assertFalse(twoColumns.hasTime());
        assertFalse(rows.hasTime());
        assertTrue(csv.hasTime());
        assertEquals(2 * MeasuredCurve.UNITS_PER_MICROSECOND, csv.dtUnits(), 1e-12, "2 us between samples");
    }

    @Test
    void badInputNamesLineAndColumn() {
        assertEquals("pasted:2:2: not a number: 'x'",
                assertThrows(DataFormatException.class, () -> MeasuredCurve.parse("1 2\n3 x\n4 5\n", "pasted")).getMessage());
        assertEquals("f:3:3: expected 2 numbers, found 3",
                assertThrows(DataFormatException.class, () -> MeasuredCurve.parse("1 2\n3 4\n5 6 7\n", "f")).getMessage());
        assertEquals("f:2:1: not a finite number: 'NaN'",
                assertThrows(DataFormatException.class, () -> MeasuredCurve.parse("1 2\nNaN 4\n5 6\n", "f")).getMessage());
        assertEquals("f:3:1: time must increase from line to line, got 1.0 after 2.0",
                assertThrows(DataFormatException.class, () -> MeasuredCurve.parse("1 0 0\n2 0 0\n1 0 0\n", "f")).getMessage());
        assertEquals("f:3:1: times must be evenly spaced (expected 1.0 us, got 1.5)",
                assertThrows(DataFormatException.class,
                        () -> MeasuredCurve.parse("# t Re Im\n0 0 0\n1.5 0 0\n2 0 0\n", "f")).getMessage());
        // empty, too short, and a layout that is none of the three
        assertEquals("f:1:1: no numbers: expected a curve as two columns Re Im, three columns time Re Im, or two lines "
                        + "(Re values, then Im values)",
                assertThrows(DataFormatException.class, () -> MeasuredCurve.parse(" \n# nothing\n", "f")).getMessage());
        assertEquals("f:2:1: a curve needs at least 3 samples, found 2",
                assertThrows(DataFormatException.class, () -> MeasuredCurve.parse("\n1 2\n3 4\n", "f")).getMessage());
        assertTrue(assertThrows(DataFormatException.class,
                () -> MeasuredCurve.parse("1 2 3 4\n5 6 7 8\n9 10 11 12\n", "f")).getMessage()
                .startsWith("f:1:1: expected two columns (Re Im), three columns (time Re Im) or two lines"));
        // the challenge's rows must have equal lengths
        assertEquals("f:2:4: expected 4 numbers, found 3",
                assertThrows(DataFormatException.class, () -> MeasuredCurve.parse("1 2 3 4\n5 6 7\n", "f")).getMessage());
        // only the first line may be a header
        assertEquals("f:2:1: not a number: 're'",
                assertThrows(DataFormatException.class, () -> MeasuredCurve.parse("Re Im\nre im\n1 2\n", "f")).getMessage());
    }

    @Test
    void readsFilesStrictly(@TempDir Path tmp) throws IOException {
        Path ok = Files.writeString(tmp.resolve("ok.txt"), "0 0.1 -0.5\n0.5 -0.25 0.125\n1.0 3.0e-5 -1.5e-3\n1.5 0.5 0\n");
        MeasuredCurve c = MeasuredCurve.read(ok);
        assertArrayEquals(RE, c.re(), 0);
        assertArrayEquals(IM, c.im(), 0);
        assertEquals(0.5 * MeasuredCurve.UNITS_PER_MICROSECOND, c.dtUnits(), 1e-12);

        Path torn = Files.writeString(tmp.resolve("torn.txt"), "0.1 -0.5\n-0.25 0.125\n3.0e-5 -1.5");
        assertEquals(torn + ":3:1: the last line has no line break at its end: the file may have been cut short "
                + "(a torn last number reads as another number)",
                assertThrows(DataFormatException.class, () -> MeasuredCurve.read(torn)).getMessage());
        Path binary = Files.write(tmp.resolve("binary.txt"), new byte[] {'1', ' ', (byte) 0xff, '\n'});
        assertEquals(binary + ":1:1: not a text file (invalid UTF-8)",
                assertThrows(DataFormatException.class, () -> MeasuredCurve.read(binary)).getMessage());
        Path missing = tmp.resolve("missing.txt");
        assertEquals(missing + ":1:1: no such file",
                assertThrows(DataFormatException.class, () -> MeasuredCurve.read(missing)).getMessage());
    }
}
