package org.spinecho.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.spinecho.data.AtomicFiles;
import org.spinecho.data.DataFormatException;
import org.spinecho.data.EchoDataset;
import org.spinecho.data.Preset;
import org.spinecho.data.Prior;
import org.spinecho.ml.SimulatorFit;
import org.spinecho.ml.UncertaintyCalibration;
import org.spinecho.ml.TrainedModel;
import org.spinecho.sim.CouplingKernel;
import org.spinecho.sim.EchoSequence;
import org.spinecho.sim.Lattice;
import org.spinecho.sim.SimulationParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spinecho fit}: starts from the model's estimate (or --start) and fits the simulator to
 * one curve by least squares over Re and Im, averaging the simulated curve over K layout seeds.
 */
@Command(name = "fit", mixinStandardHelpOptions = true,
        header = "Refine alpha, xi, d of one curve by fitting the simulator to it.",
        description = {"Starts from the model's estimate (or --start) and fits the simulator to the curve "
                + "(least squares over Re and Im, Levenberg-Marquardt). The sample's layout is unknown: the "
                + "simulated curve is the average over K layout seeds. Prints the fitted values with standard "
                + "errors from the Jacobian, the residual RMS and a warning when it is much larger than a correct "
                + "model would leave (layout spread and noise). Starting from a calibrated model, it also prints "
                + "the combined estimate, the mean of the model's estimate and the fit, with a 90%% interval: "
                + "on held-out curves more accurate than the model alone, and the one to use unless the fit warns."})
