package org.spinecho.ml.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spinecho.sim.CouplingKernel;
import org.spinecho.sim.EchoSequence;
import org.spinecho.sim.Lattice;
import org.spinecho.sim.SimulationParameters;

class SimulatorBenchmarkTest {

    @Test
    void runReportsTheKeysOnATinyLattice() {
        SimulationParameters p = SimulationParameters.of(CouplingKernel.of("gauss", 3, 3), 0.5, 3)
                .withLattice(new Lattice(8, 8)).withSequence(EchoSequence.DEFAULT.withNtau(10));
        List<String> notes = new ArrayList<>();
        Map<String, String> r = new SimulatorBenchmark(new SimulatorBenchmark.Config(p, 3, 4, 2, 1, false),
                notes::add).run();
        for (String key : new String[] {"ms_per_curve_1thread", "curves_per_second_all_threads",
            "fft_speedup_vs_direct", "threads", "java_version", "cpu_cores", "kernel", "alpha", "xi", "d"}) {
            assertTrue(r.containsKey(key), "has " + key + ": " + r);
        }
        assertEquals("2", r.get("threads"));
        assertEquals("gauss", r.get("kernel"));
        assertEquals("8x8", r.get("lattice"));
        assertEquals("3", r.get("curves_timed_1thread"));
        assertEquals("4", r.get("curves_batch"));
        assertEquals("30", r.get("samples"));
        // one median time behind both single-thread figures: ms per curve (0.1 ms steps) = 1000 / curves per second
        double ms = Double.parseDouble(r.get("ms_per_curve_1thread"));
        double perSecond = Double.parseDouble(r.get("curves_per_second_1thread"));
        assertTrue(perSecond > 0 && Double.isFinite(perSecond), r.toString());
        // rounding: ms to 0.05, curves per second to 0.005, i.e. 1000 / perSecond to 0.005 ms² / 1000 ms
        assertEquals(1000 / perSecond, ms, 0.05 + 1e-5 * ms * ms + 1e-9, r.toString());
        double batch = Double.parseDouble(r.get("curves_per_second_all_threads"));
        assertTrue(batch > 0 && Double.isFinite(batch), r.toString());
        double speedup = Double.parseDouble(r.get("fft_speedup_vs_direct"));
        assertTrue(speedup > 0 && Double.isFinite(speedup), r.toString());
        assertTrue(r.containsKey("ms_per_curve_direct_1thread"), r.toString());
        assertFalse(r.containsKey("ms_per_curve_100x100_1thread"), "no large lattice when not asked for");
        // relations between the figures (each rounded to 0.1 ms) that a mix-up of keys, units or curves breaks
        double best = Double.parseDouble(r.get("ms_per_curve_1thread_best"));
        double cpuBest = Double.parseDouble(r.get("cpu_ms_per_curve_1thread_best"));
        double cpuMedian = Double.parseDouble(r.get("cpu_ms_per_curve_1thread_median"));
        assertTrue(best <= ms + 0.1, "the fastest curve is not slower than the median: " + r);
        assertTrue(cpuBest <= cpuMedian + 0.1, "the least CPU time is not more than the median: " + r);
        assertTrue(cpuBest <= best + 0.1, "one thread's CPU time is at most its wall time: " + r);
        // the timed curve's parts (mean field, propagator, rest) add up to its total, measured on
        // the thread CPU clock here (the test JVM measures it), so at most the timed curve's wall time
        double parts = Double.parseDouble(r.get("ms_mean_field_per_curve"))
                + Double.parseDouble(r.get("ms_propagator_per_curve")) + Double.parseDouble(r.get("ms_rest_per_curve"));
        double timedTotal = Double.parseDouble(r.get("ms_breakdown_total_per_curve"));
        assertEquals(timedTotal, parts, 0.2, "parts add up to the timed total: " + r);
        assertEquals("thread_cpu", r.get("breakdown_clock"), r.toString());
        assertTrue(Double.parseDouble(r.get("ms_rest_per_curve")) >= -0.05, "the rest is what the parts leave: " + r);
        // 4 curves on 1 and on 2 threads: a positive, finite speed-up (its size is a timing, not asserted)
        double ratio = Double.parseDouble(r.get("throughput_ratio_all_threads_vs_1thread"));
        assertTrue(ratio > 0 && Double.isFinite(ratio), r.toString());
        assertTrue(Double.isFinite(Double.parseDouble(r.get("ms_per_curve_lockstep_4_layouts_best"))), r.toString());
        // warm-up, single thread, breakdown, lock-step, throughput, direct sum
        assertEquals(6, notes.size(), notes.toString());
    }
}
