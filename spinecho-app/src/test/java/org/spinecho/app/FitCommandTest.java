package org.spinecho.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitCommandTest {

    @TempDir
    Path dir;

    @Test
    void fitsACurveAndWritesJsonAndPlot() throws IOException {
        Path curve = dir.resolve("c.txt");
        ModelCommandsTest.Run s = ModelCommandsTest.run("simulate", "--kernel", "gauss", "--alpha", "0.6", "--xi", "3",
                "--d", "2.5", "--lattice", "16x16", "--ntau", "20", "--layout-seed", "77", "--out", curve.toString());
        assertEquals(0, s.code(), s.err());
        Path json = dir.resolve("fit.json");
        Path png = dir.resolve("fit.png");
        ModelCommandsTest.Run f = ModelCommandsTest.run("fit", "--kernel", "gauss", "--curve", curve.toString(),
                "--start", "0.5,3.5,2.7", "--lattice", "16x16", "--layout-seeds", "2", "--threads", "2",
                "--json", json.toString(), "--plot", png.toString());
        assertEquals(0, f.code(), f.err());
        assertTrue(f.out().contains("residual RMS") && f.out().contains("stderr"), f.out());
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        for (String key : new String[] {"start", "fit", "stderr"}) {
            for (String p : new String[] {"alpha", "xi", "d"}) {
                assertTrue(j.get(key).has(p), key + "." + p);
            }
        }
        assertEquals(0.5, j.get("start").get("alpha").asDouble(), 0);
        assertTrue(j.get("residual_rms").asDouble() < j.get("start_rms").asDouble());
        assertTrue(j.has("warning"));
        assertEquals(j.get("warning").isNull() ? "fit" : "start", j.get("recommended").asText());
        assertNotNull(ImageIO.read(png.toFile()));
    }

    @Test
    void badInputExitsWithStatusTwoAndWritesNothing() throws IOException {
        Path curve = dir.resolve("bad.txt");
        Files.writeString(curve, "0.1 0.2\n0.3\n");
        Path json = dir.resolve("x.json");
        ModelCommandsTest.Run f = ModelCommandsTest.run("fit", "--kernel", "gauss", "--curve", curve.toString(),
                "--start", "0.5,3,2.7", "--json", json.toString());
        assertEquals(2, f.code());
        assertTrue(f.err().contains("bad.txt:2:"), f.err());
        assertFalse(Files.exists(json));
        ModelCommandsTest.Run k = ModelCommandsTest.run("fit", "--kernel", "lorentz", "--curve", curve.toString(),
                "--start", "0.5,3,2.7");
        assertEquals(2, k.code());
        assertTrue(k.err().contains("--kernel"), k.err());
        ModelCommandsTest.Run st = ModelCommandsTest.run("fit", "--kernel", "gauss", "--curve", curve.toString(),
                "--start", "0.5,3");
        assertEquals(2, st.code());
        assertTrue(st.err().contains("--start"), st.err());
        ModelCommandsTest.Run b = ModelCommandsTest.run("fit", "--kernel", "gauss", "--curve", curve.toString(),
                "--start", "0.5,3,2.7", "--bounds", "tight");
        assertEquals(2, b.code());
        assertTrue(b.err().contains("--bounds must be prior or physical"), b.err());
    }
}
