package org.spinecho.ml.bound;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;
import org.spinecho.data.Preset;
import org.spinecho.sim.EchoSequence;
import org.spinecho.sim.Lattice;
import org.spinecho.sim.SimulationParameters;
import org.spinecho.sim.Theta;

/**
 * Everything that fixes a prior map of the bound ({@code bound --prior P --count N}), validated, in
 * one place for every front end that computes one (the command line in one process, the Spark
 * sweep across executors): point n of the map depends only on these settings and n, never on
 * how many points are computed together or by how many threads.
 *
 * @param preset     the preset: kernel, and the prior the points are drawn from and NMSE is measured against
 * @param count      N, the number of draws
 * @param seed       the seed of the draws (point n is curve n of {@code generate --preset P --count N --seed S})
 * @param noises     the noise levels, ≥ 0, one bound per level
 * @param flipAngles first-pulse flip angles in degrees, one Hahn echo each on the same sample
 * @param layouts    K, layouts simulated per point (≥ 3)
 * @param binSize    samples per bin, 0 for the default
 * @param lattice    the lattice
 * @param ntau       steps between the pulses
 */
public record BoundMapSpec(Preset preset, int count, long seed, double[] noises, double[] flipAngles, int layouts,
                           int binSize, Lattice lattice, int ntau) {

    /** The largest number of draws. */
    public static final int MAX_COUNT = 100_000;

    public BoundMapSpec {
        java.util.Objects.requireNonNull(preset, "preset");
        java.util.Objects.requireNonNull(lattice, "lattice");
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("--count must be an integer from 1 to " + MAX_COUNT + ", got " + count);
        }
        if (noises == null || noises.length == 0) {
            throw new IllegalArgumentException("--noise: at least one level is required");
        }
        for (double s : noises) {
            if (!(s >= 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException("--noise must be finite numbers >= 0, got " + s);
            }
        }
        if (layouts < 3 || layouts > 1_000_000) {
            throw new IllegalArgumentException("--layouts must be an integer from 3 to 1000000, got " + layouts);
        }
        if (binSize < 0) {
            throw new IllegalArgumentException("--bin must be >= 0, got " + binSize);
        }
        if (ntau < 1 || ntau > 1_000_000) {
            throw new IllegalArgumentException("--ntau must be an integer from 1 to 1000000, got " + ntau);
        }
        noises = noises.clone();
        flipAngles = flipAngles.clone();
        experiment(preset, lattice, ntau, flipAngles); // validates the flip angles
    }

    @Override
    public double[] noises() {
        return noises.clone();
    }

    @Override
    public double[] flipAngles() {
        return flipAngles.clone();
    }

    /** The experiment: the preset's kernel on the lattice, one Hahn echo per flip angle. */
    public Experiment experiment() {
        return experiment(preset, lattice, ntau, flipAngles);
    }

    /**
     * The experiment of a bound: the kernel on the lattice with {@code ntau} steps between the
     * pulses (the point's α, ξ, d are set per point), one Hahn echo per flip angle.
     */
    public static Experiment experiment(Preset preset, Lattice lattice, int ntau, double[] flipAngles) {
        SimulationParameters template = SimulationParameters.of(preset.kernelType().coupling(10, 1), 0, 3)
                .withLattice(lattice).withSequence(EchoSequence.DEFAULT.withNtau(ntau));
        return Experiment.flipAngles(template, flipAngles);
    }

    /**
     * The bound's method with these layouts and bins, checked against the experiment.
     *
     * @param threads simulation threads, or null for all processors (the result does not depend on it)
     */
    public FisherBound fisherBound(Integer threads) {
        FisherBound.Builder b = FisherBound.builder().layouts(layouts).binSize(binSize);
        if (threads != null) {
            b.threads(threads);
        }
        FisherBound bound = b.build();
        bound.binning(experiment());
        return bound;
    }

    /** Point n of the map: its draw from the prior and its bounds at every noise level. */
    public PriorBoundMap.Point point(FisherBound bound, int n, IntConsumer progress) {
        if (n < 0 || n >= count) {
            throw new IllegalArgumentException("point " + n + " is outside 0 .. " + (count - 1));
        }
        Theta theta = PriorBoundMap.draw(preset, count, seed, n);
        return new PriorBoundMap.Point(n, theta, bound.compute(experiment(), theta, noises, progress));
    }

    /** The map of these points (all N, in draw order). */
    public PriorBoundMap map(java.util.List<PriorBoundMap.Point> points) {
        if (points.size() != count) {
            throw new IllegalArgumentException("a map of " + count + " points, got " + points.size());
        }
        for (int n = 0; n < count; n++) {
            if (points.get(n).index() != n) {
                throw new IllegalArgumentException("point " + n + " has index " + points.get(n).index());
            }
        }
        return new PriorBoundMap(preset, seed, noises, points);
    }

    /** The settings as one line (the checkpoint's header). */
    public String line() {
        return String.format(Locale.ROOT, "%s count=%d seed=%d noise=%s flip=%s layouts=%d bin=%d lattice=%s ntau=%d",
                preset.kernel(), count, seed, Arrays.toString(noises), Arrays.toString(flipAngles), layouts, binSize,
                lattice, ntau);
    }

    /** The settings by option name (e.g. {@code "--layouts" -> "400"}), every value as text. */
    public Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("--prior", preset.kernel());
        m.put("--count", Integer.toString(count));
        m.put("--seed", Long.toString(seed));
        m.put("--noise", join(noises));
        m.put("--flip-angles", join(flipAngles));
        m.put("--layouts", Integer.toString(layouts));
        m.put("--bin", Integer.toString(binSize));
        m.put("--lattice", lattice.toString());
        m.put("--ntau", Integer.toString(ntau));
        return m;
    }

    private static String join(double[] values) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) {
            sb.append(sb.length() > 0 ? "," : "").append(v);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BoundMapSpec s && s.line().equals(line());
    }

    @Override
    public int hashCode() {
        return line().hashCode();
    }

    @Override
    public String toString() {
        return line();
    }
}
