package org.spinecho.ml.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.spinecho.sim.CouplingKernel;
import org.spinecho.sim.EchoCurve;
import org.spinecho.sim.EchoSequence;
import org.spinecho.sim.Lattice;
import org.spinecho.sim.MeanFieldIntegrator;
import org.spinecho.sim.SimulationParameters;

class MisfitMapTest {
    /** 8 × 8 spins, 30 samples: small enough for a unit test. */
    static final SimulationParameters TEMPLATE = SimulationParameters.of(CouplingKernel.of("gauss", 2, 1), 0.5, 3)
            .withLattice(new Lattice(8, 8)).withSequence(EchoSequence.DEFAULT.withNtau(10).withDt(8));

    @Test
    void theTrueParametersAreTheMinimumWhenTheLayoutIsKnown() {
        EchoCurve c = new MeanFieldIntegrator(TEMPLATE.withKernel(CouplingKernel.of("gauss", 2.5, 1)).withAlpha(1.2)
                .withLayoutSeed(5)).run();
        double[] alpha = {0.6, 0.9, 1.2, 1.5, 1.8};
        double[] xi = MisfitMap.grid(1.25, 5, 5, true); // 1.25, 1.77, 2.5, 3.54, 5
        AtomicInteger calls = new AtomicInteger();
        MisfitMap.Result one = new MisfitMap(TEMPLATE, new long[] {5}, 1).map(c.re(), c.im(), alpha, xi, 3,
                k -> calls.incrementAndGet());
        assertEquals(25, calls.get());
        assertEquals(0, one.rms()[2][2], 1e-15); // the same layout reproduces the curve exactly
        assertArrayEquals(new double[] {1.2, 2.5}, one.minimum(), 1e-12);
        assertTrue(one.rms()[0][0] > 1e-3, "a distant point misfits: " + one.rms()[0][0]);
        // the thread count does not change a bit
        MisfitMap.Result two = new MisfitMap(TEMPLATE, new long[] {5}, 2).map(c.re(), c.im(), alpha, xi, 3, k -> { });
        for (int j = 0; j < xi.length; j++) {
            assertArrayEquals(one.rms()[j], two.rms()[j], 0);
        }
    }
}
