package org.spinecho.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spinecho.data.Kernel;
import org.spinecho.data.Preset;
import org.spinecho.data.Prior;
import org.spinecho.ml.PerParameter;
import org.spinecho.ml.bound.Bound;
import org.spinecho.ml.bound.BoundFiles;
import org.spinecho.ml.bound.BoundMapSpec;
import org.spinecho.ml.bound.Experiment;
import org.spinecho.ml.bound.FisherBound;
import org.spinecho.ml.bound.PriorBoundMap;
import org.spinecho.sim.Theta;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spinecho bound}: the Cramér–Rao bound of (α, ξ, d) for an experiment, at a point or mapped
 * over draws from a preset's prior. The computation lives in {@link FisherBound}; this class reads
 * options and writes the table and the JSON.
 */
@Command(resourceBundle = "org.spinecho.app.BoundCommand",
        name = "bound", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        header = "The information limit (Cramer-Rao bound) of alpha, xi, d for an experiment.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  spinecho bound --kernel gauss --alpha 0.5 --xi 10 --d 3.5",
            "  spinecho bound --kernel gauss --alpha 0.5 --xi 10 --d 3.5 --noise 0,0.001,0.01 --flip-angles 90,60,45",
            "  spinecho bound --prior rkky --count 8 --noise 0,0.001,0.003,0.01 --json rkky-bound.json"
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success", "1:failure while running", "2:bad command line; nothing is written"})
public final class BoundCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--kernel", paramLabel = "gauss|rkky", converter = Options.PresetKernelConverter.class)
    Kernel kernel;

    @Option(names = "--alpha", paramLabel = "A")
    Double alpha;

    @Option(names = "--xi", paramLabel = "X")
    Double xi;

    @Option(names = "--d", paramLabel = "D")
    Double d;

    @Option(names = "--prior", paramLabel = "PRESET", converter = Options.PresetKernelConverter.class)
    Kernel prior;

    @Option(names = "--count", paramLabel = "N", defaultValue = "8")
    int count;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "9001")
    long seed;

    @Option(names = "--noise", paramLabel = "S[,S...]", split = ",", defaultValue = "0")
    double[] noise;

    @Option(names = "--flip-angles", paramLabel = "DEG[,DEG...]", split = ",", defaultValue = "90")
    double[] flipAngles;

    @Option(names = "--layouts", paramLabel = "K", defaultValue = "400")
    int layouts;

    @Option(names = "--bin", paramLabel = "B", defaultValue = "0")
    int bin;

    @Mixin
    Options.LatticeOption lattice;

    @Option(names = "--ntau", paramLabel = "N", defaultValue = "157")
    int ntau;

    @Mixin
    Options.Threads threads;

    @Option(names = "--json", paramLabel = "FILE")
    Path json;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        boolean point = alpha != null || xi != null || d != null;
        if (point && (alpha == null || xi == null || d == null || kernel == null)) {
            throw new UsageError("a point needs --kernel, --alpha, --xi and --d");
        }
        if (!point && prior == null) {
            throw new UsageError("give a point (--kernel --alpha --xi --d) or a prior to map (--prior PRESET)");
        }
        if (point && prior != null && prior != kernel) {
            throw new UsageError("--prior " + prior + " does not match --kernel " + kernel);
        }
        Preset preset = (prior != null ? prior : kernel).preset();
        OptionChecks.outputFile("--json", json);
        Theta theta = point ? new Theta(alpha, xi, d) : null;
        BoundMapSpec settings = new BoundMapSpec(preset, count, seed, noise, flipAngles, layouts, bin, lattice.lattice,
                ntau);
        Experiment experiment = settings.experiment();
        FisherBound bound = settings.fisherBound(threads.count());
        if (point) {
            long total = bound.simulations(experiment, theta);
            List<Bound> bounds;
            try (Progress progress = Progress.curves("bound")) {
                progress.started((int) total, 0);
                bounds = bound.compute(experiment, theta, noise, i -> progress.progressed(i, (int) total));
            }
            printPoint(out, preset, theta, bounds);
            if (json != null) {
                BoundFiles.write(json, BoundFiles.pointJson(preset, bounds, flipAngles), Cli.commandLine(spec));
            }
            return 0;
        }
        BoundFiles.Checkpoint checkpoint = json == null ? null : new BoundFiles.Checkpoint(
                json.resolveSibling(json.getFileName() + ".points"), settings.line(), preset.prior());
        if (checkpoint != null && java.nio.file.Files.exists(checkpoint.file())) {
            spec.commandLine().getErr().println("bound: resuming from " + checkpoint.file());
        }
        PriorBoundMap result;
        try (Progress progress = Progress.curves("bound")) {
            result = checkpoint == null ? BoundFiles.compute(bound, experiment, preset, count, seed, noise, progress)
                    : checkpoint.compute(bound, experiment, preset, count, seed, noise, progress);
        }
        out.printf(Locale.ROOT, "prior-averaged bound, %s prior, %d draws (seed %d), flip angles %s, %d layouts:%n",
                preset.kernel(), count, seed, Arrays.toString(flipAngles), layouts);
        out.printf(Locale.ROOT, "%-10s %10s %10s %10s %10s   %-24s %s%n", "noise", "NMSE alpha", "NMSE xi", "NMSE d",
                "mean", "median alpha / xi / d", "with prior alpha / xi / d: mean +- s.e.");
        for (int i = 0; i < noise.length; i++) {
            PerParameter m = result.meanNmse(i);
            PerParameter med = result.medianNmse(i);
            PerParameter wp = result.meanNmseWithPrior(i);
            out.printf(Locale.ROOT, "%-10s %10.4g %10.4g %10.4g %10.4g   %-24s %.3g / %.3g / %.3g: %.3g +- %.2g%n",
                    fmt(noise[i]), m.alpha(), m.xi(), m.d(), m.mean(),
                    String.format(Locale.ROOT, "%.3g / %.3g / %.3g", med.alpha(), med.xi(), med.d()),
                    wp.alpha(), wp.xi(), wp.d(), wp.mean(), result.meanNmseWithPriorStandardError(i));
        }
        out.println("(NMSE: the bound capped at the prior's variance; with prior: diag((I + prior information)^-1), "
                + "the smallest NMSE an estimator can reach, estimated)");
        out.flush();
        if (json != null) {
            BoundFiles.write(json, BoundFiles.mapJson(result, layouts, flipAngles), Cli.commandLine(spec));
            checkpoint.delete();
        }
        return 0;
    }

    private void printPoint(PrintWriter out, Preset preset, Theta theta, List<Bound> bounds) {
        Bound first = bounds.get(0);
        out.printf(Locale.ROOT, "Cramer-Rao bound at %s alpha=%s xi=%s d=%s, flip angles %s, %d layouts, "
                        + "%d bins of %d samples%n", preset.kernel(), fmt(theta.alpha()), fmt(theta.xi()), fmt(theta.d()),
                Arrays.toString(flipAngles), first.layouts(), first.dimension(), first.binSize());
        out.printf(Locale.ROOT, "%-10s %-22s %-22s %-14s %-26s %s%n", "noise", "sd alpha", "sd xi", "sd d",
                "NMSE alpha / xi / d", "corr(alpha,xi)");
        for (Bound b : bounds) {
            PerParameter sd = b.sd();
            PerParameter rel = b.relativeSd();
            PerParameter nmse = b.nmse(preset.prior());
            out.printf(Locale.ROOT, "%-10s %-22s %-22s %-14s %-26s %.3f%n", fmt(b.noise()),
                    sdText(b, 0, preset.prior(), sd.alpha(), rel.alpha()),
                    sdText(b, 1, preset.prior(), sd.xi(), rel.xi()),
                    b.determined(2, preset.prior()) ? String.format(Locale.ROOT, "%.3g", sd.d()) : "not determined",
                    String.format(Locale.ROOT, "%.2g / %.2g / %.2g", nmse.alpha(), nmse.xi(), nmse.d()),
                    b.correlationAlphaXi());
        }
        out.flush();
    }

    private static String sdText(Bound b, int k, Prior prior, double sd, double rel) {
        if (!b.determined(k, prior)) {
            return "not determined";
        }
        return Double.isFinite(rel) ? String.format(Locale.ROOT, "%.3g (%.2g%%)", sd, 100 * rel)
                : String.format(Locale.ROOT, "%.3g", sd);
    }

    private static String fmt(double v) {
        return org.spinecho.data.DelimitedText.format(v);
    }
}
