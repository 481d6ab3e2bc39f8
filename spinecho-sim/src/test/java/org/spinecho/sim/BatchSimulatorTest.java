package org.spinecho.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchSimulatorTest {

    @Test
    void resultsAreInInputOrderAndIndependentOfThreadCount() {
        List<SimulationParameters> params = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            params.add(SimulationParameters.of(new CouplingKernel.Rkky(3 + i), 0.3 * i, 2 + 0.3 * i)
                    .withLattice(new Lattice(6, 5)).withLayoutSeed(i)
                    .withSequence(EchoSequence.DEFAULT.withNtau(8)));
        }
        AtomicInteger done = new AtomicInteger();
        List<EchoCurve> parallel = new BatchSimulator(3).simulate(params, MeanFieldMethod.FFT, i -> done.incrementAndGet());
        List<EchoCurve> serial = new BatchSimulator(1).simulate(params, MeanFieldMethod.FFT);
        assertEquals(9, done.get());
        for (int i = 0; i < params.size(); i++) {
            assertEquals(new MeanFieldIntegrator(params.get(i)).run(), parallel.get(i), "curve " + i);
            assertEquals(serial.get(i), parallel.get(i), "curve " + i);
        }
    }
}
