package org.spinecho.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spinecho.sim.CouplingKernel;

class KernelTest {

    @Test
    void namesRoundTripAndMatchThePhysicsKernels() {
        for (Kernel k : Kernel.values()) {
            assertEquals(k, Kernel.of(k.id()));
            CouplingKernel c = k.coupling(7, 2.5);
            assertEquals(k.id(), c.name());
            assertEquals(k, Kernel.of(c));
            assertEquals(k.hasXi(), !Double.isNaN(c.xi()), k.id());
        }
        assertEquals(2.5, ((CouplingKernel.PowerLaw) Kernel.POWER.coupling(7, 2.5)).power());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernel.of("lorentz"));
        assertEquals("must be one of gauss, rkky, power, uniform, got 'lorentz'", e.getMessage());
    }

    @Test
    void theStandardSetsAreGaussAndRkkyWithTheirPriors() {
        assertEquals(List.of(Kernel.GAUSS, Kernel.RKKY), Kernel.presets());
        assertEquals(1, Kernel.GAUSS.preset().prior().alpha().hi());
        assertEquals(3, Kernel.RKKY.preset().prior().alpha().hi());
        assertEquals(Preset.GAUSS, Preset.of("gauss"));
        assertEquals(Kernel.RKKY, Preset.RKKY.kernelType());
        assertFalse(Kernel.POWER.hasPreset());
        assertTrue(assertThrows(IllegalArgumentException.class, Kernel.UNIFORM::preset).getMessage()
                .contains("gauss, rkky"));
    }
}
