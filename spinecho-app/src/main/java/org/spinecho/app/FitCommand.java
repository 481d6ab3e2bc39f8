package org.spinecho.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spinecho.data.AtomicFiles;
import org.spinecho.data.DataFiles;
import org.spinecho.data.DelimitedText;
import org.spinecho.data.GenerationSpec;
import org.spinecho.data.EchoDataset;
import org.spinecho.data.Kernel;
import org.spinecho.data.LabelledFiles;
import org.spinecho.data.MeasuredCurve;
import org.spinecho.data.OutputGuard;
import org.spinecho.data.Preset;
import org.spinecho.data.Sha256;
import org.spinecho.ml.Estimator;
import org.spinecho.ml.fit.FitCalibration;
import org.spinecho.ml.fit.FitFiles;
import org.spinecho.ml.fit.LikelihoodFit;
import org.spinecho.ml.fit.SampleCurves;
import org.spinecho.ml.fit.TemperatureCalibration;
import org.spinecho.ml.study.FitStudyRecord;
import org.spinecho.ml.study.LikelihoodFitStudy;
import org.spinecho.ml.study.SeriesFitStudy;
import org.spinecho.ml.study.SeriesStudyRecord;
import org.spinecho.sim.SimulationParameters;
import org.spinecho.sim.Theta;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spinecho fit}: the likelihood fit of (α, ξ, d) to one sample's curve(s), or a study of it on
 * a labelled set. The fit itself is {@link LikelihoodFit}; the study {@link LikelihoodFitStudy}.
 */
@Command(resourceBundle = "org.spinecho.app.FitCommand",
        name = "fit", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        header = "Fit alpha, xi, d to a sample's curve(s) by maximum likelihood, with the layout unknown.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success", "1:failure while running", "2:bad input; nothing is written"})
