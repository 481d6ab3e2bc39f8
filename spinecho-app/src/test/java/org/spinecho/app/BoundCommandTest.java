package org.spinecho.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundCommandTest {
    @TempDir
    Path dir;

    /** The JSON that scripts rely on: sd and nmse per parameter, the alpha-xi correlation; more noise, wider bound. */
    @Test
    void boundAtAPointWritesSdNmseAndCorrelation() throws IOException {
        Path json = dir.resolve("b.json");
        ModelCommandsTest.Run r = ModelCommandsTest.run("bound", "--kernel", "gauss", "--alpha", "0.5", "--xi", "3",
                "--d", "3", "--lattice", "8x8", "--ntau", "20", "--layouts", "40", "--bin", "4", "--noise", "0,0.01",
                "--threads", "2", "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Cramer-Rao bound"), r.out());
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        for (String p : new String[] {"alpha", "xi", "d"}) {
            assertTrue(j.get("sd").get(p).asDouble() > 0, p);
            double n = j.get("nmse").get(p).asDouble();
            assertTrue(n > 0 && n <= 1, p + " nmse " + n);
            assertTrue(j.get("by_noise").get(1).get("sd").get(p).asDouble() > j.get("sd").get(p).asDouble(),
                    "noise widens the bound of " + p);
        }
        double corr = j.get("correlation_alpha_xi").asDouble();
        assertTrue(corr >= -1 && corr <= 1, "correlation " + corr);
        assertEquals(0.0, j.get("noise").asDouble(), 0);
    }

    /** The prior map: N draws, each bound capped at the prior, averaged; the checkpoint goes when done. */
    @Test
    void mapOverThePriorAveragesCappedNmse() throws IOException {
        Path json = dir.resolve("map.json");
        ModelCommandsTest.Run r = ModelCommandsTest.run("bound", "--prior", "gauss", "--count", "2", "--lattice", "8x8",
                "--ntau", "20", "--layouts", "30", "--bin", "6", "--noise", "0,0.003", "--threads", "2",
                "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("prior-averaged bound"), r.out());
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertEquals(2, j.get("points").size());
        assertEquals(2, j.get("prior_averaged").size());
        for (JsonNode level : j.get("prior_averaged")) {
            for (String p : new String[] {"alpha", "xi", "d"}) {
                double n = level.get("nmse").get(p).asDouble();
                assertTrue(n >= 0 && n <= 1, p + " " + n);
                // the prior's information added: never above the capped bound, never below half of it
                // for a parameter the curve does not tie to the others
                double w = level.get("nmse_with_prior").get(p).asDouble();
                assertTrue(w > 0 && w <= n + 1e-12, p + " with prior " + w + ", capped " + n);
            }
            assertTrue(level.get("nmse_with_prior_mean_se").asDouble() >= 0, level.toString());
        }
        assertTrue(r.out().contains("with prior"), r.out());
        assertFalse(Files.exists(dir.resolve("map.json.points")), "the checkpoint is removed when the map is done");
        // a checkpoint of another map is refused, not mixed in
        Files.writeString(dir.resolve("map2.json.points"), "{\"settings\":\"something else\"}\n");
        ModelCommandsTest.Run other = ModelCommandsTest.run("bound", "--prior", "gauss", "--count", "2", "--lattice",
                "8x8", "--ntau", "20", "--layouts", "30", "--bin", "6", "--json", dir.resolve("map2.json").toString());
        assertEquals(2, other.code());
        assertTrue(other.err().contains("other settings"), other.err());
    }

    @Test
    void badInputIsRefusedWithStatusTwo() {
        ModelCommandsTest.Run noPoint = ModelCommandsTest.run("bound", "--kernel", "gauss", "--alpha", "0.5");
        assertEquals(2, noPoint.code());
        assertTrue(noPoint.err().contains("--xi"), noPoint.err());
        ModelCommandsTest.Run few = ModelCommandsTest.run("bound", "--kernel", "gauss", "--alpha", "0.5", "--xi", "3",
                "--d", "3", "--lattice", "8x8", "--ntau", "20", "--layouts", "5", "--bin", "1");
        assertEquals(2, few.code());
        assertTrue(few.err().contains("too few"), few.err());
        ModelCommandsTest.Run negative = ModelCommandsTest.run("bound", "--kernel", "gauss", "--alpha", "-1", "--xi",
                "3", "--d", "3");
        assertEquals(2, negative.code());
    }
}
