package org.spinecho.data;

import org.spinecho.sim.Lattice;

/**
 * The options of a generation as a command line gives them ({@code generate},
 * {@code spark-generate}), turned into a {@link GenerationSpec} in one place so that every
 * command that generates understands them alike.
 *
 * @param preset  "gauss" or "rkky"
 * @param split   "model" or "eval"
 * @param count   number of curves
 * @param seed    the set's seed
 * @param noise   Gaussian noise per component
 * @param alpha   "LO:HI" overriding the preset, or null
 * @param xi      "LO:HI" overriding the preset, or null
 * @param d       "LO:HI" overriding the preset, or null
 * @param lattice "L1xL2"
 * @param ntau    steps between the pulses
 */
public record GenerationOptions(String preset, String split, int count, long seed, double noise, String alpha,
                                String xi, String d, String lattice, int ntau) {

    /** The spec; IllegalArgumentException names the bad option ("--lattice: ..."). */
    public GenerationSpec toSpec() {
        Preset p = Preset.of(preset);
        Prior prior = p.prior();
        if (alpha != null) {
            prior = prior.withAlpha(Range.parse(alpha, "--alpha"));
        }
        if (xi != null) {
            prior = prior.withXi(Range.parse(xi, "--xi"));
        }
        if (d != null) {
            prior = prior.withD(Range.parse(d, "--d"));
        }
        Lattice l;
        try {
            l = Lattice.parse(lattice);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--lattice: " + e.getMessage(), e);
        }
        if (ntau < 1 || ntau > 1_000_000) {
            throw new IllegalArgumentException("--ntau: must be between 1 and 1000000, got " + ntau);
        }
        return GenerationSpec.of(p, split, count, seed).withPrior(prior).withNoise(noise).withLattice(l)
                .withNtau(ntau);
    }
}
