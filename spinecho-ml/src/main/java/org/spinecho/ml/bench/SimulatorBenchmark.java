package org.spinecho.ml.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.spinecho.data.Statistics;
import org.spinecho.sim.BatchSimulator;
import org.spinecho.sim.CouplingKernel;
import org.spinecho.sim.Lattice;
import org.spinecho.sim.MeanFieldIntegrator;
import org.spinecho.sim.MeanFieldMethod;
import org.spinecho.sim.SimulationParameters;

/**
 * Times the simulator (what {@code spinecho bench sim} prints): the single-thread cost of one curve (median and best after warm-up, wall
 * clock and thread CPU time, split into mean field, propagator and rest), layouts in lock-step, the
 * throughput of {@link BatchSimulator} on 1 and on all threads, the FFT mean field against the
 * direct double sum, and the cost on 100 × 100 and 200 × 200 lattices (N log N scaling).
 */
public final class SimulatorBenchmark {

    /** What to run. */
    public record Config(SimulationParameters parameters, int curves, int batchCurves, int threads,
                         int directRepetitions, boolean largeLattice) {
        public Config {
            if (curves < 1 || batchCurves < 1 || threads < 1 || directRepetitions < 0) {
                throw new IllegalArgumentException("counts must be >= 1 (direct repetitions >= 0)");
            }
        }

        /** The default benchmark: 7 curves, 2·threads·3 batch curves, the direct sum twice. */
        public static Config standard(SimulationParameters parameters, int threads) {
            return new Config(parameters, 7, 2 * threads * 3, threads, 2, true);
        }

        /** Fewer repetitions: 3 curves, 2·threads batch curves, the direct sum once. */
        public static Config quick(SimulationParameters parameters, int threads) {
            return new Config(parameters, 3, 2 * threads, threads, 1, true);
        }
    }

    /** The benchmark's default curve: gauss, α = 0.5, ξ = 8, d = 3 on the model's defaults (50 × 50, 471 samples). */
    public static SimulationParameters defaultParameters() {
        return SimulationParameters.of(new CouplingKernel.Gaussian(8), 0.5, 3);
    }

    private final Config config;
    private final Consumer<String> progress;

    /** @param progress receives one-line notes on what is being timed (e.g. for stderr) */
    public SimulatorBenchmark(Config config, Consumer<String> progress) {
        this.config = config;
        this.progress = progress;
    }

