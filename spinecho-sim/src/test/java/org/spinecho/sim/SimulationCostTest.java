package org.spinecho.sim;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SimulationCostTest {

    @Test
    void aLatticeBeyondTheHeapIsRefusedUpFrontAndASlowOneEstimated() {
        SimulationCost big = SimulationCost.of(new Lattice(4000, 4000), 157, 64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> big.check("4000x4000"));
        assertTrue(e.getMessage().contains("memory") && e.getMessage().contains("-Xmx"), e.getMessage());
        String note = SimulationCost.of(new Lattice(1000, 1000), 157, 1).check("1000x1000");
        assertTrue(note != null && note.contains("takes about 5 min per curve"), note);
        assertNull(SimulationCost.of(new Lattice(50, 50), 157, 2).check("50x50"));
    }
}
