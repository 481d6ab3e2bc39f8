package org.spinecho.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitCommandTest {

    @TempDir
    Path dir;

    private Path simulate(String name, String... extra) {
        Path curve = dir.resolve(name);
        String[] base = {"simulate", "--kernel", "gauss", "--alpha", "0.6", "--xi", "3", "--d", "2.5", "--lattice",
            "10x10", "--ntau", "20", "--layout-seed", "77", "--out", curve.toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        ModelCommandsTest.Run s = ModelCommandsTest.run(args);
        assertEquals(0, s.code(), s.err());
        return curve;
    }

    @Test
    void fitsACurveAndWritesTheJsonScriptsRelyOn() throws IOException {
        Path curve = simulate("c.txt");
        Path json = dir.resolve("fit.json");
        ModelCommandsTest.Run f = ModelCommandsTest.run("fit", "--kernel", "gauss", "--curve", curve.toString(),
                "--start", "0.5,3.5,2.7", "--lattice", "10x10", "--layouts", "8", "--threads", "2",
                "--json", json.toString());
        assertEquals(0, f.code(), f.err());
        assertTrue(f.out().contains("90% interval"), f.out());
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        for (String p : List.of("alpha", "xi", "d")) {
            double v = j.get("fit").get(p).asDouble();
            JsonNode iv = j.get("interval_90").get(p);
            assertTrue(iv.get(0).asDouble() <= v && v <= iv.get(1).asDouble(), p + " in its interval " + iv);
            assertTrue(j.get("sd").get(p).asDouble() > 0, p);
        }
        assertEquals(0.5, j.get("start").get("alpha").asDouble(), 0);
        assertTrue(j.get("noise_estimated").asBoolean());
        assertFalse(j.get("scale_and_phase_fitted").asBoolean());
        assertEquals(2.5, j.get("fit").get("d").asDouble(), 0.1, "d is well determined");
    }

    /** A measured curve: time in microseconds, unknown scale and phase; and a series of two flip angles. */
    @Test
    void fitsAMeasuredSeriesWithTimeColumnAndUnknownScale() throws IOException {
        Path c90 = simulate("c90.txt");
        Path c60 = simulate("c60.txt", "--flip-angle", Double.toString(Math.PI / 3));
        Path measured = dir.resolve("m90.txt");
        List<String> lines = Files.readAllLines(c90);
        StringBuilder sb = new StringBuilder();
        double dtMicro = 2 / (2 * Math.PI);
        for (int i = 0; i < lines.size(); i++) {
            String[] v = lines.get(i).trim().split("\\s+");
            double re = Double.parseDouble(v[0]);
            double im = Double.parseDouble(v[1]);
            double c = 0.8 * Math.cos(0.3);
            double s = 0.8 * Math.sin(0.3);
            sb.append(String.format(Locale.ROOT, "%.6f %.12e %.12e%n", (i + 1) * dtMicro, c * re - s * im, c * im + s * re));
        }
        Files.writeString(measured, sb.toString());
        Path json = dir.resolve("series.json");
        ModelCommandsTest.Run f = ModelCommandsTest.run("fit", "--kernel", "gauss", "--curve", measured.toString(),
                "--flip-angle", "90", "--curve", c60.toString(), "--flip-angle", "60", "--start", "0.5,3.5,2.7",
                "--noise", "0.0001", "--lattice", "10x10", "--layouts", "8", "--threads", "2", "--json", json.toString());
        assertEquals(0, f.code(), f.err());
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertTrue(j.get("scale_and_phase_fitted").asBoolean());
        assertEquals(90, j.get("flip_angles").get(0).asDouble(), 1e-9);
        assertEquals(60, j.get("flip_angles").get(1).asDouble(), 1e-9);
        assertEquals(2.5, j.get("fit").get("d").asDouble(), 0.1);
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
        Path good = simulate("g.txt");
        ModelCommandsTest.Run fa = ModelCommandsTest.run("fit", "--kernel", "gauss", "--curve", good.toString(),
                "--curve", good.toString(), "--flip-angle", "90", "--start", "0.5,3,2.7");
        assertEquals(2, fa.code());
        assertTrue(fa.err().contains("one --flip-angle per --curve"), fa.err());
        ModelCommandsTest.Run same = ModelCommandsTest.run("fit", "--kernel", "gauss", "--curve", good.toString(),
                "--start", "0.5,3,2.7", "--json", good.toString());
        assertEquals(2, same.code());
        assertTrue(Files.readString(good).length() > 100, "the input is untouched");
    }
}
