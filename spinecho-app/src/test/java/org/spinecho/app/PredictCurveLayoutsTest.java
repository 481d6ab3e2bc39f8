package org.spinecho.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** predict --curve reads a curve in each layout the curve reader knows, and refuses another sampling. */
class PredictCurveLayoutsTest {

    /** The shipped gauss model (Maven gives the module directory as basedir). */
    private static final Path MODEL = Path.of(System.getProperty("basedir", ".")).resolve("../models/gauss").normalize();

    @Test
    void theThreeLayoutsPredictTheSame(@TempDir Path tmp) throws IOException {
        Path curve = tmp.resolve("curve.txt");
        CliRun sim = CliRun.run("simulate", "--kernel", "gauss", "--alpha", "0.5", "--xi", "10", "--d", "3.5",
                "--layout-seed", "99", "--lattice", "12x12", "--out", curve.toString());
        assertEquals(0, sim.exitCode(), sim.err());
        List<String> lines = Files.readAllLines(curve);
        double dtMicroseconds = 2 / (2 * Math.PI); // the network's sampling: dt = 2 u
        StringBuilder timed = new StringBuilder("t_us,Re,Im\n");
        StringBuilder skewed = new StringBuilder();
        StringBuilder re = new StringBuilder();
        StringBuilder im = new StringBuilder();
        for (int k = 0; k < lines.size(); k++) {
            String[] v = lines.get(k).trim().split("\\s+");
            timed.append(String.format(Locale.ROOT, "%.12f,%s,%s%n", 5 + k * dtMicroseconds, v[0], v[1]));
            skewed.append(String.format(Locale.ROOT, "%.12f %s %s%n", k * 2 * dtMicroseconds, v[0], v[1]));
            re.append(k > 0 ? " " : "").append(v[0]);
            im.append(k > 0 ? " " : "").append(v[1]);
        }
        Path csv = Files.writeString(tmp.resolve("curve.csv"), timed);
        Path rows = Files.writeString(tmp.resolve("rows.txt"), re + "\n" + im + "\n");
        Path slow = Files.writeString(tmp.resolve("slow.txt"), skewed);

        CliRun plain = CliRun.run("predict", "--model", MODEL.toString(), "--curve", curve.toString());
        assertEquals(0, plain.exitCode(), plain.err());
        assertTrue(plain.out().startsWith("alpha = "), plain.out());
        for (Path other : List.of(csv, rows)) {
            CliRun r = CliRun.run("predict", "--model", MODEL.toString(), "--curve", other.toString());
            assertEquals(0, r.exitCode(), r.err());
            assertEquals(plain.out(), r.out(), other.toString());
        }
        CliRun refused = CliRun.run("predict", "--model", MODEL.toString(), "--curve", slow.toString());
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("samples 0.6366 us apart, but the network was trained on curves sampled "
                + "every 0.3183 us"), refused.err());
    }
}
