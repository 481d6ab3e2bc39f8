package org.spinecho.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SingleCurveTextTest {
    private static final double[] RE = {0.1, -0.25, 3.0e-5, 0.5};
    private static final double[] IM = {-0.5, 0.125, -1.5e-3, 0.0};

    @Test
    void readsTheThreeLayoutsToTheSameNumbers() {
        SingleCurveText.Curve twoColumns = SingleCurveText.parse("0.1 -0.5\n-0.25\t0.125\n3.0e-5 -1.5e-3\n0.5 0\n", "a");
        SingleCurveText.Curve csv = SingleCurveText.parse("time,Re,Im\r\n2,0.1,-0.5\r\n4,-0.25,0.125\r\n6, 3.0e-5 ,-1.5e-3\r\n8,0.5,0\r\n", "b");
        SingleCurveText.Curve rows = SingleCurveText.parse("# one curve\n0.1 -0.25 3.0e-5 0.5\n-0.5 0.125 -1.5e-3 0.0\n\n", "c");
        assertEquals(SingleCurveText.Layout.RE_IM, twoColumns.layout());
        assertEquals(SingleCurveText.Layout.TIME_RE_IM, csv.layout());
        assertEquals(SingleCurveText.Layout.CHALLENGE_ROWS, rows.layout());
        for (SingleCurveText.Curve c : new SingleCurveText.Curve[] {twoColumns, csv, rows}) {
            assertArrayEquals(RE, c.re(), 0);
            assertArrayEquals(IM, c.im(), 0);
        }
    }

    @Test
    void badInputNamesLineAndColumn() {
        assertEquals("pasted:2:2: not a number: 'x'",
                assertThrows(DataFormatException.class, () -> SingleCurveText.parse("1 2\n3 x\n4 5\n", "pasted")).getMessage());
        assertEquals("f:3:3: expected 2 numbers, found 3",
                assertThrows(DataFormatException.class, () -> SingleCurveText.parse("1 2\n3 4\n5 6 7\n", "f")).getMessage());
        assertEquals("f:2:1: not a finite number: 'NaN'",
                assertThrows(DataFormatException.class, () -> SingleCurveText.parse("1 2\nNaN 4\n5 6\n", "f")).getMessage());
        // time must increase
        assertEquals("f:3:1: time must increase from line to line, got 1.0 after 2.0",
                assertThrows(DataFormatException.class, () -> SingleCurveText.parse("1 0 0\n2 0 0\n1 0 0\n", "f")).getMessage());
        // empty, too short, and a layout that is none of the three
        assertThrows(DataFormatException.class, () -> SingleCurveText.parse(" \n# nothing\n", "f"));
        assertThrows(DataFormatException.class, () -> SingleCurveText.parse("1 2\n3 4\n", "f"));
        assertThrows(DataFormatException.class, () -> SingleCurveText.parse("1 2 3 4\n5 6 7 8\n9 10 11 12\n", "f"));
        // the challenge's rows must have equal lengths
        assertThrows(DataFormatException.class, () -> SingleCurveText.parse("1 2 3 4\n5 6 7\n", "f"));
    }
}
