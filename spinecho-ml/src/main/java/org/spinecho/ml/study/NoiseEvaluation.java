package org.spinecho.ml.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.spinecho.data.EchoDataset;
import org.spinecho.data.GaussianNoise;
import org.spinecho.ml.Estimator;
import org.spinecho.ml.Scores;
import org.spinecho.ml.UncertaintyCalibration;
import org.spinecho.sim.SplitMix64;
import org.spinecho.sim.Theta;

/**
 * A model scored on a labelled set with noise added ({@code evaluate --noise-levels}), and the JSON
 * of an evaluation ({@code evaluate --json}), in one place for every front end that evaluates (the
 * command line in one process, the Spark sweep across executors). The noise of curve i at level σ
 * depends only on σ and i, so a level's scores are the same whatever else is computed with them.
 */
public final class NoiseEvaluation {
    /** The nominal levels of the coverage report of a calibrated model. */
    private static final double[] COVERAGE_LEVELS = {0.5, 0.8, 0.9, 0.95};
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private NoiseEvaluation() {
    }

    /** The nominal levels of the coverage report (0.5, 0.8, 0.9, 0.95). */
    public static double[] coverageLevels() {
        return COVERAGE_LEVELS.clone();
    }

    /** Curves plus Gaussian noise of standard deviation sigma, seeded by (stream, curve index). */
    public static double[][] withNoise(double[][] curves, double sigma, int stream) {
        double[][] out = new double[curves.length][];
        for (int i = 0; i < curves.length; i++) {
            out[i] = curves[i].clone();
            if (sigma > 0) {
                new GaussianNoise(new SplitMix64(0x5EEDL + 1_000_003L * stream + 0x9E3779B97F4A7C15L * i))
                        .addTo(out[i], sigma);
            }
        }
        return out;
    }

    /** The model's scores on the set with noise of standard deviation {@code sigma} added to Re and Im. */
    public static Scores atNoise(Estimator model, EchoDataset set, double sigma) {
        return Scores.compute(set.params(), model.predict(withNoise(set.re(), sigma, 1), withNoise(set.im(), sigma, 2)));
    }

    /**
     * {@code {"n":…, "nmse":{"alpha","xi","d","mean"}, "err":…}}; for a calibrated model also
     * {@code "coverage":{"alpha":{"0.5":…,…},…}} and {@code "mean_width"} in the same shape; with
     * noise levels {@code "noise":[{"sigma":…, "nmse":{…}}, …]}.
     *
     * @param scores   the scores on the set as it is
     * @param coverage the coverage of a calibrated model, or null
     * @param levels   the noise levels, or null
     * @param noisy    the scores at each level
     */
    public static ObjectNode json(Scores scores, UncertaintyCalibration.Assessment coverage, List<Double> levels,
                                  List<Scores> noisy) {
        ObjectNode root = JSON.createObjectNode();
        root.put("n", scores.n());
        root.set("nmse", nmse(scores));
        root.put("err", scores.err());
        if (coverage != null) {
            ObjectNode c = root.putObject("coverage");
            ObjectNode w = root.putObject("mean_width");
            for (int v = 0; v < 3; v++) {
                ObjectNode cv = c.putObject(Theta.NAMES.get(v));
                ObjectNode wv = w.putObject(Theta.NAMES.get(v));
                for (int l = 0; l < coverage.levels().length; l++) {
                    String key = Double.toString(coverage.levels()[l]);
                    cv.put(key, coverage.coverage()[l][v]);
                    wv.put(key, coverage.meanWidth()[l][v]);
                }
            }
        }
        if (levels != null && !noisy.isEmpty()) {
            ArrayNode arr = root.putArray("noise");
            for (int i = 0; i < levels.size(); i++) {
                ObjectNode e = arr.addObject();
                e.put("sigma", levels.get(i));
                e.set("nmse", nmse(noisy.get(i)));
            }
        }
        return root;
    }

    /** {@code {"alpha","xi","d","mean"}} of the scores. */
    public static ObjectNode nmse(Scores s) {
        ObjectNode nm = JSON.createObjectNode();
        nm.put("alpha", s.nmseAlpha());
        nm.put("xi", s.nmseXi());
        nm.put("d", s.nmseD());
        nm.put("mean", s.mean());
        return nm;
    }

    /** The bytes of an evaluation's file (indented). */
    public static byte[] bytes(ObjectNode root) {
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
