package org.spinecho.data;

import java.nio.file.Path;
import org.spinecho.sim.Lattice;
import picocli.CommandLine.Option;

/**
 * The options of a generation as a command line gives them, declared once: {@code generate} and
 * {@code spark-generate} both take them as a picocli mixin ({@code @Mixin GenerationOptions}),
 * and {@link #toSpec()} turns them into a {@link GenerationSpec} in one place, so every command that
 * generates has the same options, defaults, help texts and checks.
 *
 * <p>The fields are filled by picocli; {@link #of} fills them from Java.
 */
public final class GenerationOptions {

    @Option(names = "--preset", required = true, paramLabel = "gauss|rkky",
            description = "Kernel and prior (docs/model.md, priors of the standard data sets): gauss (alpha 0:1) or "
                    + "rkky (alpha 0:3); xi 3:20, d 2:5.")
    String preset;

    @Option(names = "--count", required = true, paramLabel = "N", description = "Number of curves.")
    int count;

    @Option(names = "--seed", required = true, paramLabel = "S", description = "Seed; curve i depends only on (S, i).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created if missing).")
    Path out;

    @Option(names = "--split", defaultValue = "model", paramLabel = "model|eval",
            description = "model (training) or eval (evaluation); part of the file names. Default: ${DEFAULT-VALUE}.")
    String split = "model";

    @Option(names = "--noise", defaultValue = "0", paramLabel = "SIGMA",
            description = "Standard deviation of Gaussian noise added to Re and Im of every sample. "
                    + "Default: ${DEFAULT-VALUE}.")
    double noise;

    @Option(names = "--alpha", paramLabel = "LO:HI", description = "Range of alpha (>= 0), overriding the preset.")
    String alpha;

    @Option(names = "--xi", paramLabel = "LO:HI", description = "Range of xi (> 0), overriding the preset.")
    String xi;

    @Option(names = "--d", paramLabel = "LO:HI", description = "Range of d (Gamma = 10^-d), overriding the preset.")
    String d;

    @Option(names = "--lattice", defaultValue = "50x50", paramLabel = "L1xL2",
            description = "Lattice of every curve. Default: ${DEFAULT-VALUE}.")
    String lattice = "50x50";

    @Option(names = "--ntau", defaultValue = "157", paramLabel = "N",
            description = "Steps between the pulses; curves have 3*ntau samples. Default: ${DEFAULT-VALUE}.")
    int ntau = 157;

    /** Empty options, for picocli. */
    public GenerationOptions() {
    }

    /**
     * Options given from Java.
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
     * @param out     the output directory
     * @return the options
     */
    public static GenerationOptions of(String preset, String split, int count, long seed, double noise, String alpha,
                                       String xi, String d, String lattice, int ntau, Path out) {
        GenerationOptions o = new GenerationOptions();
        o.preset = preset;
        o.split = split;
        o.count = count;
        o.seed = seed;
        o.noise = noise;
        o.alpha = alpha;
        o.xi = xi;
        o.d = d;
        o.lattice = lattice;
        o.ntau = ntau;
        o.out = out;
        return o;
    }

    /** The output directory ({@code --out}). */
    public Path out() {
        return out;
    }

    /** The lattice as given ({@code --lattice}). */
    public String lattice() {
        return lattice;
    }

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
