package org.spinecho.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spinecho.data.AtomicFiles;
import org.spinecho.data.DataFormatException;
import org.spinecho.data.EchoDataset;
import org.spinecho.data.MeasuredCurve;
import org.spinecho.data.OutputGuard;
import org.spinecho.data.Preset;
import org.spinecho.ml.PerParameter;
import org.spinecho.ml.Estimator;
import org.spinecho.ml.UncertaintyCalibration;
import org.spinecho.ml.bound.Experiment;
import org.spinecho.ml.fit.LikelihoodFit;
import org.spinecho.ml.fit.NoiseEstimate;
import org.spinecho.ml.study.LikelihoodFitStudy;
import org.spinecho.sim.CouplingKernel;
import org.spinecho.sim.EchoSequence;
import org.spinecho.sim.Lattice;
import org.spinecho.sim.SimulationParameters;
import org.spinecho.sim.Theta;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spinecho fit}: the likelihood fit of (α, ξ, d) to one sample's curve(s), or a study of it on
 * a labelled set. The fit itself is {@link LikelihoodFit}; the study {@link LikelihoodFitStudy}.
 */
@Command(name = "fit", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        header = "Fit alpha, xi, d to a sample's curve(s) by maximum likelihood, with the layout unknown.",
        description = {
            "The likelihood treats the sample's layout as a random effect: at every step the simulator runs on K "
                    + "layouts, whose mean is the model curve and whose spread (with the noise) is the covariance "
                    + "of the residual. Starts from the network's estimate, scores starts along the alpha-xi valley, "
                    + "and uses the network's calibrated errors as the prior, so a parameter the curve does not show "
                    + "keeps the network's answer and width. Prints the estimate, standard errors and 90%% intervals.",
            "Several curves of one sample (--curve A --flip-angle 90 --curve B --flip-angle 60) are fitted jointly. "
                    + "A file 't Re Im' (t in microseconds) is read as a measured curve: its time step is taken "
                    + "from it and an unknown overall scale and receiver phase are fitted away.",
            "With a labelled set (--echos-r, --echos-i, --params) it fits the first --count curves and scores the "
                    + "network and the fit against the truth."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success", "1:failure while running", "2:bad input; nothing is written"})
public final class FitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--kernel", required = true, paramLabel = "gauss|rkky", description = "Kernel to fit.")
    String kernel;

    @Option(names = "--curve", paramLabel = "FILE",
            description = "A curve of the sample: lines 'Re Im' or 't Re Im' (t in us). Repeat for a series.")
    List<Path> curves = new ArrayList<>();

    @Option(names = "--flip-angle", paramLabel = "DEG",
            description = "First-pulse flip angle of the corresponding --curve in degrees (second pulse twice it). "
                    + "Default: 90 for every curve.")
    List<Double> flipAngles = new ArrayList<>();

    @Option(names = "--echos-r", paramLabel = "FILE", description = "Instead of --curve, a labelled set: Re parts.")
    Path echosR;

    @Option(names = "--echos-i", paramLabel = "FILE", description = "The labelled set's Im parts.")
    Path echosI;

    @Option(names = "--params", paramLabel = "FILE", description = "The labelled set's true 'alpha xi d'.")
    Path params;

    @Option(names = "--count", defaultValue = "30", paramLabel = "N",
            description = "With a set: fit its first N curves. Default: ${DEFAULT-VALUE}.")
    int count;

    @Option(names = "--add-noise", defaultValue = "0", paramLabel = "SIGMA",
            description = "With a set: add white noise SIGMA per component (seed --noise-seed) before inferring; the "
                    + "fit is told SIGMA. Default: ${DEFAULT-VALUE}.")
    double addNoise;

    @Option(names = "--noise-seed", defaultValue = "20261202", paramLabel = "S",
            description = "Seed of --add-noise. Default: ${DEFAULT-VALUE}.")
    long noiseSeed;

    @Option(names = "--record", paramLabel = "FILE",
            description = "With a set: one line per fitted curve, rewritten after each; a record of the same study is "
                    + "resumed (finished curves are not refitted).")
    Path record;

    @Option(names = "--noise", paramLabel = "SIGMA",
            description = "Known noise per component of the curve(s), in units of the initial magnetisation. "
                    + "Default: estimated from the curve.")
    Double noise;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Model for the start and the prior. Default: the shipped models/<kernel>.")
    Path model;

    @Option(names = "--start", split = ",", paramLabel = "ALPHA,XI,D",
            description = "Start here instead of the model's estimate (then the prior is the preset's box alone).")
    List<Double> start;

    @Option(names = "--layouts", defaultValue = "16", paramLabel = "K",
            description = "Layouts simulated per step. Default: ${DEFAULT-VALUE}.")
    int layouts;

    @Option(names = "--lattice", defaultValue = "50x50", paramLabel = "L1xL2",
            description = "Lattice of the simulation. Default: ${DEFAULT-VALUE}.")
    String lattice;

    @Option(names = "--threads", paramLabel = "T", description = "Simulation threads. Default: all processors.")
    Integer threads;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Write the result as JSON: 'fit' (alpha, xi, d), 'sd', 'interval_90', 'start', 'noise'.")
    Path json;

    @Override
    public Integer call() {
        try {
            return run();
        } catch (UsageError | DataFormatException | IllegalArgumentException e) {
            return Cli.fail(spec.commandLine().getErr(), "fit", 2, e.getMessage());
        } catch (IOException | IllegalStateException | java.io.UncheckedIOException e) {
            return Cli.fail(spec.commandLine().getErr(), "fit", 1, e.getMessage());
        }
    }

    private int run() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Preset preset;
        try {
            preset = Preset.of(kernel);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--kernel must be gauss or rkky, got '" + kernel + "'");
        }
        OptionChecks.intInRange("--layouts", layouts, 4, 4096);
        Lattice l = OptionChecks.lattice("--lattice", lattice);
        int workers = threads != null ? OptionChecks.intInRange("--threads", threads, 1, 1024)
                : Runtime.getRuntime().availableProcessors();
        if (noise != null && (!(noise >= 0) || !Double.isFinite(noise))) {
            throw new UsageError("--noise must be a finite number >= 0, got " + noise);
        }
        if (start != null && (start.size() != 3 || start.stream().anyMatch(v -> !Double.isFinite(v)))) {
            throw new UsageError("--start must be three finite numbers ALPHA,XI,D, got " + start);
        }
        if (json != null) {
            OptionChecks.outputFile("--json", json);
        }
        if (curves.isEmpty() == (echosR == null)) {
            throw new UsageError("give either --curve FILE (repeatable) or a labelled set (--echos-r, --echos-i, --params)");
        }
        List<OutputGuard.Named> inputs = new ArrayList<>(OutputGuard.given(new OutputGuard.Named("--echos-r", echosR),
                new OutputGuard.Named("--echos-i", echosI), new OutputGuard.Named("--params", params)));
        curves.forEach(c -> inputs.add(new OutputGuard.Named("--curve", c)));
        OutputGuard.checkFiles(OutputGuard.given(new OutputGuard.Named("--json", json),
                new OutputGuard.Named("--record", record)), inputs, start != null ? List.of()
                : List.of(ModelLoading.protectedDir(modelDir(preset))));
        SimulationParameters template = SimulationParameters.of(CouplingKernel.of(preset.kernel(), 10, 1), 0.5, 3)
                .withLattice(l);
        if (echosR != null) {
            return study(out, preset, template, workers);
        }
        return fitSample(out, preset, template, workers);
    }

    private int fitSample(PrintWriter out, Preset preset, SimulationParameters template, int workers) throws IOException {
        if (!flipAngles.isEmpty() && flipAngles.size() != curves.size()) {
            throw new UsageError("give one --flip-angle per --curve (" + curves.size() + " curves, "
                    + flipAngles.size() + " angles), or none for 90 degrees each");
        }
        List<MeasuredCurve> data = new ArrayList<>();
        for (Path p : curves) {
            if (json != null && p.toAbsolutePath().normalize().equals(json.toAbsolutePath().normalize())) {
                throw new UsageError("--json " + json + " is one of the input curves");
            }
            data.add(MeasuredCurve.read(p));
        }
        boolean measured = data.stream().anyMatch(MeasuredCurve::hasTime);
        List<EchoSequence> sequences = new ArrayList<>();
        int total = 0;
        for (int j = 0; j < data.size(); j++) {
            MeasuredCurve c = data.get(j);
            if (c.re().length % 3 != 0) {
                throw new UsageError(curves.get(j) + ": " + c.re().length + " samples is not 3*ntau");
            }
            double angle = flipAngles.isEmpty() ? 90 : flipAngles.get(j);
            if (!(angle > 0 && angle < 180)) {
                throw new UsageError("--flip-angle must lie between 0 and 180 degrees, got " + angle);
            }
            EchoSequence s = EchoSequence.DEFAULT.withNtau(c.re().length / 3).withFlipAngle(Math.toRadians(angle));
            if (c.hasTime()) {
                s = s.withDt(c.dtUnits());
            }
            sequences.add(s);
            total += 2 * c.re().length;
        }
        double[] raw = new double[total];
        int off = 0;
        double estimatedNoise = 0;
        for (MeasuredCurve c : data) {
            double[] re = c.re();
            double[] im = c.im();
            System.arraycopy(re, 0, raw, off, re.length);
            System.arraycopy(im, 0, raw, off + re.length, im.length);
            off += 2 * re.length;
            estimatedNoise = Math.max(estimatedNoise, NoiseEstimate.of(re, im));
        }
        double sigma = noise != null ? noise : estimatedNoise;
        Experiment experiment = new Experiment(template.withSequence(sequences.get(0)), sequences);

        // start and prior: the network on the first curve (a series: the curve it was trained for, 90 degrees)
        Theta s0;
        LikelihoodFit.GaussianPrior prior = null;
        double[] network = null;
        double[][] networkInterval = null;
        if (start != null) {
            s0 = clampedTheta(new double[] {start.get(0), start.get(1), start.get(2)});
        } else {
            Path dir = modelDir(preset);
            try (Estimator m = ModelLoading.load(dir, preset.kernel(), spec.commandLine().getErr())) {
                MeasuredCurve first = data.get(0);
                ModelLoading.checkLength(m, first.re().length, curves.get(0));
                network = m.predict(new double[][] {first.re()}, new double[][] {first.im()})[0];
                UncertaintyCalibration cal = m.calibration();
                if (cal != null) {
                    prior = new LikelihoodFit.GaussianPrior(network, cal.covariance(network));
                    double[] sd = cal.sigma(network);
                    networkInterval = new double[3][];
                    for (int k = 0; k < 3; k++) {
                        networkInterval[k] = cal.interval(network, sd, k, 0.90);
                    }
                }
            }
            s0 = clampedTheta(network);
        }
        LikelihoodFit fit = LikelihoodFit.builder().layouts(layouts).threads(workers).scaleAndPhase(measured).build();
        long t0 = System.nanoTime();
        LikelihoodFit.Result r;
        PrintWriter err = spec.commandLine().getErr();
        long[] lastNote = {System.nanoTime()};
        r = fit.fit(experiment, raw, sigma, s0, prior, preset.prior(), (stage, sims) -> {
            long now = System.nanoTime();
            if (now - lastNote[0] >= 10_000_000_000L) { // a plain line every 10 s at most: a fit takes minutes
                lastNote[0] = now;
                err.printf(Locale.ROOT, "fit: %s, %d simulations so far%n", stage, sims);
                err.flush();
            }
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.printf(Locale.ROOT, "noise: %.3g per component (%s)%n", sigma, noise != null ? "given" : "estimated from the curve");
        if (network != null) {
            out.printf(Locale.ROOT, "network:  alpha %.4f  xi %.3f  d %.4f%n", network[0], network[1], network[2]);
        }
        Theta e = r.estimate();
        PerParameter sd = r.sd();
        double[][] iv = r.interval90();
        out.printf(Locale.ROOT, "fit:      alpha %.4f  xi %.3f  d %.4f   (posterior mean along the valley; mode "
                + "alpha %.4f  xi %.3f  d %.4f)%n", e.alpha(), e.xi(), e.d(), r.mode().alpha(), r.mode().xi(), r.mode().d());
        for (int k = 0; k < 3; k++) {
            out.printf(Locale.ROOT, "  %-5s sd %.3g   90%% interval [%.4g, %.4g]%n", Theta.NAMES.get(k), sd.get(k),
                    iv[k][0], iv[k][1]);
        }
        out.printf(Locale.ROOT, "chi-square %.1f for %d bins, %d iterations, %d simulations, %.1f s%n", r.chiSquare(),
                r.dimension(), r.iterations(), r.simulations(), seconds);
        if (r.warning() != null) {
            out.println("warning: " + r.warning());
        }
        out.flush();
        if (json != null) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode root = mapper.createObjectNode();
            root.put("kernel", preset.kernel());
            root.set("fit", triple(mapper, e.toArray()));
            root.set("sd", triple(mapper, sd.toArray()));
            ObjectNode ivNode = root.putObject("interval_90");
            for (int k = 0; k < 3; k++) {
                ivNode.putArray(Theta.NAMES.get(k)).add(iv[k][0]).add(iv[k][1]);
            }
            root.set("start", triple(mapper, r.start().toArray()));
            root.set("mode", triple(mapper, r.mode().toArray()));
            ArrayNode walk = root.putArray("valley");
            for (LikelihoodFit.ValleyPoint p : r.valley()) {
                ObjectNode n = triple(mapper, p.theta().toArray());
                n.put("objective", p.objective());
                n.put("weight", p.weight());
                walk.add(n);
            }
            if (network != null) {
                root.set("model", triple(mapper, network));
            }
            if (networkInterval != null) {
                ObjectNode n = root.putObject("model_interval_90");
                for (int k = 0; k < 3; k++) {
                    n.putArray(Theta.NAMES.get(k)).add(networkInterval[k][0]).add(networkInterval[k][1]);
                }
            }
            root.put("noise", sigma);
            root.put("noise_estimated", noise == null);
            root.put("scale_and_phase_fitted", measured);
            ArrayNode fa = root.putArray("flip_angles");
            for (double a : experiment.flipAnglesDegrees()) {
                fa.add(a);
            }
            root.put("chi_square", r.chiSquare());
            root.put("dimension", r.dimension());
            root.put("iterations", r.iterations());
            root.put("simulations", r.simulations());
            root.put("seconds", seconds);
            if (r.warning() != null) {
                root.put("warning", r.warning());
            } else {
                root.putNull("warning");
            }
            AtomicFiles.write(json, mapper.writeValueAsBytes(root));
        }
        return 0;
    }

    private int study(PrintWriter out, Preset preset, SimulationParameters template, int workers) throws IOException {
        if (echosI == null || params == null) {
            throw new UsageError("a labelled set needs --echos-r, --echos-i and --params");
        }
        if (!(addNoise >= 0) || !Double.isFinite(addNoise)) {
            throw new UsageError("--add-noise must be a finite number >= 0, got " + addNoise);
        }
        EchoDataset data = EchoDataset.read(echosR, echosI, params);
        if (count < 1 || count > data.size()) {
            throw new UsageError("--count must be between 1 and " + data.size() + ", got " + count);
        }
        Path dir = modelDir(preset);
        try (Estimator m = ModelLoading.load(dir, preset.kernel(), spec.commandLine().getErr())) {
            ModelLoading.checkLength(m, data.samples(), echosR);
            LikelihoodFit fit = LikelihoodFit.builder().layouts(layouts).threads(workers).build();
            LikelihoodFitStudy study = new LikelihoodFitStudy(data, m, fit, preset, template, addNoise, noiseSeed);
            out.printf(Locale.ROOT, "%5s  %-26s %-26s %-26s %-22s %s%n", "curve", "true alpha xi d", "network",
                    "fit", "fit sd", "s");
            String header = String.format(Locale.ROOT,
                    "# spinecho fit study: kernel=%s model=%s data=%s add-noise=%s noise-seed=%d layouts=%d lattice=%s",
                    preset.kernel(), m.manifest().paramsSha256(), org.spinecho.data.Sha256.ofFile(echosR).substring(0, 16),
                    org.spinecho.data.DelimitedText.format(addNoise), noiseSeed, layouts, lattice);
            List<LikelihoodFitStudy.Row> rows = new ArrayList<>(readRecord(header));
            for (LikelihoodFitStudy.Row row : rows) {
                printRow(out, row);
            }
            if (rows.size() > count) {
                rows = new ArrayList<>(rows.subList(0, count));
            }
            List<LikelihoodFitStudy.Row> done = rows;
            study.run(rows.size(), count, (row, finished, total) -> {
                done.add(row);
                printRow(out, row);
                writeRecord(header, done);
            });
            LikelihoodFitStudy.Summary s = LikelihoodFitStudy.summarise(rows);
            out.printf(Locale.ROOT, "%d curves, noise %s: network NMSE %.4f (alpha %.4f xi %.4f d %.4f), fit NMSE %.4f "
                            + "(alpha %.4f xi %.4f d %.4f); fit 90%% coverage %.2f / %.2f / %.2f; median %.0f s a fit%n",
                    rows.size(), org.spinecho.data.DelimitedText.format(addNoise), s.network().mean(),
                    s.network().nmseAlpha(), s.network().nmseXi(), s.network().nmseD(), s.fit().mean(),
                    s.fit().nmseAlpha(), s.fit().nmseXi(), s.fit().nmseD(), s.coverage().alpha(), s.coverage().xi(),
                    s.coverage().d(), s.seconds());
            out.flush();
            if (json != null) {
                ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                ObjectNode root = mapper.createObjectNode();
                root.put("command", Cli.commandLine(spec));
                root.put("curves", rows.size());
                root.put("noise", addNoise);
                root.put("network_nmse", s.network().mean());
                root.put("fit_nmse", s.fit().mean());
                root.set("fit_coverage_90", triple(mapper, s.coverage().toArray()));
                ArrayNode list = root.putArray("rows");
                for (LikelihoodFitStudy.Row row : rows) {
                    ObjectNode n = list.addObject();
                    n.put("index", row.index());
                    n.set("true", triple(mapper, row.truth()));
                    n.set("network", triple(mapper, row.network()));
                    n.set("fit", triple(mapper, row.fit().estimate().toArray()));
                    n.set("sd", triple(mapper, row.fit().sd().toArray()));
                    n.put("seconds", row.seconds());
                }
                AtomicFiles.write(json, mapper.writeValueAsBytes(root));
            }
        } catch (DataFormatException e) {
            throw new UsageError(e.getMessage());
        }
        return 0;
    }

    private static void printRow(PrintWriter out, LikelihoodFitStudy.Row row) {
        Theta f = row.fit().estimate();
        out.printf(Locale.ROOT, "%5d  %-26s %-26s %-26s %-22s %.0f%s%n", row.index(), triple(row.truth()),
                triple(row.network()), triple(f.toArray()), String.format(Locale.ROOT, "%.2g %.2g %.2g",
                        row.fit().sd().alpha(), row.fit().sd().xi(), row.fit().sd().d()), row.seconds(),
                row.fit().warning() != null ? "  warning" : "");
        out.flush();
    }

    /** Record columns: index, true (3), network (3), fit (3), sd (3), interval lo/hi (6), seconds, chi2, dim, warned. */
    private void writeRecord(String header, List<LikelihoodFitStudy.Row> rows) {
        if (record == null) {
            return;
        }
        StringBuilder sb = new StringBuilder(header).append('\n');
        for (LikelihoodFitStudy.Row r : rows) {
            List<Double> v = new ArrayList<>();
            v.add((double) r.index());
            for (double x : r.truth()) {
                v.add(x);
            }
            for (double x : r.network()) {
                v.add(x);
            }
            for (double x : r.fit().estimate().toArray()) {
                v.add(x);
            }
            for (double x : r.fit().sd().toArray()) {
                v.add(x);
            }
            for (double[] iv : r.fit().interval90()) {
                v.add(iv[0]);
                v.add(iv[1]);
            }
            v.add(r.seconds());
            v.add(r.fit().chiSquare());
            v.add((double) r.fit().dimension());
            v.add(r.fit().warning() != null ? 1.0 : 0.0);
            StringBuilder line = new StringBuilder();
            for (double x : v) {
                line.append(line.length() == 0 ? "" : "\t").append(org.spinecho.data.DelimitedText.format(x));
            }
            sb.append(line).append('\n');
        }
        try {
            AtomicFiles.write(record, sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<LikelihoodFitStudy.Row> readRecord(String header) throws IOException {
        List<LikelihoodFitStudy.Row> rows = new ArrayList<>();
        if (record == null || !java.nio.file.Files.exists(record)) {
            return rows;
        }
        List<String> lines = java.nio.file.Files.readAllLines(record);
        if (!lines.isEmpty() && !org.spinecho.data.DelimitedText.endsWithLineBreak(record)) {
            throw new DataFormatException(record, lines.size(), 1, "the last line has no line break at its end: the file "
                    + "may have been cut short; remove that line to resume");
        }
        if (lines.isEmpty() || !lines.get(0).equals(header)) {
            throw new UsageError("--record " + record + " belongs to another fit study (its first line differs)");
        }
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split("\t");
            if (f.length != 23) {
                throw new UsageError(record + ":" + (i + 1) + ":1: expected 23 columns, got " + f.length);
            }
            double[] v = new double[23];
            for (int k = 0; k < 23; k++) {
                v[k] = Double.parseDouble(f[k]);
            }
            double[][] iv = {{v[13], v[14]}, {v[15], v[16]}, {v[17], v[18]}};
            LikelihoodFit.Result res = new LikelihoodFit.Result(Theta.of(java.util.Arrays.copyOfRange(v, 7, 10)),
                    Theta.of(java.util.Arrays.copyOfRange(v, 4, 7)), PerParameter.of(java.util.Arrays.copyOfRange(v, 10, 13)),
                    null, iv, v[20], (int) v[21], 0, 0, List.of(), v[22] != 0 ? "recorded warning" : null,
                    Theta.of(java.util.Arrays.copyOfRange(v, 7, 10)), List.of());
            rows.add(new LikelihoodFitStudy.Row((int) v[0], java.util.Arrays.copyOfRange(v, 1, 4),
                    java.util.Arrays.copyOfRange(v, 4, 7), res, v[19]));
        }
        return rows;
    }

    /** --model, or the shipped model of the kernel. */
    private Path modelDir(Preset preset) {
        return model != null ? model : ModelLoading.defaultModels().resolve(preset.kernel());
    }

    private static Theta clampedTheta(double[] v) {
        return new Theta(Math.max(0, v[0]), Math.max(1e-3, v[1]), Math.max(-3, v[2]));
    }

    private static String triple(double[] v) {
        return String.format(Locale.ROOT, "%.3f %.2f %.3f", v[0], v[1], v[2]);
    }

    private static ObjectNode triple(ObjectMapper mapper, double[] v) {
        ObjectNode n = mapper.createObjectNode();
        for (int k = 0; k < 3; k++) {
            n.put(Theta.NAMES.get(k), v[k]);
        }
        return n;
    }
}
