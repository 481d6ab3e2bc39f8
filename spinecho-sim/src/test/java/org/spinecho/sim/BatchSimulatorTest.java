package org.spinecho.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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

    /** Lock-step layouts give each curve the bits of its own run: any lattice path, any method. */
    @Test
    void layoutsInLockStepEqualSeparateRunsBitForBit() {
        long[] seeds = {7, 1, 99, 3, 12};
        for (Lattice lattice : new Lattice[] {new Lattice(10, 6), new Lattice(9, 5), new Lattice(5, 4)}) {
            for (MeanFieldMethod method : MeanFieldMethod.values()) {
                SimulationParameters p = SimulationParameters.of(new CouplingKernel.Rkky(3), 1.3, 2.2)
                        .withLattice(lattice).withSequence(EchoSequence.DEFAULT.withNtau(6));
                List<EchoCurve> together = MeanFieldIntegrator.runLayouts(p, seeds, method);
                assertEquals(seeds.length, together.size());
                for (int b = 0; b < seeds.length; b++) {
                    EchoCurve alone = new MeanFieldIntegrator(p.withLayoutSeed(seeds[b]), method).run();
                    assertEquals(alone, together.get(b), lattice + " " + method + " seed " + seeds[b]);
                }
                // and two at a time, in another order
                List<EchoCurve> pair = MeanFieldIntegrator.runLayouts(p, new long[] {seeds[3], seeds[0]}, method);
                assertEquals(together.get(3), pair.get(0));
                assertEquals(together.get(0), pair.get(1));
                // different layouts do give different curves
                assertNotEquals(together.get(0), together.get(1));
            }
        }
    }

    @Test
    void groupedBatchesAreIndependentOfThreadsAndGrouping() {
        SimulationParameters a = SimulationParameters.of(new CouplingKernel.Gaussian(4), 0.7, 3)
                .withLattice(new Lattice(8, 6)).withSequence(EchoSequence.DEFAULT.withNtau(5));
        SimulationParameters b = a.withAlpha(0.2);
        List<SimulationParameters> params = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            params.add((i == 4 ? b : a).withLayoutSeed(100 + i)); // a run of 4, one other point, a run of 6
        }
        List<EchoCurve> one = new BatchSimulator(1).simulate(params, MeanFieldMethod.FFT);
        List<EchoCurve> two = new BatchSimulator(2).simulate(params, MeanFieldMethod.FFT);
        List<EchoCurve> many = new BatchSimulator(11).simulate(params, MeanFieldMethod.FFT); // one per task
        for (int i = 0; i < params.size(); i++) {
            EchoCurve alone = new MeanFieldIntegrator(params.get(i)).run();
            assertEquals(alone, one.get(i), "curve " + i);
            assertEquals(alone, two.get(i), "curve " + i);
            assertEquals(alone, many.get(i), "curve " + i);
        }
        long[] seeds = {5, 6, 7};
        List<EchoCurve> layouts = new BatchSimulator(2).simulateLayouts(a, seeds, MeanFieldMethod.FFT);
        for (int i = 0; i < seeds.length; i++) {
            assertEquals(new MeanFieldIntegrator(a.withLayoutSeed(seeds[i])).run(), layouts.get(i));
        }
    }
}
