package org.spinecho.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Model directories saved by earlier versions must keep loading and predicting the same values:
 * format version 1 (spinecho 0.1.0, a tiny network trained on a 6 × 6 lattice, ntau 10) and
 * format version 2 (the first ensemble format: that network plus a second one as member-2).
 */
class ModelFormatCompatibilityTest {

    static double[][] read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        double[][] rows = new double[lines.size()][];
        for (int i = 0; i < rows.length; i++) {
            String[] t = lines.get(i).trim().split("\\s+");
            rows[i] = new double[t.length];
            for (int k = 0; k < t.length; k++) {
                rows[i][k] = Double.parseDouble(t[k]);
            }
        }
        return rows;
    }

    @Test
    void loadsAndPredictsLikeTheVersionThatSavedIt() throws IOException, URISyntaxException {
        Path dir = Path.of(getClass().getResource("/model-format-v1/manifest.json").toURI()).getParent();
        try (Estimator model = ModelDirectory.load(dir)) {
            assertEquals(1, model.manifest().formatVersion());
            assertEquals("gauss", model.manifest().kernel());
            assertEquals(30, model.curveLength());
            double[][] pred = model.predict(read(dir.resolve("gauss_echos_eval_r.txt")),
                    read(dir.resolve("gauss_echos_eval_i.txt")));
            double[][] expected = read(dir.resolve("expected_predictions.txt"));
            for (int i = 0; i < expected.length; i++) {
                for (int k = 0; k < 3; k++) {
                    assertEquals(expected[i][k], pred[i][k], 1e-4 * Math.max(1, Math.abs(expected[i][k])),
                            "curve " + i + " parameter " + k);
                }
            }
        }
    }

    @Test
    void loadsTheFirstEnsembleFormat() throws IOException, URISyntaxException {
        Path v1 = Path.of(getClass().getResource("/model-format-v1/manifest.json").toURI()).getParent();
        Path dir = Path.of(getClass().getResource("/model-format-v2-ensemble/manifest.json").toURI()).getParent();
        try (Estimator model = ModelDirectory.load(dir)) {
            assertEquals(2, model.manifest().formatVersion());
            assertEquals(2, model.memberCount());
            double[][] pred = model.predict(read(v1.resolve("gauss_echos_eval_r.txt")),
                    read(v1.resolve("gauss_echos_eval_i.txt")));
            double[][] expected = read(dir.resolve("expected_predictions.txt"));
            assertEquals(expected.length, pred.length);
            for (int i = 0; i < expected.length; i++) {
                for (int k = 0; k < 3; k++) {
                    assertEquals(expected[i][k], pred[i][k], 1e-4 * Math.max(1, Math.abs(expected[i][k])),
                            "curve " + i + " parameter " + k);
                }
            }
        }
    }
}
