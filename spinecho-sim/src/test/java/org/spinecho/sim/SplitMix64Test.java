package org.spinecho.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Test vectors of docs/model.md, "The ensemble". */
class SplitMix64Test {

    @Test
    void firstOutputsForSeedZero() {
        SplitMix64 rng = new SplitMix64(0);
        assertEquals(0xE220A8397B1DCDAFL, rng.nextLong());
        assertEquals(0x6E789E6AA1B965F4L, rng.nextLong());
        assertEquals(0x06C45D188009454FL, rng.nextLong());
    }

    @Test
    void permutationOfTenForSeed42() {
        assertArrayEquals(new int[] {8, 3, 6, 5, 4, 0, 9, 2, 1, 7}, SplitMix64.permutation(10, 42));
    }

    @Test
    void permutationIsAPermutation() {
        int[] perm = SplitMix64.permutation(2500, 123);
        boolean[] seen = new boolean[2500];
        for (int p : perm) {
            seen[p] = true;
        }
        for (boolean s : seen) {
            assertEquals(true, s);
        }
    }
}
