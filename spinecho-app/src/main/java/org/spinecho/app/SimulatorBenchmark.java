package org.spinecho.app;

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
 * Times the simulator: the single-thread cost of one curve (median after warm-up), the throughput of
 * {@link BatchSimulator} on all threads, the FFT mean field against the direct double sum, and the
 * cost on a 100 × 100 lattice (N log N scaling).
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
        return SimulationParameters.of(CouplingKernel.of("gauss", 8, 3), 0.5, 3);
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

        progress.accept("warm-up (" + Math.max(2, config.curves() / 2) + " curves)");
        timeCurves(p, MeanFieldMethod.FFT, Math.max(2, config.curves() / 2)); // JIT warm-up
        progress.accept("single thread, " + config.curves() + " curves");
        double fftMs = Statistics.median(timeCurves(p, MeanFieldMethod.FFT, config.curves()));
        r.put("curves_timed_1thread", Integer.toString(config.curves()));
        r.put("ms_per_curve_1thread", ms(fftMs));

        progress.accept(config.threads() + " threads, " + config.batchCurves() + " curves");
        List<SimulationParameters> batch = new ArrayList<>(config.batchCurves());
        for (int i = 0; i < config.batchCurves(); i++) {
            batch.add(p.withLayoutSeed(p.layoutSeed() + i));
        }
        BatchSimulator simulator = new BatchSimulator(config.threads());
        simulator.simulate(batch.subList(0, Math.min(batch.size(), config.threads())), MeanFieldMethod.FFT); // warm-up
        long t0 = System.nanoTime();
        simulator.simulate(batch, MeanFieldMethod.FFT);
        double batchSeconds = (System.nanoTime() - t0) / 1e9;
        r.put("curves_batch", Integer.toString(config.batchCurves()));
        r.put("curves_per_second_all_threads", String.format(Locale.ROOT, "%.2f", config.batchCurves() / batchSeconds));
        r.put("curves_per_second_1thread", String.format(Locale.ROOT, "%.2f", 1000 / fftMs));

        if (config.directRepetitions() > 0) {
            progress.accept("direct double sum: warm-up on 10x10, then " + config.directRepetitions()
                    + " curve(s) on " + p.lattice() + " (takes a few seconds each)");
            timeCurves(p.withLattice(new Lattice(10, 10)), MeanFieldMethod.DIRECT, 2);
            double directMs = Statistics.median(timeCurves(p, MeanFieldMethod.DIRECT, config.directRepetitions()));
            r.put("ms_per_curve_direct_1thread", ms(directMs));
            r.put("fft_speedup_vs_direct", String.format(Locale.ROOT, "%.1f", directMs / fftMs));
        }

        if (config.largeLattice()) {
            Lattice large = new Lattice(100, 100);
            int reps = Math.max(2, config.curves() / 2);
            progress.accept("single thread on 100x100, " + reps + " curves after 1 warm-up");
            SimulationParameters pl = p.withLattice(large);
            timeCurves(pl, MeanFieldMethod.FFT, 1);
            double largeMs = Statistics.median(timeCurves(pl, MeanFieldMethod.FFT, reps));
            r.put("ms_per_curve_100x100_1thread", ms(largeMs));
            int n1 = p.lattice().size();
            int n2 = large.size();
            r.put("ratio_100x100_vs_" + p.lattice(), String.format(Locale.ROOT, "%.2f", largeMs / fftMs));
            r.put("ratio_expected_n_log_n", String.format(Locale.ROOT, "%.2f",
                    (n2 * Math.log(n2)) / (n1 * Math.log(n1))));
        }
        return r;
    }

    /** Wall-clock milliseconds of {@code count} single-threaded curves, one after the other. */
    static double[] timeCurves(SimulationParameters p, MeanFieldMethod method, int count) {
        double[] ms = new double[count];
        double sink = 0;
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            sink += new MeanFieldIntegrator(p, method).run().re(0);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        if (sink == 42.4242) { // keeps the result alive; practically never true
            System.err.print("");
        }
        return ms;
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