public final class FitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--kernel", required = true, paramLabel = "gauss|rkky", description = "Kernel to fit.")
    String kernel;

    @Option(names = "--curve", paramLabel = "FILE", description = "One curve: lines 'Re Im', as simulate writes.")
    Path curve;

    @Option(names = "--echos-r", paramLabel = "FILE",
            description = "Instead of --curve, a labelled data set (with --echos-i, --params): fit its first --count curves "
                    + "and score model and fit against the true values.")
    Path echosR;

    @Option(names = "--echos-i", paramLabel = "FILE", description = "Imaginary parts of the data set, one curve per line.")
    Path echosI;

    @Option(names = "--params", paramLabel = "FILE", description = "True 'alpha xi d' of the data set, one line per curve.")
    Path params;

    @Option(names = "--count", defaultValue = "100", paramLabel = "N",
            description = "With a data set: how many of its first curves to fit. Default: ${DEFAULT-VALUE}.")
    int count;

    @Option(names = "--record", paramLabel = "FILE",
            description = "With a data set: one line per fitted curve (index, true, start and fitted "
                    + "values, seconds, residual and expected RMS, warning), rewritten after each curve; an existing "
                    + "file of the same study is resumed.")
    Path record;

    @Option(names = "--least-squares-only",
            description = "Plain least squares. By default the model's calibrated error covariance around its "
                    + "estimate is a Gaussian prior, and the fit weighs it against the curve.")
    boolean leastSquaresOnly;

    @Option(names = "--bounds", defaultValue = "prior", paramLabel = "prior|physical",
            description = "Box the start and the fit stay in: 'prior', the kernel's standard prior that the models "
                    + "were trained on (gauss: alpha 0-1, xi 3-20, d 2-5; rkky: alpha 0-3, xi 3-20, d 2-5), or "
                    + "'physical' (alpha 0-50, xi 0.5-200, d -1 to 9) for curves outside it. Default: ${DEFAULT-VALUE}.")
    String bounds;

    @Option(names = "--model", paramLabel = "DIR", description = "Model for the start values. Default: the shipped models/<kernel>.")
    Path model;

    @Option(names = "--start", split = ",", paramLabel = "ALPHA,XI,D", description = "Start values instead of the model's estimate.")
    List<Double> start;

    @Option(names = "--layout-seeds", defaultValue = "4", paramLabel = "K",
            description = "Layout seeds averaged per simulated curve. Default: ${DEFAULT-VALUE}.")
    int layoutSeeds;

    @Option(names = "--noise", defaultValue = "0", paramLabel = "SIGMA",
            description = "Known noise per component of the curve (for the misfit warning). Default: ${DEFAULT-VALUE}.")
    double noise;

    @Option(names = "--lattice", defaultValue = "50x50", paramLabel = "L1xL2",
            description = "Lattice of the simulation. Default: ${DEFAULT-VALUE}.")
    String lattice;

    @Option(names = "--threads", paramLabel = "T", description = "Simulation threads. Default: all processors.")
    Integer threads;

    @Option(names = "--plot", paramLabel = "OUT.png", description = "Draw the curve, the start and the fit.")
    Path plot;

    @Option(names = "--json", paramLabel = "OUT.json",
            description = "Write start, fit, stderr, residual_rms, warning, combined (with its 90%% interval) and "
                    + "recommended as JSON.")
    Path json;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (!List.of("gauss", "rkky").contains(kernel)) {
                throw new UsageError("--kernel must be gauss or rkky, got '" + kernel + "'");
            }
            if (layoutSeeds < 1 || layoutSeeds > 64) {
                throw new UsageError("--layout-seeds must be between 1 and 64, got " + layoutSeeds);
            }
            if (!(noise >= 0) || !Double.isFinite(noise)) {
                throw new UsageError("--noise must be a finite number >= 0, got " + noise);
            }
            if (start != null && (start.size() != 3 || start.stream().anyMatch(v -> !Double.isFinite(v)))) {
                throw new UsageError("--start must be three finite numbers ALPHA,XI,D, got " + start);
            }
            SimulatorFit.Bounds box = bounds();
            int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            if (workers < 1) {
                throw new UsageError("--threads must be >= 1, got " + workers);
            }
            Lattice l;
            try {
                l = Lattice.parse(lattice);
            } catch (IllegalArgumentException e) {
                throw new UsageError("--lattice: " + e.getMessage());
            }
            if ((curve == null) == (echosR == null)) {
                throw new UsageError("give either --curve or a data set (--echos-r, --echos-i, --params)");
            }
            if (echosR != null) {
                return study(out, l, workers, box);
            }
            if (record != null) {
                throw new UsageError("--record needs a data set (--echos-r, --echos-i, --params)");
            }
            double[][] samples = CurveText.read(curve);
            double[] re = samples[0];
            double[] im = samples[1];
            if (re.length % 3 != 0) {
                throw new UsageError(curve + ": " + re.length + " samples is not 3*ntau");
            }
            double[] s;
            double[][] cov = null;
            UncertaintyCalibration calibration = null;
            String startFrom;
            if (start != null) {
                s = new double[] {start.get(0), start.get(1), start.get(2)};
                startFrom = "--start";
            } else {
                Path dir = modelDir();
                try (TrainedModel m = ModelLoading.load(dir)) {
                    ModelLoading.checkLength(m, re.length, curve);
                    s = m.predict(new double[][] {re}, new double[][] {im})[0];
                    if (!leastSquaresOnly && m.calibration() != null) {
                        calibration = m.calibration();
                        cov = calibration.covariance(s);
                    }
                }
                startFrom = "model " + dir + (cov != null ? " (and its calibrated errors as the prior)" : "");
            }
            long t0 = System.nanoTime();
            SimulatorFit.Result r;
            try (SimulatorFit fit = new SimulatorFit(template(l, re.length), layoutSeeds, noise, workers, box)) {
                r = fit.fit(re, im, s, cov);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            // the study's setting: the model's estimate as start and prior; then the combined estimate
            // with the model's 90% interval moved onto it
            double[][] combinedInterval = calibration == null ? null
                    : FitStudy.combinedInterval(calibration, r.start(), r.combined());
            out.print(summary(r, startFrom, seconds, combinedInterval));
            out.flush();
            if (json != null) {
                AtomicFiles.write(json, json(r, combinedInterval));
            }
            if (plot != null) {
                AtomicFiles.write(plot, EvaluationReport.png(chart(re, im, r, kernel)));
            }
            return 0;
        } catch (UsageError | DataFormatException | IllegalArgumentException e) {
            return Cli.fail(err, "fit", 2, e.getMessage());
        } catch (IOException | IllegalStateException e) {
            return Cli.fail(err, "fit", 1, e.getMessage());
        }
    }

    /** The box of --bounds. */
    private SimulatorFit.Bounds bounds() {
        return switch (bounds) {
            case "physical" -> SimulatorFit.Bounds.PHYSICAL;
            case "prior" -> {
                Prior p = Preset.of(kernel).prior();
                yield new SimulatorFit.Bounds(new double[] {p.alpha().lo(), p.xi().lo(), p.d().lo()},
                        new double[] {p.alpha().hi(), p.xi().hi(), p.d().hi()});
            }
            default -> throw new UsageError("--bounds must be prior or physical, got '" + bounds + "'");
        };
    }

    private Path modelDir() {
        return model != null ? model : DemoCommand.defaultModels().resolve(kernel);
    }

    private SimulationParameters template(Lattice l, int samples) {
        return SimulationParameters.of(CouplingKernel.of(kernel, 8, 1), 0.5, 3)
                .withLattice(l).withSequence(EchoSequence.DEFAULT.withNtau(samples / 3));
    }

    /** The fit over the first --count curves of a labelled data set. */
    private int study(PrintWriter out, Lattice l, int workers, SimulatorFit.Bounds box) throws IOException {
        if (echosI == null || params == null) {
            throw new UsageError("a data set needs --echos-r, --echos-i and --params");
        }
        if (start != null || plot != null) {
            throw new UsageError("--start and --plot apply to one --curve, not to a data set");
        }
        EchoDataset data = EchoDataset.read(echosR, echosI, params);
        if (count < 1 || count > data.size()) {
            throw new UsageError("--count must be between 1 and " + data.size() + " (the data set's curves), got " + count);
        }
        Path dir = modelDir();
        try (TrainedModel m = ModelLoading.load(dir);
             SimulatorFit fit = new SimulatorFit(template(l, data.samples()), layoutSeeds, noise, workers, box)) {
            ModelLoading.checkLength(m, data.samples(), echosR);
            String header = String.format(Locale.ROOT,
                    "# spinecho fit study: kernel=%s model=%s data=%s layout-seeds=%d noise=%s lattice=%s prior=%s bounds=%s",
                    kernel, m.manifest().paramsSha256(), org.spinecho.data.Sha256.ofFile(echosR).substring(0, 16), layoutSeeds,
                    noise, lattice, !leastSquaresOnly && m.calibration() != null, bounds);
            List<FitStudy.Row> rows = new FitStudy(data, m, fit, !leastSquaresOnly, record, header).run(count);
            UncertaintyCalibration cal = leastSquaresOnly ? null : m.calibration(); // as the fits' prior
            out.print(FitStudy.summary(rows, cal));
            out.flush();
            if (json != null) {
                AtomicFiles.write(json, FitStudy.json(rows, cal));
            }
        }
        return 0;
    }

    /**
     * @param combinedInterval with a calibrated model's estimate as start (and prior): the combined
     *                         estimate's 90% intervals, (α, ξ, d) × (lo, hi); null otherwise, and then
     *                         there is no combined estimate
     */
    static String summary(SimulatorFit.Result r, String startFrom, double seconds, double[][] combinedInterval) {
        StringBuilder sb = new StringBuilder();
        String[] names = FitStudy.NAMES;
        String[] units = {"rad/u", "lattice spacings", "(Gamma = 10^-d per u)"};
        sb.append(String.format(Locale.ROOT, "%-6s %12s %12s %12s%n", "", "start", "fit", "stderr"));
        for (int k = 0; k < 3; k++) {
            sb.append(String.format(Locale.ROOT, "%-6s %12.5g %12.5g %12.3g  %s%n", names[k], r.start()[k], r.fit()[k],
                    r.stderr()[k], units[k]));
        }
        sb.append(String.format(Locale.ROOT, "residual RMS %.3g (start %.3g; a correct model leaves about %.3g)%n",
                r.residualRms(), r.startRms(), r.expectedRms()));
        sb.append(String.format(Locale.ROOT, "start from %s; %d iterations, %d evaluations, %.1f s%n", startFrom,
                r.iterations(), r.evaluations(), seconds));
        if (r.warning() != null) {
            sb.append("warning: ").append(r.warning()).append(System.lineSeparator());
            sb.append("keep the start: on held-out curves, fits that ended with this warning were worse than the "
                    + "start").append(System.lineSeparator());
        } else if (combinedInterval != null) {
            double[] c = r.combined();
            sb.append("combined: the mean of the model's estimate and the fit (on held-out curves more accurate than "
                    + "the model alone), with the model's 90% interval moved onto it").append(System.lineSeparator());
            for (int k = 0; k < 3; k++) {
                sb.append(String.format(Locale.ROOT, "%-6s %12.5g   90%% [%.5g, %.5g]%n", names[k], c[k],
                        combinedInterval[k][0], combinedInterval[k][1]));
            }
        }
        return sb.toString();
    }

    static byte[] json(SimulatorFit.Result r, double[][] combinedInterval) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        put(root.putObject("start"), r.start());
        put(root.putObject("fit"), r.fit());
        put(root.putObject("stderr"), r.stderr());
        root.put("residual_rms", r.residualRms());
        root.put("start_rms", r.startRms());
        root.put("expected_rms", r.expectedRms());
        if (r.warning() == null) {
            root.putNull("warning");
        } else {
            root.put("warning", r.warning());
        }
        boolean fromModel = combinedInterval != null;
        if (fromModel) {
            put(root.putObject("combined"), r.combined());
            ObjectNode interval = root.putObject("combined_interval_90");
            for (int k = 0; k < 3; k++) {
                interval.putArray(FitStudy.NAMES[k]).add(combinedInterval[k][0]).add(combinedInterval[k][1]);
            }
        }
        // measured on held-out curves per kernel: warned fits were worse than their start, and
        // the mean of model and fit better than the model alone on every set
        root.put("recommended", r.warning() != null ? "start" : fromModel ? "combined" : "fit");
        return mapper.writeValueAsBytes(root);
    }

    private static void put(ObjectNode node, double[] v) {
        node.put("alpha", v[0]);
        node.put("xi", v[1]);
        node.put("d", v[2]);
    }

    static XYChart chart(double[] re, double[] im, SimulatorFit.Result r, String kernel) {
        int n = re.length;
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = i + 1;
        }
        XYChart chart = new XYChartBuilder().width(1000).height(600)
                .title(String.format(Locale.ROOT, "%s fit: alpha=%.3g xi=%.3g d=%.3g (start %.3g, %.3g, %.3g)", kernel,
                        r.fit()[0], r.fit()[1], r.fit()[2], r.start()[0], r.start()[1], r.start()[2]))
                .xAxisTitle("sample s").yAxisTitle("M").build();
        chart.getStyler().setMarkerSize(0).setChartBackgroundColor(Color.WHITE);
        add(chart, "Re M (curve)", s, re, new Color(31, 119, 180), 2.2f, false);
        add(chart, "Im M (curve)", s, im, new Color(214, 39, 40), 2.2f, false);
        add(chart, "Re M (start)", s, java.util.Arrays.copyOfRange(r.startCurve(), 0, n), Color.GRAY, 1.2f, true);
        add(chart, "Im M (start)", s, java.util.Arrays.copyOfRange(r.startCurve(), n, 2 * n), Color.LIGHT_GRAY, 1.2f, true);
        add(chart, "Re M (fit)", s, java.util.Arrays.copyOfRange(r.fitCurve(), 0, n), Color.BLACK, 1.2f, false);
        add(chart, "Im M (fit)", s, java.util.Arrays.copyOfRange(r.fitCurve(), n, 2 * n), new Color(90, 0, 0), 1.2f, false);
        return chart;
    }

    private static void add(XYChart chart, String name, double[] x, double[] y, Color c, float width, boolean dashed) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(c);
        series.setLineWidth(width);
        if (dashed) {
            series.setLineStyle(new java.awt.BasicStroke(width, java.awt.BasicStroke.CAP_BUTT,
                    java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
        }
    }
}
