package org.spinecho.app;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spinecho.ml.bench.SimulatorBenchmark;
import org.spinecho.data.Kernel;
import org.spinecho.sim.SimulationParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code spinecho bench}: benchmarks; {@code bench sim} times the simulator. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Benchmarks.",
        description = "Run 'spinecho bench sim --help' for the simulator benchmark.",
        subcommands = BenchCommand.Sim.class)
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing benchmark: expected one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** {@code spinecho bench sim}. */
    @Command(
            name = "sim",
            mixinStandardHelpOptions = true,
            versionProvider = VersionProvider.class,
            sortOptions = false,
            usageHelpAutoWidth = true,
            header = "Time the spin-echo simulator; prints key=value lines on stdout.",
            description = {
                "Times one curve on the default lattice (50x50, 471 samples, dt = 2 u):",
                "  ms_per_curve_1thread           median of --curves curves, one thread",
                "  ms_per_curve_1thread_best      the fastest of them; cpu_ms_*: thread CPU time,",
                "                                 steadier than wall time on a busy machine",
                "  ms_mean_field_per_curve, ms_propagator_per_curve, ms_rest_per_curve",
                "                                 where the fastest curve's time went",
                "  ms_per_curve_lockstep_4_layouts_best  4 layouts of the point in lock-step",
                "  curves_per_second_all_threads  BatchSimulator on --threads threads",
                "  throughput_ratio_all_threads_vs_1thread  the same batch on 1 thread",
                "  fft_speedup_vs_direct          direct O(N^2) mean field time / FFT time",
                "                                 (the direct curve takes several seconds)",
                "  ms_per_curve_100x100_1thread, ms_per_curve_200x200_1thread",
                "                                 compare ratio_*_vs_50x50 (and cpu_ratio_*)",
                "                                 with ratio_expected_n_log_n_*",
                "plus the machine (java_version, cpu_cores, threads) and the parameters.",
                "Progress notes go to stderr. Timings on a shared machine are noisy.",
                ""
            })
    public static final class Sim implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--curves", paramLabel = "N", order = 1,
                description = "Curves timed for the single-thread median, 1..1000. Default: 7 (3 with --quick).")
        Integer curves;

        @Option(names = "--batch-curves", paramLabel = "N", order = 2,
                description = "Curves for the all-threads throughput, 1..100000. "
                        + "Default: 2*threads*3 (2*threads with --quick).")
        Integer batchCurves;

        @Mixin
        Options.Threads threads;

        @Option(names = "--quick", order = 4,
                description = "Fewer repetitions (3 curves, 2*threads batch curves, the direct sum once).")
        boolean quick;

        @Option(names = "--no-direct", order = 5,
                description = "Skip the slow direct-sum comparison (no fft_speedup_vs_direct).")
        boolean noDirect;

        @Option(names = "--kernel", paramLabel = "NAME", defaultValue = "gauss", order = 6,
                converter = Options.KernelConverter.class,
                description = "Kernel of the timed curve: gauss, rkky, power, uniform. Default: ${DEFAULT-VALUE}.")
        Kernel kernel;

        @Option(names = "--alpha", paramLabel = "A", defaultValue = "0.5", order = 7,
                description = "Coupling strength alpha (rad/u), >= 0. Default: ${DEFAULT-VALUE}.")
        double alpha;

        @Option(names = "--xi", paramLabel = "X", defaultValue = "8", order = 8,
                description = "Correlation length xi (lattice units), > 0. Default: ${DEFAULT-VALUE}.")
        double xi;

        @Option(names = "--d", paramLabel = "D", defaultValue = "3", order = 9,
                description = "Dephasing exponent d (Gamma = 10^-d per u), finite, >= -3. Default: ${DEFAULT-VALUE}.")
        double d;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String name = spec.qualifiedName();
            OptionChecks.nonNegative("--alpha", alpha);
            OptionChecks.positive("--xi", xi);
            OptionChecks.dephasingExponent("--d", d);
            int t = threads.count();
            SimulationParameters p = SimulationParameters.of(kernel.coupling(xi, 3), alpha, d);
            SimulatorBenchmark.Config base = quick ? SimulatorBenchmark.Config.quick(p, t)
                    : SimulatorBenchmark.Config.standard(p, t);
            int c = curves == null ? base.curves() : OptionChecks.intInRange("--curves", curves, 1, 1000);
            int b = batchCurves == null ? base.batchCurves()
                    : OptionChecks.intInRange("--batch-curves", batchCurves, 1, 100_000);
            SimulatorBenchmark.Config config = new SimulatorBenchmark.Config(p, c, b, t,
                    noDirect ? 0 : base.directRepetitions(), base.largeLattice());
            Map<String, String> results = new SimulatorBenchmark(config, note -> {
                err.println(name + ": " + note);
                err.flush();
            }).run();
            results.forEach((key, value) -> out.println(key + "=" + value));
            out.flush();
            return 0;
        }
    }
}
