package org.spinecho.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spinecho.sim.Lattice;

class ShardTest {
    @Test
    void partsCoverEveryIndexOnceInOrder() {
        for (int count : new int[] {1, 7, 20, 1000, 199_999}) {
            for (int n = 1; n <= Math.min(count, 13); n++) {
                int next = 0;
                for (int k = 1; k <= n; k++) {
                    Shard s = new Shard(k, n);
                    assertEquals(next, s.first(count), "part " + s + " of " + count);
                    assertTrue(s.size(count) >= count / n && s.size(count) <= count / n + 1);
                    next = s.end(count);
                }
                assertEquals(count, next);
            }
        }
        // no int overflow for big sets
        assertEquals(1_333_333_333, new Shard(2, 3).end(2_000_000_000));
        assertEquals(2_000_000_000, new Shard(3, 3).end(2_000_000_000));
    }

    @Test
    void parsesAndRefusesBadText() {
        assertEquals(new Shard(3, 7), Shard.parse("3/7"));
        assertEquals("3/7", new Shard(3, 7).toString());
        for (String bad : new String[] {"0/3", "4/3", "3", "a/b", "1/0", "", "1/2/3"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("--shard:"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Shard(1, 8).checkFits(7));
        assertTrue(e.getMessage().contains("N <= --count"), e.getMessage());
    }

    @Test
    void settingsRoundTrip() {
        GenerationSpec spec = GenerationSpec.of(Preset.RKKY, "eval", 33, -5L).withLattice(new Lattice(6, 8))
                .withNtau(7).withNoise(0.003).withPrior(Preset.RKKY.prior().withXi(Range.of(2.5, 4.25)));
        assertEquals(spec, GenerationSpec.fromSettings(spec.settings()));
        GenerationSpec defaults = GenerationSpec.of(Preset.GAUSS, "model", 12000, 1);
        assertEquals(defaults, GenerationSpec.fromSettings(defaults.settings()));
        var s = new java.util.LinkedHashMap<>(spec.settings());
        s.remove("seed");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GenerationSpec.fromSettings(s)).getMessage()
                .contains("'seed'"));
        s.put("seed", "1");
        s.put("recipe", "other-v9");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GenerationSpec.fromSettings(s)).getMessage()
                .contains("recipe"));
    }
}
