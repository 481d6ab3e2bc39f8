package org.spinecho.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.spinecho.data.EchoDataset;
import org.spinecho.data.Kernel;
import org.spinecho.data.Prior;
import org.spinecho.data.Sha256;
import org.spinecho.ml.Estimator;
import org.spinecho.ml.ModelDirectory;
import org.spinecho.ml.UncertaintyCalibration;
import org.spinecho.ml.study.NoisyCalibration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spinecho calibrate}: calibrates a model's uncertainty on a held-out labelled set
 * (curves neither trained nor validated on) and stores the calibration in the model directory.
 */
@Command(resourceBundle = "org.spinecho.app.CalibrateCommand",
        name = "calibrate", mixinStandardHelpOptions = true,
        header = "Calibrate a model's uncertainty on held-out curves (stored in the model).")
public final class CalibrateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Options.Model models;

    @Mixin
    LabelledDataOptions data;

    @Option(names = "--neighbours", defaultValue = "100", paramLabel = "K")
    int neighbours;

    @Option(names = "--noise-levels", split = ",", paramLabel = "SIGMA[,SIGMA...]",
            defaultValue = "0,1e-4,3e-4,1e-3,3e-3,0.01,0.03")
    List<Double> noiseLevels;

    /**
     * The calibration data's SHA-256 for the model's manifest: its files and, for a generated text
     * set, its generation manifest ({@code <kernel>_<split>_manifest.json}, which holds the preset, the
     * seed and the count).
     */
    private Map<String, String> dataChecksums() throws IOException {
        Map<String, String> sums = new LinkedHashMap<>(data.checksums("calibration:"));
        Path echosR = data.files().echosR();
        if (echosR != null && echosR.getFileName() != null) {
            Matcher name = Pattern.compile("(.+)_echos_(.+)_r\\.txt").matcher(echosR.getFileName().toString());
            if (name.matches()) {
                Path manifest = echosR.resolveSibling(name.group(1) + "_" + name.group(2) + "_manifest.json");
                if (Files.isRegularFile(manifest)) {
                    sums.put("calibration:" + manifest.getFileName(), Sha256.ofFile(manifest));
                }
            }
        }
        return sums;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Path model = models.required();
        try (Estimator m = ModelLoading.load(model, null, err)) {
            if (neighbours < 5) {
                throw new UsageError("--neighbours must be >= 5, got " + neighbours);
            }
            for (int l = 0; l < noiseLevels.size(); l++) {
                double s = noiseLevels.get(l);
                if (!(s >= 0) || !Double.isFinite(s) || (l > 0 && !(s > noiseLevels.get(l - 1)))) {
                    throw new UsageError("--noise-levels must be finite numbers >= 0 in increasing order, got "
                            + noiseLevels);
                }
            }
            EchoDataset set = data.read();
            ModelLoading.checkLength(m, set.samples(), data.origin());
            if (set.size() < 4 * neighbours) {
                throw new UsageError("need at least " + 4 * neighbours + " calibration curves for --neighbours "
                        + neighbours + ", " + data.origin() + " has " + set.size());
            }
            Prior prior = Kernel.of(m.manifest().kernel()).preset().prior();
            double[][] range = {{prior.alpha().lo(), prior.alpha().hi()}, {prior.xi().lo(), prior.xi().hi()},
                {prior.d().lo(), prior.d().hi()}};
            UncertaintyCalibration c = NoisyCalibration.calibrate(m::predict, set.re(), set.im(), set.params(),
                    noiseLevels, neighbours, range);
            ModelDirectory.storeCalibration(model, m, c, dataChecksums());
            err.printf(Locale.ROOT, "calibrate: %d curves at %d noise levels, k = %d; 90%% score quantiles "
                    + "alpha / xi / d:%n", set.size(), noiseLevels.size(), neighbours);
            for (int l = 0; l < noiseLevels.size(); l++) {
                err.printf(Locale.ROOT, "  noise %-7s %.3f / %.3f / %.3f%n", noiseLevels.get(l), c.quantile(l, 0, 0.9),
                        c.quantile(l, 1, 0.9), c.quantile(l, 2, 0.9));
            }
            err.printf(Locale.ROOT, "calibrate: stored in %s%n", model.resolve(ModelDirectory.CALIBRATION_FILE));
            err.flush();
            return 0;
        }
    }
}
