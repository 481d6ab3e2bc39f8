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
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Simulate one spin-echo curve M(t) of the mean-field model.",
        description = {
            "Writes the 3*ntau complex samples M(s), s = 1..3*ntau (time s*dt), one line 'Re Im' per sample "
                    + "with 17 significant digits, to stdout or to --out.",
            "Pulse 1 (flip angle theta, phase 0) comes before sample 1, the pi pulse (angle 2*theta, phase pi/2) "
                    + "after sample ntau; a non-interacting ensemble echoes at sample 2*ntau.",
            "Time is in units u (1 u = 1/(2*pi*1 MHz) ~ 0.159 us), frequencies in rad/u, lengths in lattice "
                    + "spacings. The model is described in docs/model.md.",
            ""
        },
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

    @Option(names = "--kernel", required = true, paramLabel = "NAME", order = 1, converter = Options.KernelConverter.class,
            description = "Coupling kernel J(r), r in lattice units: gauss = exp(-(r/xi)^2); "
                    + "rkky = x^-4 (x cos x - sin x) with x = 2r/xi; power = r^-p; uniform = 1 for every pair. "
                    + "Required.")
    Kernel kernel;

    @Option(names = "--alpha", required = true, paramLabel = "A", order = 2,
            description = "Coupling strength alpha in rad/u: T(k,k') = alpha*J(r). Finite, >= 0 (0: no coupling). Required.")
    double alpha;

    @Option(names = "--xi", paramLabel = "X", order = 3,
            description = "Correlation length xi in lattice units. Finite, > 0. "
                    + "Required for gauss and rkky; power and uniform have none.")
    Double xi;

    @Option(names = "--d", required = true, paramLabel = "D", order = 4,
            description = "Dephasing exponent: Gamma = 10^-d per u (transverse decay at Gamma/2, T2 = 2/Gamma). "
                    + "Finite, >= -3 (data sets use 2..5). Required.")
    double d;

    @Option(names = "--power", paramLabel = "P", defaultValue = "3", order = 5,
            description = "Exponent p of the power kernel J(r) = r^-p. Finite, > 0. Default: ${DEFAULT-VALUE}.")
    double power;

    @Option(names = "--lattice", paramLabel = "L1xL2", defaultValue = "50x50", order = 6,
            converter = Options.LatticeConverter.class,
            description = "Periodic lattice of L1 x L2 spins, unit spacing; both sides >= 2. "
                    + "Default: ${DEFAULT-VALUE}.")
    Lattice lattice;

    @Option(names = "--ntau", paramLabel = "N", defaultValue = "157", order = 7,
            description = "Steps between the pulses (tau = ntau*dt); the curve has 3*ntau samples. "
                    + "Integer 1..1000000. Default: ${DEFAULT-VALUE} (tau = 314 u = 50 us).")
    int ntau;

    @Option(names = "--dt", paramLabel = "DT", defaultValue = "2", order = 8,
            description = "Time step and sample spacing in u. Finite, > 0. Default: ${DEFAULT-VALUE}.")
    double dt;

    @Option(names = "--alpha-z-ratio", paramLabel = "R", defaultValue = "1", order = 9,
            description = "Anisotropy alpha_z/alpha of the coupling (1 = isotropic, 0 = XY). Finite. "
                    + "Default: ${DEFAULT-VALUE}.")
    double alphaZRatio;

    @Option(names = "--layout", paramLabel = "LAYOUT", defaultValue = "random", order = 10,
            converter = Options.LayoutConverter.class,
            description = "How frequency offsets are placed on the lattice: random = Lorentzian quantiles "
                    + "permuted by --layout-seed, weights 1/N; ordered = evenly spaced offsets along i first, "
                    + "Lorentzian weights. Default: ${DEFAULT-VALUE}.")
    SpectrumLayout layout;

    @Option(names = "--layout-seed", paramLabel = "SEED", defaultValue = "0", order = 11,
            description = "Seed (64-bit integer) of the SplitMix64 permutation of the random layout. "
                    + "Default: ${DEFAULT-VALUE}.")
    long layoutSeed;

    @Option(names = "--nu0", paramLabel = "NU0", defaultValue = "10", order = 12,
            description = "Line centre nu0 in rad/u (offsets are measured from it). Finite. "
                    + "Default: ${DEFAULT-VALUE}.")
    double nu0;

    @Option(names = "--bandwidth", paramLabel = "BW", defaultValue = "0.5", order = 13,
            description = "Band of offsets kept, in rad/u: the Lorentzian is cut to nu0 +- BW/2. Finite, > 0. "
                    + "Default: ${DEFAULT-VALUE}.")
    double bandwidth;

    @Option(names = "--fwhm", paramLabel = "W", defaultValue = "0.05", order = 14,
            description = "Full width at half maximum of the Lorentzian line in rad/u. Finite, > 0. "
                    + "Default: ${DEFAULT-VALUE}.")
    double fwhm;

    @Option(names = "--flip-angle", paramLabel = "THETA", defaultValue = "1.5707963267948966", order = 15,
            description = "Flip angle theta of the first pulse in radians; the second pulse turns by 2*theta. "
                    + "Finite. Default: pi/2 (${DEFAULT-VALUE}).")
    double flipAngle;

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "fft", order = 16,
            converter = Options.MethodConverter.class,
            description = "How the mean field is computed: fft = circular convolution by FFT, O(N log N) "
                    + "per step; direct = the double sum over all pairs, O(N^2) (slow; for checking). "
                    + "Both give the same curve up to rounding. Default: ${DEFAULT-VALUE}.")
    MeanFieldMethod method;

    @Option(names = "--out", paramLabel = "FILE", order = 17,
            description = "Write the samples to FILE (atomically: a temporary file in the same directory "
                    + "is renamed onto it) instead of stdout.")
    Path out;

    @Option(names = "--plot", paramLabel = "FILE.png", order = 18,
            description = "Also draw |M|, Re M and Im M against the sample index, with the pi pulse and the "
                    + "echo marked, as a PNG (1000x600, written atomically).")
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