    /** Runs everything; the results as ordered key → value (printed as key=value lines). */
    public Map<String, String> run() {
        SimulationParameters p = config.parameters();
        Map<String, String> r = new LinkedHashMap<>();
        r.put("java_version", System.getProperty("java.version"));
        r.put("cpu_cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        r.put("threads", Integer.toString(config.threads()));
        r.put("kernel", p.kernel().name());
        r.put("alpha", num(p.alpha()));
        r.put("xi", num(p.kernel().xi()));
        r.put("d", num(p.d()));
        r.put("lattice", p.lattice().toString());
        r.put("samples", Integer.toString(p.sequence().samples()));
        r.put("layout", p.layout().id());

        progress.accept("warm-up (" + Math.max(4, config.curves()) + " curves)");
        timeCurves(p, MeanFieldMethod.FFT, Math.max(4, config.curves())); // JIT warm-up
        progress.accept("single thread, " + config.curves() + " curves");
        Timed single = timeCurves(p, MeanFieldMethod.FFT, config.curves());
        double fftMs = Statistics.median(single.wallMs());
        r.put("curves_timed_1thread", Integer.toString(config.curves()));
        r.put("ms_per_curve_1thread", ms(fftMs));
        r.put("ms_per_curve_1thread_best", ms(min(single.wallMs())));
        r.put("cpu_ms_per_curve_1thread_best", ms(min(single.cpuMs())));
        r.put("cpu_ms_per_curve_1thread_median", ms(Statistics.median(single.cpuMs())));
        // where the time goes: further curves with clocks around the parts (thread CPU time where
        // the JVM measures it), the one with the least total
        progress.accept("single thread, " + config.curves() + " curves with the breakdown");
        MeanFieldIntegrator.Timing best = null;
        for (int i = 0; i < config.curves(); i++) {
            MeanFieldIntegrator.Timing t = new MeanFieldIntegrator(p, MeanFieldMethod.FFT).timedRun();
            if (best == null || t.totalNanos() < best.totalNanos()) {
                best = t;
            }
        }
        r.put("breakdown_clock", best.cpuTime() ? "thread_cpu" : "wall");
        r.put("ms_breakdown_total_per_curve", ms(best.totalNanos() / 1e6));
        r.put("ms_mean_field_per_curve", ms(best.meanFieldNanos() / 1e6));
        r.put("ms_propagator_per_curve", ms(best.propagatorNanos() / 1e6));
        r.put("ms_rest_per_curve",
                ms((best.totalNanos() - best.meanFieldNanos() - best.propagatorNanos()) / 1e6));

        int lockStep = 4;
        {
            progress.accept("single thread, " + lockStep + " layouts in lock-step");
            long[] seeds = new long[lockStep];
            for (int i = 0; i < lockStep; i++) {
                seeds[i] = p.layoutSeed() + i;
            }
            MeanFieldIntegrator.runLayouts(p, seeds, MeanFieldMethod.FFT); // warm-up
            double[] perCurve = new double[3];
            for (int i = 0; i < perCurve.length; i++) {
                long t0 = System.nanoTime();
                MeanFieldIntegrator.runLayouts(p, seeds, MeanFieldMethod.FFT);
                perCurve[i] = (System.nanoTime() - t0) / 1e6 / lockStep;
            }
            r.put("ms_per_curve_lockstep_" + lockStep + "_layouts_best", ms(min(perCurve)));
        }

        List<SimulationParameters> batch = new ArrayList<>(config.batchCurves());
        for (int i = 0; i < config.batchCurves(); i++) {
            batch.add(p.withLayoutSeed(p.layoutSeed() + i));
        }
        progress.accept("throughput: " + config.batchCurves() + " curves on 1 thread, then on "
                + config.threads() + " threads");
        BatchSimulator one = new BatchSimulator(1);
        BatchSimulator all = new BatchSimulator(config.threads());
        all.simulate(batch.subList(0, Math.min(batch.size(), config.threads())), MeanFieldMethod.FFT); // warm-up
        double oneSeconds = timeBatch(one, batch);
        double allSeconds = timeBatch(all, batch);
        r.put("curves_batch", Integer.toString(config.batchCurves()));
        r.put("curves_per_second_all_threads", String.format(Locale.ROOT, "%.2f", config.batchCurves() / allSeconds));
        r.put("curves_per_second_1thread", String.format(Locale.ROOT, "%.2f", 1000 / fftMs));
        r.put("curves_per_second_1thread_batch", String.format(Locale.ROOT, "%.2f", config.batchCurves() / oneSeconds));
        r.put("throughput_ratio_all_threads_vs_1thread", String.format(Locale.ROOT, "%.2f", oneSeconds / allSeconds));

        if (config.directRepetitions() > 0) {
            progress.accept("direct double sum: warm-up on 10x10, then " + config.directRepetitions()
                    + " curve(s) on " + p.lattice() + " (takes a few seconds each)");
            timeCurves(p.withLattice(new Lattice(10, 10)), MeanFieldMethod.DIRECT, 2);
            double directMs = Statistics.median(timeCurves(p, MeanFieldMethod.DIRECT, config.directRepetitions()).wallMs());
            r.put("ms_per_curve_direct_1thread", ms(directMs));
            // fastest against fastest: a stall of the machine during one curve does not decide the ratio
            double directBest = min(timeCurves(p, MeanFieldMethod.DIRECT, 1).wallMs());
            r.put("fft_speedup_vs_direct", String.format(Locale.ROOT, "%.2f",
                    Math.min(directMs, directBest) / min(single.wallMs())));
        }

        if (config.largeLattice()) {
            double baseCpu = min(single.cpuMs());
            int n1 = p.lattice().size();
            for (int side : new int[] {100, 200}) {
                Lattice large = new Lattice(side, side);
                int reps = side <= 100 ? Math.max(2, config.curves() / 2) : 2;
                progress.accept("single thread on " + large + ", " + reps + " curves after 1 warm-up");
                SimulationParameters pl = p.withLattice(large);
                timeCurves(pl, MeanFieldMethod.FFT, 1);
                Timed t = timeCurves(pl, MeanFieldMethod.FFT, reps);
                double largeMs = Statistics.median(t.wallMs());
                String name = large.toString();
                int n2 = large.size();
                r.put("ms_per_curve_" + name + "_1thread", ms(largeMs));
                r.put("cpu_ms_per_curve_" + name + "_1thread_best", ms(min(t.cpuMs())));
                r.put("ratio_" + name + "_vs_" + p.lattice(), String.format(Locale.ROOT, "%.2f", largeMs / fftMs));
                r.put("cpu_ratio_" + name + "_vs_" + p.lattice(), String.format(Locale.ROOT, "%.2f",
                        min(t.cpuMs()) / baseCpu));
                r.put("ratio_expected_n_log_n_" + name, String.format(Locale.ROOT, "%.2f",
                        (n2 * Math.log(n2)) / (n1 * Math.log(n1))));
            }
        }
        return r;
    }

    /** Wall-clock and thread-CPU milliseconds of single-threaded curves. */
    record Timed(double[] wallMs, double[] cpuMs) {
    }

    /** Times {@code count} single-threaded curves, one after the other. */
    static Timed timeCurves(SimulationParameters p, MeanFieldMethod method, int count) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpu = threads.isCurrentThreadCpuTimeSupported();
        double[] wall = new double[count];
        double[] cpuMs = new double[count];
        for (int i = 0; i < count; i++) {
            long c0 = cpu ? threads.getCurrentThreadCpuTime() : 0;
            long t0 = System.nanoTime();
            new MeanFieldIntegrator(p, method).run();
            wall[i] = (System.nanoTime() - t0) / 1e6;
            cpuMs[i] = cpu ? (threads.getCurrentThreadCpuTime() - c0) / 1e6 : Double.NaN;
        }
        return new Timed(wall, cpuMs);
    }

    private static double timeBatch(BatchSimulator simulator, List<SimulationParameters> batch) {
        long t0 = System.nanoTime();
        simulator.simulate(batch, MeanFieldMethod.FFT);
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double min(double[] values) {
        return values[argMin(values)];
    }

    private static int argMin(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] < values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "none";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
