package org.spinecho.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spinecho.data.CurveParquet;
import org.spinecho.data.EchoDataset;
import org.spinecho.ml.Estimator;
import org.spinecho.ml.ModelDirectory;
import org.spinecho.ml.Scores;
import org.spinecho.ml.UncertaintyCalibration;
import org.spinecho.ml.study.ErrorBreakdown;
import org.spinecho.ml.study.NoisyCalibration;

/**
 * A model scored on a labelled set at many noise levels ({@code evaluate --noise-levels}) as a
 * sweep: item 0 is the set as it is (NMSE, Err and, for a calibrated model, the coverage), item
 * k ≥ 1 the set with noise level k added ({@link ErrorBreakdown#underNoise}). The output is the file
 * {@code evaluate --json} writes with the same levels. Every task loads the model and the set
 * (both on a file system the executors see) once.
 */
final class EvaluateSweep implements Sweep {
    private static final long serialVersionUID = 1L;

    private final String model;
    private final String echosR;
    private final String echosI;
    private final String params;
    private final String parquet;
    private final double[] levels;

    /**
     * @param model   the model directory
     * @param text    the three text files (Re, Im, parameters), or null with {@code parquet}
     * @param parquet the Parquet directory or file, or null with {@code text}
     * @param levels  the noise levels (σ ≥ 0)
     * @throws IllegalArgumentException if an input is missing or a level is not a finite number ≥ 0
     */
    EvaluateSweep(Path model, List<Path> text, Path parquet, double[] levels) {
        if (!Files.isDirectory(model)) {
            throw new IllegalArgumentException("--model " + model + ": no such model directory");
        }
        if ((text == null) == (parquet == null)) {
            throw new IllegalArgumentException("give the labelled set as --echos-r, --echos-i and --params, or as "
                    + "--parquet DIR");
        }
        List<Path> inputs = text != null ? text : List.of(parquet);
        for (Path p : inputs) {
            if (!Files.exists(p)) {
                throw new IllegalArgumentException(p + ": no such file or directory");
            }
        }
        for (double s : levels) {
            if (!(s >= 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException("--noise-levels must be finite numbers >= 0, got " + s);
            }
        }
        this.model = model.toAbsolutePath().toString();
        this.echosR = text != null ? text.get(0).toAbsolutePath().toString() : null;
        this.echosI = text != null ? text.get(1).toAbsolutePath().toString() : null;
        this.params = text != null ? text.get(2).toAbsolutePath().toString() : null;
        this.parquet = parquet != null ? parquet.toAbsolutePath().toString() : null;
        this.levels = levels.clone();
    }

    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public int items() {
        return 1 + levels.length;
    }

    @Override
    public Map<String, String> settings() {
        StringBuilder l = new StringBuilder();
        for (double v : levels) {
            l.append(l.length() > 0 ? "," : "").append(v);
        }
        return parquet != null
                ? SparkSweep.settings("--model", model, "--parquet", parquet, "--noise-levels", l.toString())
                : SparkSweep.settings("--model", model, "--echos-r", echosR, "--echos-i", echosI, "--params", params,
                        "--noise-levels", l.toString());
    }

    @Override
    public Worker worker() {
        Estimator m = ModelDirectory.load(Path.of(model));
        EchoDataset set;
        try {
            set = parquet != null ? CurveParquet.read(Path.of(parquet))
                    : EchoDataset.read(Path.of(echosR), Path.of(echosI), Path.of(params));
            if (set.samples() != m.curveLength()) {
                throw new IllegalArgumentException((parquet != null ? parquet : echosR) + ": curves have "
                        + set.samples() + " samples, but the model expects " + m.curveLength());
            }
            String undefined = Scores.undefinedReason(set.params());
            if (undefined != null) {
                throw new IllegalArgumentException((parquet != null ? parquet : echosR) + ": " + undefined);
            }
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        return new Worker() {
            @Override
            public JsonNode compute(int i) {
                if (i == 0) {
                    double[][] pred = m.predict(set.re(), set.im());
                    Scores s = Scores.compute(set.params(), pred);
                    UncertaintyCalibration.Assessment coverage = m.calibration() == null ? null
                            : m.calibration().assess(pred, NoisyCalibration.noiseOf(set.re(), set.im()), set.params(),
                                    ErrorBreakdown.coverageLevels());
                    return ErrorBreakdown.jsonNode(s, coverage);
                }
                return ErrorBreakdown.jsonNode(ErrorBreakdown.underNoise(m::predict, m.calibration(), set.re(), set.im(),
                        set.params(), List.of(levels[i - 1])).get(0));
            }

            @Override
            public void close() {
                m.close();
            }
        };
    }

    @Override
    public byte[] assemble(List<JsonNode> results, String command) throws java.io.IOException {
        ObjectNode root = ((ObjectNode) results.get(0)).deepCopy();
        if (levels.length > 0) {
            ArrayNode noise = root.putArray("noise");
            for (int i = 1; i < results.size(); i++) {
                noise.add(results.get(i));
            }
        }
        return ErrorBreakdown.bytes(root);
    }

    @Override
    public String summary(List<JsonNode> results) {
        List<String> parts = new ArrayList<>();
        parts.add(String.format(Locale.ROOT, "NMSE mean %.4f on %d curves", results.get(0).path("nmse").path("mean")
                .asDouble(), results.get(0).path("n").asInt()));
        for (int i = 1; i < results.size(); i++) {
            parts.add(String.format(Locale.ROOT, "noise %s: %.4f", results.get(i).path("sigma").asText(),
                    results.get(i).path("nmse").path("mean").asDouble()));
        }
        return String.join("; ", parts);
    }
}