public final class FitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--kernel", required = true, paramLabel = "gauss|rkky", converter = Options.PresetKernelConverter.class)
    Kernel kernel;

    @Option(names = "--curve", paramLabel = "FILE")
    List<Path> curves = new ArrayList<>();

    @Option(names = {"--flip-angle", "--flip-angles"}, paramLabel = "DEG", split = ",")
    List<Double> flipAngles = new ArrayList<>();

    @Option(names = "--series-study")
    boolean seriesStudy;

    @Option(names = "--seed", paramLabel = "S")
    Long seed;

    @ArgGroup(exclusive = false, heading = "Instead of --curve, a labelled set:%n")
    LabelledDataOptions.TextFiles set;

    @Option(names = "--count", defaultValue = "30", paramLabel = "N")
    int count;

    @Option(names = "--add-noise", defaultValue = "0", paramLabel = "SIGMA")
    double addNoise;

    @Option(names = "--noise-seed", defaultValue = "20261202", paramLabel = "S")
    long noiseSeed;

    @Option(names = "--record", paramLabel = "FILE")
    Path record;

    @Option(names = "--details", paramLabel = "FILE")
    Path details;

    @Option(names = "--noise", paramLabel = "SIGMA")
    Double noise;

    @Mixin
    Options.Model models;

    @Option(names = "--start", split = ",", paramLabel = "ALPHA,XI,D")
    List<Double> start;

    @Option(names = "--layouts", defaultValue = "16", paramLabel = "K")
    int layouts;

    @Mixin
    Options.LatticeOption lattice;

    @Mixin
    Options.Threads threads;

    @Option(names = "--json", paramLabel = "FILE")
    Path json;

    @Option(names = "--temperature", paramLabel = "T")
    Double temperature;

    @Option(names = "--calibrate-temperature", paramLabel = "DETAILS")
    List<Path> calibrationDetails = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Preset preset = kernel.preset();
        OptionChecks.intInRange("--layouts", layouts, 4, 4096);
        int workers = threads.count();
        if (noise != null && (!(noise >= 0) || !Double.isFinite(noise))) {
            throw new UsageError("--noise must be a finite number >= 0, got " + noise);
        }
        if (start != null && (start.size() != 3 || start.stream().anyMatch(v -> !Double.isFinite(v)))) {
            throw new UsageError("--start must be three finite numbers ALPHA,XI,D, got " + start);
        }
        OptionChecks.outputFile("--json", json);
        if (temperature != null && (!(temperature >= 1) || !Double.isFinite(temperature))) {
            throw new UsageError("--temperature must be a finite number >= 1, got " + temperature);
        }
        if (!calibrationDetails.isEmpty()) {
            if (!curves.isEmpty() || set != null) {
                throw new UsageError("--calibrate-temperature reads fitted studies' --details files; give no curves");
            }
            return calibrateTemperature(out, preset);
        }
        if (seriesStudy) {
            return seriesStudy(out, preset, workers);
        }
        if (seed != null) {
            throw new UsageError("--seed draws the samples of --series-study; give --series-study too");
        }
        if (curves.isEmpty() == (set == null)) {
            throw new UsageError("give either --curve FILE (repeatable) or a labelled set (--echos-r, --echos-i, --params)");
        }
        List<OutputGuard.Named> inputs = new ArrayList<>(set == null ? List.of() : List.of(
                new OutputGuard.Named("--echos-r", set.echosR), new OutputGuard.Named("--echos-i", set.echosI),
                new OutputGuard.Named("--params", set.params)));
        curves.forEach(c -> inputs.add(new OutputGuard.Named("--curve", c)));
        OutputGuard.checkFiles(OutputGuard.given(new OutputGuard.Named("--json", json),
                new OutputGuard.Named("--record", record), new OutputGuard.Named("--details", details)), inputs, start != null ? List.of()
                : List.of(ModelLoading.protectedDir(models.dir(kernel))));
        SimulationParameters template = SimulationParameters.of(kernel.coupling(10, 1), 0.5, 3)
                .withLattice(lattice.lattice);
        return set != null ? study(out, preset, template, workers) : fitSample(out, preset, template, workers);
    }

    private int fitSample(PrintWriter out, Preset preset, SimulationParameters template, int workers) throws IOException {
        if (!flipAngles.isEmpty() && flipAngles.size() != curves.size()) {
            throw new UsageError("give one --flip-angle per --curve (" + curves.size() + " curves, "
                    + flipAngles.size() + " angles), or none for 90 degrees each");
        }
        List<MeasuredCurve> data = new ArrayList<>();
        for (Path p : curves) {
            data.add(MeasuredCurve.read(p));
        }
        SampleCurves sample = SampleCurves.of(template, data, flipAngles.isEmpty()
                ? java.util.Collections.nCopies(curves.size(), 90.0) : flipAngles,
                curves.stream().map(Path::toString).toList());
        double sigma = noise != null ? noise : sample.estimatedNoise();
        // start and prior: the network on the first curve (a series: the curve it was trained for, 90 degrees)
        SampleCurves.NetworkStart network = null;
        if (start == null) {
            Path dir = models.dir(kernel);
            try (Estimator m = ModelLoading.load(dir, preset.kernel(), spec.commandLine().getErr())) {
                ModelLoading.checkLength(m, data.get(0).re().length, curves.get(0));
                network = SampleCurves.NetworkStart.of(m.predict(new double[][] {data.get(0).re()},
                        new double[][] {data.get(0).im()})[0], m.calibration(), sigma);
            }
        }
        Theta s0 = network != null ? network.start() : SampleCurves.clamped(start.stream().mapToDouble(v -> v).toArray());
        LikelihoodFit fit = LikelihoodFit.builder().layouts(layouts).threads(workers).scaleAndPhase(sample.measured())
                .temperature(temperature()).build();
        long t0 = System.nanoTime();
        PrintWriter err = spec.commandLine().getErr();
        long[] lastNote = {System.nanoTime()};
        LikelihoodFit.Result r = fit.fit(sample.experiment(), sample.data(), sigma, s0,
                network != null ? network.prior() : null, preset.prior(), (stage, sims) -> {
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
            double[] n = network.estimate();
            out.printf(Locale.ROOT, "network:  alpha %.4f  xi %.3f  d %.4f%n", n[0], n[1], n[2]);
        }
        Theta e = r.estimate();
        double[][] iv = r.interval90();
        out.printf(Locale.ROOT, "fit:      alpha %.4f  xi %.3f  d %.4f   (posterior mean along the valley; mode "
                + "alpha %.4f  xi %.3f  d %.4f)%n", e.alpha(), e.xi(), e.d(), r.mode().alpha(), r.mode().xi(), r.mode().d());
        for (int k = 0; k < 3; k++) {
            out.printf(Locale.ROOT, "  %-5s sd %.3g   90%% interval [%.4g, %.4g]%n", Theta.NAMES.get(k), r.sd().get(k),
                    iv[k][0], iv[k][1]);
        }
        out.printf(Locale.ROOT, "chi-square %.1f for %d bins, %d iterations, %d simulations, %.1f s%n", r.chiSquare(),
                r.dimension(), r.iterations(), r.simulations(), seconds);
        if (r.warning() != null) {
            out.println("warning: " + r.warning());
        }
        out.flush();
        if (json != null) {
            AtomicFiles.write(json, FitFiles.sampleJson(preset.kernel(), sample, r, network, sigma, noise == null, seconds));
        }
        return 0;
    }

    /** --temperature, else the kernel's calibrated one. */
    private double temperature() {
        return temperature != null ? temperature : FitCalibration.of(kernel).temperature();
    }

    /** Coverage of the recorded walks re-weighted at each temperature, and the temperature they choose. */
    private int calibrateTemperature(PrintWriter out, Preset preset) throws IOException {
        List<TemperatureCalibration.Case> cases = new ArrayList<>();
        for (Path p : calibrationDetails) {
            cases.addAll(TemperatureCalibration.read(p));
        }
        if (cases.size() < 2) {
            throw new UsageError("--calibrate-temperature needs at least 2 fitted curves, got " + cases.size());
        }
        TemperatureCalibration.Outcome o = TemperatureCalibration.calibrate(cases, preset.prior());
        out.printf(Locale.ROOT, "%d fitted curves; 90%% intervals of the posterior along the valley at temperature T:%n",
                o.cases());
        out.printf(Locale.ROOT, "%6s  %-22s %s%n", "T", "coverage alpha xi d", "mean width alpha xi d");
        for (int t = 0; t < TemperatureCalibration.GRID.length; t++) {
            double[] c = o.coverage()[t];
            double[] w = o.meanWidth()[t];
            out.printf(Locale.ROOT, "%6s  %.2f %.2f %.2f         %.4g %.4g %.4g%n",
                    DelimitedText.format(TemperatureCalibration.GRID[t]), c[0], c[1], c[2], w[0], w[1], w[2]);
        }
        double[] cv = o.crossValidated();
        out.printf(Locale.ROOT, "misses (more than %s posterior sd from the truth at T = 1, left out of the choice): %s%n",
                DelimitedText.format(TemperatureCalibration.MISS), o.misses().isEmpty() ? "none" : o.misses());
        out.printf(Locale.ROOT, "chosen T = %s (smallest with 90%% pooled coverage without the misses); leave-one-out "
                + "coverage over all curves %.2f / %.2f / %.2f; shipped for %s: T = %s%n",
                DelimitedText.format(o.temperature()), cv[0], cv[1], cv[2], kernel.id(),
                DelimitedText.format(FitCalibration.of(kernel).temperature()));
        out.flush();
        return 0;
    }

    private int study(PrintWriter out, Preset preset, SimulationParameters template, int workers) throws IOException {
        if (!(addNoise >= 0) || !Double.isFinite(addNoise)) {
            throw new UsageError("--add-noise must be a finite number >= 0, got " + addNoise);
        }
        EchoDataset data = new LabelledFiles(set.echosR, set.echosI, set.params, null).read(); // checked against its manifest
        if (count < 1 || count > data.size()) {
            throw new UsageError("--count must be between 1 and " + data.size() + ", got " + count);
        }
        try (Estimator m = ModelLoading.load(models.dir(kernel), preset.kernel(), spec.commandLine().getErr())) {
            ModelLoading.checkLength(m, data.samples(), set.echosR);
            LikelihoodFit fit = LikelihoodFit.builder().layouts(layouts).threads(workers).temperature(temperature())
                    .build();
            LikelihoodFitStudy study = new LikelihoodFitStudy(data, m, fit, preset, template, addNoise, noiseSeed);
            out.printf(Locale.ROOT, "%5s  %-26s %-26s %-26s %-22s %s%n", "curve", "true alpha xi d", "network",
                    "fit", "fit sd", "s");
            FitStudyRecord rec = new FitStudyRecord(record, String.format(Locale.ROOT,
                    "# spinecho fit study: kernel=%s model=%s data=%s add-noise=%s noise-seed=%d layouts=%d lattice=%s"
                            + (temperature() != 1 ? " temperature=" + DelimitedText.format(temperature()) : ""),
                    preset.kernel(), m.manifest().paramsSha256(), Sha256.ofFile(set.echosR).substring(0, 16),
                    DelimitedText.format(addNoise), noiseSeed, layouts, lattice.lattice), details);
            List<LikelihoodFitStudy.Row> rows = rec.resume(study, count, (row, finished, total) -> printRow(out, row));
            LikelihoodFitStudy.Summary s = LikelihoodFitStudy.summarise(rows);
            out.printf(Locale.ROOT, "%d curves, noise %s: network NMSE %.4f (alpha %.4f xi %.4f d %.4f), fit NMSE %.4f "
                            + "(alpha %.4f xi %.4f d %.4f); fit 90%% coverage %.2f / %.2f / %.2f; median %.0f s a fit%n",
                    rows.size(), DelimitedText.format(addNoise), s.network().mean(),
                    s.network().nmseAlpha(), s.network().nmseXi(), s.network().nmseD(), s.fit().mean(),
                    s.fit().nmseAlpha(), s.fit().nmseXi(), s.fit().nmseD(), s.coverage().alpha(), s.coverage().xi(),
                    s.coverage().d(), s.seconds());
            out.flush();
            if (json != null) {
                AtomicFiles.write(json, FitStudyRecord.summaryJson(Cli.commandLine(spec), addNoise, rows, s));
            }
        }
        return 0;
    }

    /** --series-study: samples drawn from the prior, each fitted on its first curve alone and on the whole series. */
    private int seriesStudy(PrintWriter out, Preset preset, int workers) throws IOException {
        if (!curves.isEmpty() || set != null || start != null || noise != null || details != null) {
            throw new UsageError("--series-study draws its own samples and fits them from the network's estimate: give "
                    + "no --curve, labelled set, --start, --noise or --details (the noise is --add-noise)");
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--noise-seed")) {
            throw new UsageError("--series-study draws its noise from each sample's own stream (--seed); --noise-seed "
                    + "does not apply");
        }
        if (seed == null) {
            throw new UsageError("--series-study needs --seed S (a seed used for nothing else, for held-out samples)");
        }
        if (flipAngles.size() < 2) {
            throw new UsageError("--series-study needs at least two --flip-angles (e.g. 90,60,45; the first is the "
                    + "single curve and the network's input), got " + flipAngles.size());
        }
        for (double a : flipAngles) {
            if (!(a > 0 && a < 180)) {
                throw new UsageError("--flip-angles must lie between 0 and 180 degrees, got " + DelimitedText.format(a));
            }
        }
        if (!(addNoise >= 0) || !Double.isFinite(addNoise)) {
            throw new UsageError("--add-noise must be a finite number >= 0, got " + addNoise);
        }
        OptionChecks.intInRange("--count", count, 1, 1_000_000);
        OutputGuard.checkFiles(OutputGuard.given(new OutputGuard.Named("--json", json),
                new OutputGuard.Named("--record", record)), List.of(),
                List.of(ModelLoading.protectedDir(models.dir(kernel))));
        double[] angles = flipAngles.stream().mapToDouble(Double::doubleValue).toArray();
        PrintWriter err = spec.commandLine().getErr();
        try (Estimator m = ModelLoading.load(models.dir(kernel), preset.kernel(), err)) {
            if (m.curveLength() % 3 != 0) {
                throw new UsageError("the model takes curves of " + m.curveLength() + " samples, not 3*ntau");
            }
            // the samples are drawn as generate draws a set's curves, at the model's curve length
            GenerationSpec draws = GenerationSpec.of(preset, DataFiles.EVAL, count, seed).withLattice(lattice.lattice)
                    .withNtau(m.curveLength() / 3);
            LikelihoodFit fit = LikelihoodFit.builder().layouts(layouts).threads(workers).temperature(temperature())
                    .build();
            SeriesFitStudy study = new SeriesFitStudy(m, fit, draws, angles, addNoise);
            SeriesStudyRecord rec = new SeriesStudyRecord(record, String.format(Locale.ROOT,
                    "# spinecho fit series study: kernel=%s model=%s seed=%d flip-angles=%s add-noise=%s layouts=%d "
                            + "lattice=%s" + (temperature() != 1 ? " temperature=" + DelimitedText.format(temperature()) : ""),
                    preset.kernel(), m.manifest().paramsSha256(), seed, angleList(angles),
                    DelimitedText.format(addNoise), layouts, lattice.lattice));
            out.printf(Locale.ROOT, "%6s  %-22s %-22s %-22s %-22s %s%n", "sample", "true alpha xi d", "network",
                    "single fit (" + angle(angles[0]) + ")", "series fit", "s single / series");
            out.flush();
            long t0 = System.nanoTime();
            List<SeriesFitStudy.Row> rows = rec.resume(study, count, new SeriesFitStudy.Listener() {
                @Override
                public void finished(SeriesFitStudy.Row row, int done, int total) {
                    printSeriesRow(out, row);
                }

                private long lastNote = System.nanoTime();

                @Override
                public void fitting(int index, String what) {
                    err.printf(Locale.ROOT, "series study: sample %d of %d, %s fit (%.0f s so far)%n", index + 1, count,
                            what, (System.nanoTime() - t0) / 1e9);
                    err.flush();
                    lastNote = System.nanoTime();
                }

                @Override
                public void progressed(int index, String what, String stage, long simulations) {
                    long now = System.nanoTime();
                    if (now - lastNote >= 60_000_000_000L) { // a plain line a minute at most: a fit takes minutes
                        lastNote = now;
                        err.printf(Locale.ROOT, "series study: sample %d, %s fit: %s, %d simulations so far%n",
                                index + 1, what, stage, simulations);
                        err.flush();
                    }
                }
            });
            SeriesFitStudy.Summary s = SeriesFitStudy.summarise(rows, preset.prior());
            out.printf(Locale.ROOT, "%d samples, flip angles %s, noise %s; NMSE (squared error / prior variance) "
                    + "alpha / xi / d, mean:%n", s.samples(), angleList(angles), DelimitedText.format(addNoise));
            out.printf(Locale.ROOT, "  network     %s%n", nmse(s.network()));
            out.printf(Locale.ROOT, "  single fit  %s   90%% coverage %s   median %.0f s%s%n", nmse(s.single()),
                    coverage(s.singleCoverage()), s.singleSeconds(), s.singleWarned() > 0 ? ", " + s.singleWarned()
                            + " warned" : "");
            out.printf(Locale.ROOT, "  series fit  %s   90%% coverage %s   median %.0f s%s%n", nmse(s.series()),
                    coverage(s.seriesCoverage()), s.seriesSeconds(), s.seriesWarned() > 0 ? ", " + s.seriesWarned()
                            + " warned" : "");
            out.printf(Locale.ROOT, "series better than single on %d of %d samples%n", s.seriesBetter(), s.samples());
            out.flush();
            if (json != null) {
                AtomicFiles.write(json, SeriesStudyRecord.summaryJson(Cli.commandLine(spec), angles, addNoise, rows, s));
            }
        }
        return 0;
    }

    private static String angleList(double[] angles) {
        StringBuilder sb = new StringBuilder();
        for (double a : angles) {
            sb.append(sb.length() == 0 ? "" : ",").append(angle(a));
        }
        return sb.toString();
    }

    /** An angle in degrees as written on the command line: 90, 22.5. */
    private static String angle(double a) {
        return a == Math.rint(a) ? Long.toString((long) a) : DelimitedText.format(a);
    }

    private static String nmse(org.spinecho.ml.PerParameter p) {
        return String.format(Locale.ROOT, "%.4f / %.4f / %.4f, %.4f", p.alpha(), p.xi(), p.d(), p.mean());
    }

    private static String coverage(org.spinecho.ml.PerParameter p) {
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", p.alpha(), p.xi(), p.d());
    }

    private static void printSeriesRow(PrintWriter out, SeriesFitStudy.Row row) {
        out.printf(Locale.ROOT, "%6d  %-22s %-22s %-22s %-22s %.0f / %.0f%s%n", row.index(), triple(row.truth()),
                triple(row.network()), triple(row.single().fit().estimate().toArray()),
                triple(row.series().fit().estimate().toArray()), row.single().seconds(), row.series().seconds(),
                row.single().fit().warning() != null || row.series().fit().warning() != null ? "  warning" : "");
        out.flush();
    }

    private static void printRow(PrintWriter out, LikelihoodFitStudy.Row row) {
        Theta f = row.fit().estimate();
        out.printf(Locale.ROOT, "%5d  %-26s %-26s %-26s %-22s %.0f%s%n", row.index(), triple(row.truth()),
                triple(row.network()), triple(f.toArray()), String.format(Locale.ROOT, "%.2g %.2g %.2g",
                        row.fit().sd().alpha(), row.fit().sd().xi(), row.fit().sd().d()), row.seconds(),
                row.fit().warning() != null ? "  warning" : "");
        out.flush();
    }

    private static String triple(double[] v) {
        return String.format(Locale.ROOT, "%.3f %.2f %.3f", v[0], v[1], v[2]);
    }
}
