package org.spinecho.app;

import org.spinecho.data.AtomicFiles;
import org.spinecho.data.NonFiniteCurveException;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spinecho.data.Kernel;
import org.spinecho.sim.EchoCurve;
import org.spinecho.sim.EchoSequence;
import org.spinecho.sim.Lattice;
import org.spinecho.sim.LineShape;
import org.spinecho.sim.MeanFieldIntegrator;
import org.spinecho.sim.MeanFieldMethod;
import org.spinecho.sim.SimulationCost;
import org.spinecho.sim.SimulationParameters;
import org.spinecho.sim.SpectrumLayout;
import org.spinecho.web.report.EchoPlot;
import org.spinecho.data.CurveText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spinecho simulate}: one spin-echo curve. Other tools depend on the option names and on the
 * output format (3·ntau lines "Re Im", 17 significant digits).
 */
@Command(resourceBundle = "org.spinecho.app.SimulateCommand",
        name = "simulate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Simulate one spin-echo curve M(t) of the mean-field model.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  spinecho simulate --kernel gauss --alpha 0.5 --xi 8 --d 3",
            "  spinecho simulate --kernel rkky --alpha 2 --xi 5 --d 4 --layout-seed 7 \\",
            "      --out curve.txt --plot curve.png"
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:success",
            "1:failure while running (e.g. an output file cannot be written)",
            "2:bad command line; nothing is written"
        })
public final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--kernel", required = true, paramLabel = "NAME", order = 1, converter = Options.KernelConverter.class)
    Kernel kernel;

    @Option(names = "--alpha", required = true, paramLabel = "A", order = 2)
    double alpha;

    @Option(names = "--xi", paramLabel = "X", order = 3)
    Double xi;

    @Option(names = "--d", required = true, paramLabel = "D", order = 4)
    double d;

    @Option(names = "--power", paramLabel = "P", defaultValue = "3", order = 5)
    double power;

    @Option(names = "--lattice", paramLabel = "L1xL2", defaultValue = "50x50", order = 6,
            converter = Options.LatticeConverter.class)
    Lattice lattice;

    @Option(names = "--ntau", paramLabel = "N", defaultValue = "157", order = 7)
    int ntau;

    @Option(names = "--dt", paramLabel = "DT", defaultValue = "2", order = 8)
    double dt;

    @Option(names = "--alpha-z-ratio", paramLabel = "R", defaultValue = "1", order = 9)
    double alphaZRatio;

    @Option(names = "--layout", paramLabel = "LAYOUT", defaultValue = "random", order = 10,
            converter = Options.LayoutConverter.class)
    SpectrumLayout layout;

    @Option(names = "--layout-seed", paramLabel = "SEED", defaultValue = "0", order = 11)
    long layoutSeed;

    @Option(names = "--nu0", paramLabel = "NU0", defaultValue = "10", order = 12)
    double nu0;

    @Option(names = "--bandwidth", paramLabel = "BW", defaultValue = "0.5", order = 13)
    double bandwidth;

    @Option(names = "--fwhm", paramLabel = "W", defaultValue = "0.05", order = 14)
    double fwhm;

    @Option(names = "--flip-angle", paramLabel = "THETA", defaultValue = "1.5707963267948966", order = 15)
    double flipAngle;

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "fft", order = 16,
            converter = Options.MethodConverter.class)
    MeanFieldMethod method;

    @Option(names = "--out", paramLabel = "FILE", order = 17)
    Path out;

    @Option(names = "--plot", paramLabel = "FILE.png", order = 18)
    Path plot;

    /** The simulation parameters the options describe; throws {@link UsageError} for bad values. */
    SimulationParameters parameters() {
        OptionChecks.nonNegative("--alpha", alpha);
        double xiValue = 1.0;
        if (xi != null) {
            xiValue = OptionChecks.positive("--xi", xi);
        } else if (kernel.hasXi()) {
            throw new UsageError("--xi is required for kernel " + kernel + " (a finite number > 0)");
        }
        OptionChecks.dephasingExponent("--d", d);
        if (kernel == Kernel.POWER) {
            OptionChecks.positive("--power", power);
        }
        OptionChecks.intInRange("--ntau", ntau, 1, OptionChecks.MAX_NTAU);
        OptionChecks.positive("--dt", dt);
        OptionChecks.finite("--alpha-z-ratio", alphaZRatio);
        OptionChecks.finite("--nu0", nu0);
        OptionChecks.positive("--bandwidth", bandwidth);
        OptionChecks.positive("--fwhm", fwhm);
        OptionChecks.finite("--flip-angle", flipAngle);
        OptionChecks.outputFile("--out", out);
        OptionChecks.outputFile("--plot", plot);
        if (out != null && plot != null && out.toAbsolutePath().normalize().equals(plot.toAbsolutePath().normalize())) {
            throw new UsageError("--out and --plot must name different files, got '" + out + "' for both");
        }
        EchoSequence sequence = EchoSequence.DEFAULT.withNtau(ntau).withDt(dt).withFlipAngle(flipAngle);
        return new SimulationParameters(kernel.coupling(xiValue, power), alpha, alphaZRatio, d, lattice,
                new LineShape(nu0, bandwidth, fwhm), layout, layoutSeed, sequence);
    }

    @Override
    public Integer call() throws IOException {
        SimulationParameters p = parameters();
        note(SimulationCost.of(p.lattice(), p.sequence().ntau(), 1).check(lattice.toString()));
        EchoCurve curve;
        try {
            curve = new MeanFieldIntegrator(p, method).run();
        } catch (OutOfMemoryError e) {
            throw new IllegalStateException("out of memory for --lattice " + lattice + " (this Java may use "
                    + SimulationCost.size(Runtime.getRuntime().maxMemory()) + "): give it more with JAVA_OPTS=-Xmx...");
        }
        try {
            NonFiniteCurveException.check(curve.re(), curve.im(), "the curve of --alpha " + alpha
                    + (xi != null ? " --xi " + xi : "") + " --d " + d + " --dt " + dt + " --fwhm " + fwhm
                    + " --bandwidth " + bandwidth + " --lattice " + lattice + " --ntau " + ntau);
        } catch (NonFiniteCurveException e) {
            throw new UsageError(e.getMessage() + "; nothing written");
        }
        if (out == null) {
            PrintWriter stdout = spec.commandLine().getOut();
            CurveText.write(curve, stdout);
            stdout.flush();
        } else {
            AtomicFiles.write(out, stream -> {
                Writer w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.US_ASCII));
                CurveText.write(curve, w);
                w.flush();
            });
        }
        if (plot != null) {
            AtomicFiles.write(plot, EchoPlot.png(curve, p.sequence(), EchoPlot.title(p)));
        }
        return 0;
    }

    private void note(String text) {
        if (text != null) {
            spec.commandLine().getErr().println("simulate: " + text);
            spec.commandLine().getErr().flush();
        }
    }
}
