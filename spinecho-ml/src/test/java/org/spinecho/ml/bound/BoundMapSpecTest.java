package org.spinecho.ml.bound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spinecho.data.Preset;
import org.spinecho.sim.Lattice;

/** A prior map computed point by point and rebuilt from its JSON is the same file as one computed at once. */
class BoundMapSpecTest {
    private static final BoundMapSpec SPEC = new BoundMapSpec(Preset.RKKY, 3, 21, new double[] {0, 0.003},
            new double[] {90, 60}, 30, 12, new Lattice(6, 6), 12);

    @Test
    void pointsRebuiltFromJsonGiveTheFileOfTheWholeMap() throws Exception {
        FisherBound fb = SPEC.fisherBound(2);
        PriorBoundMap whole = PriorBoundMap.compute(fb, SPEC.experiment(), SPEC.preset(), SPEC.count(), SPEC.seed(),
                SPEC.noises(), Map.of(), p -> { }, i -> { });
        byte[] expected = BoundFiles.bytes(BoundFiles.mapJson(whole, SPEC.layouts(), SPEC.flipAngles()), "cmd");

        // each point alone (another thread count), through one line of JSON and back
        FisherBound one = SPEC.fisherBound(1);
        List<PriorBoundMap.Point> points = new ArrayList<>();
        for (int n = SPEC.count() - 1; n >= 0; n--) {
            String line = BoundFiles.line(BoundFiles.pointNode(SPEC.preset().prior(), SPEC.point(one, n, i -> { })));
            points.add(0, BoundFiles.pointFromJson(BoundFiles.MAPPER.readTree(line)));
        }
        byte[] rebuilt = BoundFiles.bytes(BoundFiles.mapJson(SPEC.map(points), SPEC.layouts(), SPEC.flipAngles()), "cmd");
        assertArrayEquals(expected, rebuilt);

        JsonNode root = BoundFiles.MAPPER.readTree(rebuilt);
        assertEquals(3, root.path("points").size());
        assertEquals(2, root.path("prior_averaged").size());
        assertEquals(2, root.path("points").path(0).path("by_noise").path(0).path("flip_angles").size());
    }

    @Test
    void settingsNameTheOptionsAndBadOnesAreRefused() {
        assertEquals("rkky", SPEC.settings().get("--prior"));
        assertEquals("0.0,0.003", SPEC.settings().get("--noise"));
        assertEquals("6x6", SPEC.settings().get("--lattice"));
        assertEquals(SPEC, new BoundMapSpec(Preset.RKKY, 3, 21, new double[] {0, 0.003}, new double[] {90, 60}, 30, 12,
                new Lattice(6, 6), 12));
        IllegalArgumentException noise = assertThrows(IllegalArgumentException.class, () -> new BoundMapSpec(
                Preset.GAUSS, 3, 1, new double[] {-1}, new double[] {90}, 24, 6, new Lattice(6, 6), 12));
        assertTrue(noise.getMessage().startsWith("--noise"), noise.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () -> new BoundMapSpec(
                Preset.GAUSS, 0, 1, new double[] {0}, new double[] {90}, 24, 6, new Lattice(6, 6), 12));
        assertTrue(count.getMessage().startsWith("--count"), count.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SPEC.map(List.of()), "a map needs all its points");
    }
}
