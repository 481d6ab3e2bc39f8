package org.spinecho.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
    void medianOfAnOddCountIsTheMiddleValue() {
        assertEquals(3.0, SimulatorBenchmark.median(new double[] {5, 1, 3}));
        assertEquals(7.5, SimulatorBenchmark.median(new double[] {7.5}));
        assertEquals(2.0, SimulatorBenchmark.median(new double[] {100, 2, 1, 2, -4}));
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        assertEquals(2.5, SimulatorBenchmark.median(new double[] {4, 1, 3, 2}));
        assertEquals(1.5, SimulatorBenchmark.median(new double[] {2, 1}));
    }

    @Test
    void medianIgnoresOutliersAndDoesNotReorderItsInput() {
        double[] values = {10, 11, 1000, 12, 9};
        assertEquals(11.0, SimulatorBenchmark.median(values));
        assertEquals(1000, values[2], "input untouched");
    }

    @Test
    void medianRejectsNoValuesAndNaN() {
        assertThrows(IllegalArgumentException.class, () -> SimulatorBenchmark.median(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> SimulatorBenchmark.median(new double[] {1, Double.NaN}));
    }

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
        assertTrue(Double.parseDouble(r.get("ms_per_curve_1thread")) >= 0);
        assertTrue(Double.parseDouble(r.get("curves_per_second_all_threads")) > 0);
        assertTrue(!notes.isEmpty());
    }
}
