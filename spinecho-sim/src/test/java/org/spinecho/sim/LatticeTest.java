package org.spinecho.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LatticeTest {
    @Test
    void parsesL1xL2() {
        assertEquals(new Lattice(50, 50), Lattice.parse("50x50"));
        assertEquals(new Lattice(9, 7), Lattice.parse(" 9X7 "));
        assertEquals(new Lattice(4000, 4000), Lattice.parse("4000x4000"));
        assertEquals("12x8", Lattice.parse("12x8").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"50y50", "50", "x50", "50x", "50x50x2", "-3x5", "1x50", "50x1", "0x0", "5 x 5", "",
        "+5x5", "5.0x5", "1234567890x2"})
    void rejectsWhatIsNotALatticeOfAtLeastTwoByTwo(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lattice.parse(text));
        assertEquals("must be L1xL2 with integers >= 2 (e.g. 50x50), got '" + text + "'", e.getMessage());
    }

    @Test
    void rejectsMoreThanTheMostSites() {
        assertEquals(new Lattice(4000, 4000), Lattice.parse("4000x4000")); // exactly MAX_SITES
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lattice.parse("4001x4000"));
        assertEquals("must have at most 16000000 sites, got '4001x4000'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Lattice.parse("999999999x999999999"));
        assertThrows(IllegalArgumentException.class, () -> new Lattice(4001, 4000));
        assertThrows(IllegalArgumentException.class, () -> new Lattice(1, 5));
    }
}
