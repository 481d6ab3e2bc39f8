package org.spinecho.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PriorTest {
    private static void assertMessage(String start, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }

    @Test
    void presetsAreTheSpecPriors() {
        assertEquals(new Prior(Range.of(0, 1), Range.of(3, 20), Range.of(2, 5)), Preset.of("gauss").prior());
        assertEquals(new Prior(Range.of(0, 3), Range.of(3, 20), Range.of(2, 5)), Preset.of("rkky").prior());
        assertMessage("--preset", () -> Preset.of("power"));
    }

    @Test
    void rangesParseAndValidate() {
        assertEquals(Range.of(0.5, 2), Range.parse("0.5:2e0", "--alpha"));
        assertEquals(Range.of(3, 3), Range.parse(" 3 : 3 ", "--xi"));
        assertEquals("0.0:1.0e-5", Range.of(0, 1e-5).toString());
        assertMessage("--alpha", () -> Range.parse("2:1", "--alpha"));
        assertMessage("--xi", () -> Range.parse("1", "--xi"));
        assertMessage("--d", () -> Range.parse("a:3", "--d"));
        assertMessage("--d", () -> Range.parse("1:Infinity", "--d"));
        assertMessage("--d", () -> Range.parse("NaN:1", "--d"));
        assertMessage("--alpha", () -> Preset.GAUSS.prior().withAlpha(Range.of(-1, 1)));
        assertMessage("--xi", () -> Preset.GAUSS.prior().withXi(Range.of(0, 1)));
    }

    @Test
    void drawsStayInTheirRangesAndDependOnlyOnSeedAndIndex() {
        GenerationSpec spec = GenerationSpec.of(Preset.RKKY, "model", 1000, 42);
        GenerationSpec bigger = spec.withCount(5000);
        for (int n = 0; n < 1000; n++) {
            GenerationSpec.CurveDraw a = spec.draw(n);
            GenerationSpec.CurveDraw b = bigger.draw(n);
            assertEquals(a.alpha(), b.alpha());
            assertEquals(a.layoutSeed(), b.layoutSeed());
            assertTrue(a.alpha() >= 0 && a.alpha() <= 3);
            assertTrue(a.xi() >= 3 && a.xi() <= 20);
            assertTrue(a.d() >= 2 && a.d() <= 5);
        }
        assertTrue(spec.draw(0).alpha() != spec.withSeed(43).draw(0).alpha());
        assertTrue(spec.draw(0).layoutSeed() != spec.draw(1).layoutSeed());
    }
}
