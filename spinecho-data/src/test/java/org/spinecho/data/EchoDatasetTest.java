package org.spinecho.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EchoDatasetTest {
    @TempDir
    Path dir;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(EchoDatasetTest.class.getResource(name).toURI());
    }

    private static void assertBits(double[][] expected, double[][] actual) {
        assertEquals(expected.length, actual.length);
        for (int n = 0; n < expected.length; n++) {
            assertEquals(expected[n].length, actual[n].length);
            for (int j = 0; j < expected[n].length; j++) {
                assertEquals(Double.doubleToRawLongBits(expected[n][j]), Double.doubleToRawLongBits(actual[n][j]),
                        "row " + n + " col " + j + ": " + expected[n][j] + " vs " + actual[n][j]);
            }
        }
    }

    @Test
    void roundTripIsBitForBit() throws IOException {
        double[] special = {0.1, 1.0e-5, -3.0e-7, -0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
            Double.MAX_VALUE, -Double.MAX_VALUE, 1e-300, -1e300, 2.0e10, 1.0 / 3, Math.PI, -Math.E, 123456789.0,
            Math.nextUp(1.0), Math.nextDown(1e-3), 1e7, 9.999999999999999e22};
        Random random = new Random(7);
        int curves = 4;
        int samples = special.length + 30;
        double[][] re = new double[curves][samples];
        double[][] im = new double[curves][samples];
        double[][] params = new double[curves][3];
        for (int n = 0; n < curves; n++) {
            for (int j = 0; j < samples; j++) {
                re[n][j] = j < special.length ? special[j] * (n % 2 == 0 ? 1 : -1)
                        : Double.longBitsToDouble(random.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL) * (random.nextBoolean() ? 1 : -1);
                im[n][j] = random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
            }
            params[n] = new double[] {random.nextDouble(), 3 + 17 * random.nextDouble(), 2 + 3 * random.nextDouble()};
        }
        EchoDataset data = new EchoDataset(re, im, params);
        DataFiles files = DataFiles.of(dir, "gauss", "model");
        data.write(files);

        EchoDataset back = files.read();
        assertBits(re, back.re());
        assertBits(im, back.im());
        assertBits(params, back.params());
        assertEquals(data, back);

        String text = Files.readString(files.re());
        assertTrue(text.startsWith("0.1\t1.0e-5\t-3.0e-7\t-0.0\t0.0\t4.9e-324\t"), text.substring(0, 60));
        assertTrue(text.endsWith("\n"));
        assertFalse(text.contains(" "));
        assertEquals(curves, text.lines().count());
        try (var list = Files.list(dir)) {
            assertEquals(3, list.count(), "no temporary files left");
        }
    }

    @Test
    void readsJuliaWritedlmFixture() throws Exception {
        EchoDataset data = EchoDataset.read(resource("julia/gauss_echos_eval_r.txt"),
                resource("julia/gauss_echos_eval_i.txt"), resource("julia/gauss_mat_info_eval.txt"));
        assertEquals(3, data.size());
        assertEquals(4, data.samples());
        assertArrayEquals(new double[] {0.1, 1.0e-5, -2.5e-7, 0.12345678901234568}, data.re()[0]);
        assertArrayEquals(new double[] {1.0, -3.0, Double.MIN_VALUE, -2.0e10}, data.im()[1]);
        assertEquals(Double.MAX_VALUE, data.re()[2][3]);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(data.re()[1][0]));
        assertEquals(19.99, data.xi(2));
        assertEquals(0.5, data.alpha(0));
        assertEquals(3.5, data.d(0));
    }

    @Test
    void readsNumpySavetxtFixture() throws Exception {
        DataFiles files = DataFiles.of(resource("numpy/rkky_echos_model_r.txt").getParent(), "rkky", "model");
        EchoDataset data = files.read();
        assertArrayEquals(new double[] {0.1, -2.5, 1.0e-5}, data.re()[0]);
        assertArrayEquals(new double[] {-3.0e-7, 0.0, 0.12345}, data.re()[1]);
        assertArrayEquals(new double[] {0.3, 5.0, 2.0}, data.params()[1]);
    }

    @Test
    void readsCurvesWithoutParameters() throws Exception {
        EchoDataset data = EchoDataset.readCurves(resource("julia/gauss_echos_eval_r.txt"),
                resource("julia/gauss_echos_eval_i.txt"));
        assertEquals(3, data.size());
        assertFalse(data.hasParams());
        assertNull(data.params());
        assertThrows(IllegalStateException.class, () -> data.alpha(0));
    }

    // ------------------------------------------------------------------ bad input

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private static DataFormatException assertBad(String where, int line, int column, Executable read) {
        DataFormatException e = assertThrows(DataFormatException.class, read::execute);
        assertTrue(e.getMessage().contains(where + ":" + line + ":" + column + ": "), e.getMessage());
        assertEquals(line, e.line());
        assertEquals(column, e.column());
        assertEquals(where, e.file().getFileName().toString());
        return e;
    }

    private interface Executable {
        void execute() throws Exception;
    }

    private static final String GOOD_R = "1.0\t2.0\t3.0\n4.0\t5.0\t6.0\n";
    private static final String GOOD_P = "0.5\t10.0\t3.0\n0.2\t4.0\t2.5\n";

    private EchoDataset readSet(String r, String i, String p) throws IOException {
        return EchoDataset.read(write("g_echos_eval_r.txt", r), write("g_echos_eval_i.txt", i),
                write("g_mat_info_eval.txt", p));
    }

    @Test
    void raggedRow() {
        DataFormatException e = assertBad("g_echos_eval_r.txt", 2, 3,
                () -> readSet("1\t2\t3\n4\t5\n", GOOD_R, GOOD_P));
        assertTrue(e.getMessage().contains("expected 3 numbers, found 2"), e.getMessage());
        assertBad("g_echos_eval_i.txt", 1, 4, () -> readSet(GOOD_R, "1\t2\t3\t4\n4\t5\t6\n", GOOD_P));
    }

    @Test
    void notANumber() {
        DataFormatException e = assertBad("g_echos_eval_i.txt", 2, 2,
                () -> readSet(GOOD_R, "1\t2\t3\n4\tabc\t6\n", GOOD_P));
        assertTrue(e.getMessage().endsWith("not a number: 'abc'"), e.getMessage());
        assertBad("g_echos_eval_r.txt", 1, 3, () -> readSet("1\t2\t3,5\n4\t5\t6\n", GOOD_R, GOOD_P));
        assertBad("g_echos_eval_r.txt", 1, 1, () -> readSet("1.0f\t2\t3\n4\t5\t6\n", GOOD_R, GOOD_P));
        assertBad("g_echos_eval_r.txt", 1, 2, () -> readSet("1\t0x1p3\t3\n4\t5\t6\n", GOOD_R, GOOD_P));
        assertBad("g_echos_eval_r.txt", 2, 3, () -> readSet("1\t2\t3\n4\t5\t1e\n", GOOD_R, GOOD_P));
    }

    @Test
    void nanAndInfinity() {
        for (String bad : new String[] {"NaN", "nan", "Inf", "-Inf", "Infinity", "-Infinity", "1e400"}) {
            DataFormatException e = assertBad("g_echos_eval_r.txt", 2, 1,
                    () -> readSet("1\t2\t3\n" + bad + "\t5\t6\n", GOOD_R, GOOD_P));
            assertTrue(e.getMessage().contains("not a finite number"), e.getMessage());
        }
        assertBad("g_mat_info_eval.txt", 1, 2, () -> readSet(GOOD_R, GOOD_R, "0.5\tNaN\t3\n0.2\t4\t2.5\n"));
    }

    @Test
    void lineCountsDiffer() {
        DataFormatException e = assertBad("g_echos_eval_i.txt", 2, 1,
                () -> readSet(GOOD_R, "1\t2\t3\n", GOOD_P));
        assertTrue(e.getMessage().contains("g_echos_eval_r.txt has 2"), e.getMessage());
        assertBad("g_echos_eval_i.txt", 3, 1, () -> readSet(GOOD_R, GOOD_R + "7\t8\t9\n", GOOD_P));
        assertBad("g_mat_info_eval.txt", 2, 1, () -> readSet(GOOD_R, GOOD_R, "0.5\t10\t3\n"));
        assertBad("g_mat_info_eval.txt", 3, 1, () -> readSet(GOOD_R, GOOD_R, GOOD_P + "0.1\t5\t3\n"));
    }

    @Test
    void wrongColumnsInMatInfo() {
        DataFormatException e = assertBad("g_mat_info_eval.txt", 2, 4,
                () -> readSet(GOOD_R, GOOD_R, "0.5\t10\t3\n0.2\t4\t2.5\t9\n"));
        assertTrue(e.getMessage().contains("expected 3 numbers, found 4"), e.getMessage());
        assertBad("g_mat_info_eval.txt", 1, 3, () -> readSet(GOOD_R, GOOD_R, "0.5\t10\n0.2\t4\n"));
    }

    @Test
    void emptyOrMissingFile() throws IOException {
        DataFormatException e = assertBad("g_echos_eval_r.txt", 1, 1, () -> readSet("", GOOD_R, GOOD_P));
        assertTrue(e.getMessage().contains("empty file"), e.getMessage());
        assertBad("g_mat_info_eval.txt", 1, 1, () -> readSet(GOOD_R, GOOD_R, " \t\r\n\n"));
        Path r = write("x_r.txt", GOOD_R);
        e = assertBad("missing_i.txt", 1, 1, () -> EchoDataset.readCurves(r, dir.resolve("missing_i.txt")));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void blankLineInTheMiddle() {
        assertBad("g_echos_eval_r.txt", 2, 1, () -> readSet("1\t2\t3\n\n4\t5\t6\n", GOOD_R, GOOD_P));
    }

    @Test
    void acceptsSpacesTabsCrlfAndTrailingBlanks() throws IOException {
        EchoDataset d = readSet("  1.0 \t 2.0  3e0 \r\n4.0\t5.0\t+6.0\t\r\n\r\n", "1 2 3\r4 5 6\r", GOOD_P + "\n\n");
        assertArrayEquals(new double[] {1, 2, 3}, d.re()[0]);
        assertArrayEquals(new double[] {4, 5, 6}, d.re()[1]);
        assertArrayEquals(new double[] {4, 5, 6}, d.im()[1]);
    }

    @Test
    void validatesInMemoryDatasets() {
        assertThrows(IllegalArgumentException.class,
                () -> new EchoDataset(new double[][] {{1, 2}}, new double[][] {{1}}, null));
        assertThrows(IllegalArgumentException.class,
                () -> new EchoDataset(new double[][] {{1}}, new double[][] {{1}}, new double[][] {{1, 2}}));
        assertThrows(IllegalArgumentException.class,
                () -> new EchoDataset(new double[][] {{1}, {2}}, new double[][] {{1}}, null));
        assertThrows(IllegalArgumentException.class,
                () -> new EchoDataset(new double[][] {{Double.NaN}}, new double[][] {{1}}, null));
    }
}
