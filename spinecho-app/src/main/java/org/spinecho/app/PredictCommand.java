package org.spinecho.app;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spinecho.data.AtomicFiles;
import org.spinecho.data.DatasetManifest;
import org.spinecho.data.OutputGuard;
import org.spinecho.data.Kernel;
import org.spinecho.data.DelimitedText;
import org.spinecho.data.EchoDataset;
import org.spinecho.data.MeasuredCurve;
import org.spinecho.ml.Estimator;
import org.spinecho.ml.UncertaintyCalibration;
import org.spinecho.ml.fit.NoiseEstimate;
import org.spinecho.sim.EchoSequence;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spinecho predict}: α, ξ, d in physical units for each curve of a data set (one line
 * {@code α ξ d} per curve, the challenge's mat_info format) or for a single curve.
 */
@Command(resourceBundle = "org.spinecho.app.PredictCommand",
        name = "predict", mixinStandardHelpOptions = true,
        header = "Infer alpha, xi and d from curves with a trained model.")
public final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Options.Model models;

    @Option(names = "--kernel", paramLabel = "gauss|rkky", converter = Options.PresetKernelConverter.class)
    Kernel kernel;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @ArgGroup(exclusive = false)
        Files files;

        @Option(names = "--curve", required = true, paramLabel = "FILE")
        Path curve;
    }

    static final class Files {
        @Option(names = "--echos-r", required = true, paramLabel = "FILE")
        Path echosR;

        @Option(names = "--echos-i", required = true, paramLabel = "FILE")
        Path echosI;
    }

    @Option(names = "--out", paramLabel = "FILE")
    Path out;

    @Option(names = "--uncertainty")
    boolean uncertainty;

    @Option(names = "--noise", paramLabel = "SIGMA")
    Double noise;

    /** Level of the intervals written by --uncertainty. */
    static final double LEVEL = 0.9;

    @Override
    public Integer call() throws java.io.IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        Path model = models.dir(kernel);
        OutputGuard.checkFiles(OutputGuard.given(new OutputGuard.Named("--out", out)),
                    input.curve != null ? List.of(new OutputGuard.Named("--curve", input.curve))
                            : List.of(new OutputGuard.Named("--echos-r", input.files.echosR),
                                    new OutputGuard.Named("--echos-i", input.files.echosI)),
                    List.of(ModelLoading.protectedDir(model)));
        try (Estimator m = ModelLoading.load(model, kernel == null ? null : kernel.id(), err)) {
            UncertaintyCalibration cal = m.calibration();
            if (noise != null && (!(noise >= 0) || !Double.isFinite(noise))) {
                throw new UsageError("--noise must be a finite number >= 0, got " + noise);
            }
            if (uncertainty && cal == null) {
                throw new UsageError("--model " + model + " has no uncertainty calibration: run 'spinecho calibrate' on "
                        + "held-out curves first");
            }
            if (input.curve != null) {
                MeasuredCurve curve = MeasuredCurve.read(input.curve);
                double dt = EchoSequence.DEFAULT.dt();
                if (curve.hasTime() && Math.abs(curve.dtUnits() - dt) > 1e-3 * dt) {
                    throw new UsageError(String.format(Locale.ROOT, "%s: samples %.4g us apart, but the network was "
                            + "trained on curves sampled every %.4g us (fit takes other sampling)", input.curve,
                            curve.dtUnits() / MeasuredCurve.UNITS_PER_MICROSECOND, dt / MeasuredCurve.UNITS_PER_MICROSECOND));
                }
                double[] re = curve.re();
                double[] im = curve.im();
                ModelLoading.checkLength(m, re.length, input.curve);
                double[] p = m.predict(new double[][] {re}, new double[][] {im})[0];
                String[] names = {"alpha", "xi   ", "d    "};
                String[] what = {"rad/u  (coupling strength)", "lattice spacings  (correlation length)",
                    String.format(Locale.ROOT, "(dephasing: Gamma = 10^-d = %.3g per u)", Math.pow(10, -p[2]))};
                StringBuilder text = new StringBuilder();
                UncertaintyCalibration.Local local = uncertainty ? cal.at(p, noiseOf(re, im)) : null;
                if (uncertainty) {
                    warnOutsideCalibration(err, cal, local.sigma(), input.curve.toString());
                }
                for (int v = 0; v < 3; v++) {
                    text.append(String.format(Locale.ROOT, "%s = %.6g", names[v], p[v]));
                    if (uncertainty) {
                        double[] in = local.interval(v, LEVEL);
                        text.append(String.format(Locale.ROOT, " +- %.3g (90%%: %.4g .. %.4g)", local.sd()[v], in[0],
                                in[1]));
                    }
                    text.append("  ").append(what[v]).append(System.lineSeparator());
                }
                emit(stdout, text.toString());
            } else {
                DatasetManifest.verify(input.files.echosR, input.files.echosI);
                EchoDataset data = EchoDataset.readCurves(input.files.echosR, input.files.echosI);
                ModelLoading.checkLength(m, data.samples(), input.files.echosR);
                double[][] p = m.predict(data.re(), data.im());
                StringBuilder sb = new StringBuilder(p.length * 64);
                if (uncertainty) {
                    sb.append("# alpha\txi\td\tsd_alpha\tsd_xi\tsd_d\talpha_lo\talpha_hi\txi_lo\txi_hi\td_lo\td_hi\n");
                }
                UncertaintyCalibration.Local[] local = new UncertaintyCalibration.Local[p.length];
                if (uncertainty) {
                    double[] sigma = new double[p.length];
                    java.util.stream.IntStream.range(0, p.length).parallel().forEach(i -> {
                        sigma[i] = noiseOf(data.re()[i], data.im()[i]);
                        local[i] = cal.at(p[i], sigma[i]);
                    });
                    warnOutsideCalibration(err, cal, java.util.Arrays.stream(sigma).max().orElse(0),
                            input.files.echosR.toString());
                }
                for (int i = 0; i < p.length; i++) {
                    double[] row = p[i];
                    sb.append(DelimitedText.format(row[0])).append('\t').append(DelimitedText.format(row[1]))
                            .append('\t').append(DelimitedText.format(row[2]));
                    if (uncertainty) {
                        double[] sd = local[i].sd();
                        for (int v = 0; v < 3; v++) {
                            sb.append('\t').append(DelimitedText.format(sd[v]));
                        }
                        for (int v = 0; v < 3; v++) {
                            double[] in = local[i].interval(v, LEVEL);
                            sb.append('\t').append(DelimitedText.format(in[0])).append('\t').append(DelimitedText.format(in[1]));
                        }
                    }
                    sb.append('\n');
                }
                emit(stdout, sb.toString());
                if (out != null) {
                    err.println("predict: wrote " + p.length + " predictions to " + out);
                    err.flush();
                }
            }
            return 0;
        }
    }

    /** The curve's noise: --noise if given, else estimated from the curve. */
    private double noiseOf(double[] re, double[] im) {
        return noise != null ? noise : NoiseEstimate.of(re, im);
    }

    /** A note on stderr when a curve is noisier than the calibration reaches (its intervals are then extrapolated). */
    private static void warnOutsideCalibration(PrintWriter err, UncertaintyCalibration cal, double sigma, String what) {
        if (!cal.noiseAware() && sigma > 1e-4) {
            err.printf(Locale.ROOT, "predict: note: %s has noise %.2g per component, but the model's calibration was "
                    + "made on noiseless curves only (an old calibration): its intervals are too narrow for noisy "
                    + "curves; run 'spinecho calibrate' again%n", what, sigma);
            err.flush();
        } else if (cal.noiseAware() && sigma > 1.5 * cal.maxLevel()) {
            err.printf(Locale.ROOT, "predict: note: %s has noise %.2g per component, above the largest level the "
                    + "calibration was made with (%.2g): its intervals are extrapolated%n", what, sigma, cal.maxLevel());
            err.flush();
        }
    }

    private void emit(PrintWriter stdout, String text) throws java.io.IOException {
        if (out != null) {
            AtomicFiles.write(out, text.getBytes(StandardCharsets.UTF_8));
        } else {
            stdout.print(text);
            stdout.flush();
        }
    }
}
