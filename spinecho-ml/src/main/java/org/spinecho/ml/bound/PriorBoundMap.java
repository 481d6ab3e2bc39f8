package org.spinecho.ml.bound;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.spinecho.data.GenerationSpec;
import org.spinecho.data.Preset;
import org.spinecho.ml.PerParameter;
import org.spinecho.sim.Theta;

/**
 * The bound mapped over N draws from a preset's prior: the figure every estimator of the project is
 * scored against. Point n is the n-th draw of a data set with the preset, the given seed and N
 * curves (the same rule as {@code generate}), so a map and a held-out set with the same seed share
 * their points. Each parameter's bound is capped at its prior variance before averaging (where the
 * curve says nothing, the prior still does).
 *
 * @param preset the preset (kernel and prior)
 * @param seed   the seed of the draws
 * @param noises the noise levels, the same for every point
 * @param points the points in draw order, each with one bound per noise level
 */
public record PriorBoundMap(Preset preset, long seed, double[] noises, List<Point> points) {

    /** One point of the map and its bounds, one per noise level. */
    public record Point(int index, Theta theta, List<Bound> bounds) {
        public Point {
            bounds = List.copyOf(bounds);
        }
    }

    public PriorBoundMap {
        noises = noises.clone();
        points = List.copyOf(points);
    }

    @Override
    public double[] noises() {
        return noises.clone();
    }

    /** The prior-averaged bound at noise level {@code i}: the mean over points of the capped NMSE. */
    public PerParameter meanNmse(int i) {
        return mean(i, b -> b.nmse(preset.prior()));
    }

    /** The mean over points of a per-parameter figure of each point's bound at noise level {@code i}. */
    private PerParameter mean(int i, Function<Bound, PerParameter> figure) {
        double[] sum = new double[3];
        for (Point p : points) {
            PerParameter n = figure.apply(p.bounds().get(i));
            for (int k = 0; k < 3; k++) {
                sum[k] += n.get(k);
            }
        }
        for (int k = 0; k < 3; k++) {
            sum[k] /= points.size();
        }
        return PerParameter.of(sum);
    }

    /**
     * The mean over points of the NMSE with the prior's information added ({@link Bound#nmseWithPrior}):
     * an estimate of the smallest prior-averaged NMSE any estimator can reach at noise level {@code i}.
     */
    public PerParameter meanNmseWithPrior(int i) {
        return mean(i, b -> b.nmseWithPrior(preset.prior()));
    }

    /**
     * The standard error of {@link #meanNmseWithPrior}'s mean over the three parameters (the spread
     * of the points' three-parameter means over √N; NaN for one point): how far another N draws
     * could move it.
     */
    public double meanNmseWithPriorStandardError(int i) {
        int n = points.size();
        if (n < 2) {
            return Double.NaN;
        }
        double[] v = new double[n];
        double mean = 0;
        for (int j = 0; j < n; j++) {
            v[j] = points.get(j).bounds().get(i).nmseWithPrior(preset.prior()).mean();
            mean += v[j] / n;
        }
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return Math.sqrt(ss / (n - 1) / n);
    }

    /** The median over points of the capped NMSE at noise level {@code i}, per parameter. */
    public PerParameter medianNmse(int i) {
        double[] med = new double[3];
        for (int k = 0; k < 3; k++) {
            double[] v = new double[points.size()];
            for (int j = 0; j < v.length; j++) {
                v[j] = points.get(j).bounds().get(i).nmse(preset.prior()).get(k);
            }
            med[k] = org.spinecho.data.Statistics.median(v);
        }
        return PerParameter.of(med);
    }

    /** The θ of draw {@code n} of {@code count} with the preset's prior and {@code seed}. */
    public static Theta draw(Preset preset, int count, long seed, int n) {
        GenerationSpec.CurveDraw d = GenerationSpec.of(preset, "eval", count, seed).draw(n);
        return new Theta(d.alpha(), d.xi(), d.d());
    }

    /**
     * Computes the map. Points already in {@code done} (by index, e.g. from a checkpoint) are not
     * recomputed; {@code finished} is called after each new point, {@code progress} with the
     * simulations finished within the current point.
     */
    public static PriorBoundMap compute(FisherBound bound, Experiment experiment, Preset preset, int count,
                                        long seed, double[] noises, Map<Integer, Point> done,
                                        Consumer<Point> finished, IntConsumer progress) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, got " + count);
        }
        List<Point> points = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            Point p = done.get(n);
            if (p == null) {
                Theta theta = draw(preset, count, seed, n);
                p = new Point(n, theta, bound.compute(experiment, theta, noises, progress));
                finished.accept(p);
            }
            points.add(p);
        }
        return new PriorBoundMap(preset, seed, noises, points);
    }
}
