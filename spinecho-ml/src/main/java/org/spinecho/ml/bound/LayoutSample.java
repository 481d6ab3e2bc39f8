package org.spinecho.ml.bound;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.spinecho.sim.BatchSimulator;
import org.spinecho.sim.EchoCurve;
import org.spinecho.sim.MeanFieldMethod;
import org.spinecho.sim.SimulationParameters;
import org.spinecho.sim.Theta;

/**
 * An experiment simulated at a point θ on K layouts, and at a small step up and down in each of
 * α, ξ and d on the <em>same</em> layouts (common random numbers: the layout's effect cancels in
 * the differences). From it come the mean curve μ(θ) over layouts, its Jacobian ∂μ/∂θ and each
 * layout's own derivative, and the layouts' deviations from the mean, all binned.
 *
 * <p>Steps: α and ξ by a relative step (5% by default), d by an absolute one (0.05); central
 * differences, except a forward difference in α where α − h would be negative (α near 0, where the
 * step is at least 10⁻³).
 */
public final class LayoutSample {
    private final Theta theta;
    private final Experiment experiment;
    private final Binning binning;
    private final long[] seeds;
    private final double[][] curves;          // K × D at θ
    private final double[] mean;              // D
    private final double[][] jacobian;        // 3 × D
    private final double[][][] derivatives;   // 3 × K × D, per layout
    private final double[] steps;
    private final boolean[] central;

    private LayoutSample(Theta theta, Experiment experiment, Binning binning, long[] seeds, double[][] curves,
                         double[][][] derivatives, double[] steps, boolean[] central) {
        this.theta = theta;
        this.experiment = experiment;
        this.binning = binning;
        this.seeds = seeds;
        this.curves = curves;
        this.derivatives = derivatives;
        this.steps = steps;
        this.central = central;
        int k = curves.length;
        int dim = binning.dimension();
        this.mean = new double[dim];
        for (double[] c : curves) {
            for (int j = 0; j < dim; j++) {
                mean[j] += c[j];
            }
        }
        for (int j = 0; j < dim; j++) {
            mean[j] /= k;
        }
        this.jacobian = new double[3][dim];
        for (int a = 0; a < 3; a++) {
            for (double[] g : derivatives[a]) {
                for (int j = 0; j < dim; j++) {
                    jacobian[a][j] += g[j];
                }
            }
            for (int j = 0; j < dim; j++) {
                jacobian[a][j] /= k;
            }
        }
    }

    /**
     * Simulates the sample: (1 + number of steps) × K × curves-per-sample simulations.
     *
     * @param seeds        the K layout seeds
     * @param relativeStep step of α and ξ as a fraction of their value
     * @param dStep        step of d
     * @param progress     called with the number of simulations finished so far (from worker threads)
     */
    public static LayoutSample simulate(Experiment experiment, Theta theta, Binning binning, long[] seeds,
                                        double relativeStep, double dStep, BatchSimulator simulator,
                                        MeanFieldMethod method, IntConsumer progress) {
        return simulate(experiment, theta, binning, seeds, relativeStep, dStep, true, simulator, method, progress);
    }

    /**
     * As {@link #simulate(Experiment, Theta, Binning, long[], double, double, BatchSimulator, MeanFieldMethod,
     * IntConsumer)}; with {@code centralDifferences} false, forward differences only (4 instead of 7
     * points: cheaper, first-order accurate; what an iterative fit needs).
     */
    public static LayoutSample simulate(Experiment experiment, Theta theta, Binning binning, long[] seeds,
                                        double relativeStep, double dStep, boolean centralDifferences,
                                        BatchSimulator simulator, MeanFieldMethod method, IntConsumer progress) {
        if (seeds.length < 2) {
            throw new IllegalArgumentException("at least 2 layouts are needed, got " + seeds.length);
        }
        if (!(relativeStep > 0 && relativeStep < 0.5) || !(dStep > 0 && dStep < 1)) {
            throw new IllegalArgumentException("steps must be small and positive, got " + relativeStep + ", " + dStep);
        }
        double[] steps = new double[3];
        boolean[] central = new boolean[3];
        steps[0] = Math.max(relativeStep * theta.alpha(), 1e-3);
        central[0] = centralDifferences && theta.alpha() - steps[0] >= 0;
        steps[1] = relativeStep * theta.xi();
        central[1] = centralDifferences;
        steps[2] = dStep;
        central[2] = centralDifferences && theta.d() - dStep >= -3;
        // Points: θ, then for each parameter θ + h and (if central) θ − h.
        List<Theta> points = new ArrayList<>();
        points.add(theta);
        for (int a = 0; a < 3; a++) {
            points.add(theta.with(a, theta.get(a) + steps[a]));
            if (central[a]) {
                points.add(theta.with(a, theta.get(a) - steps[a]));
            }
        }
        int k = seeds.length;
        int m = experiment.curves();
        List<SimulationParameters> jobs = new ArrayList<>(points.size() * k * m);
        for (Theta p : points) {
            SimulationParameters atP = p.applyTo(experiment.template());
            for (long seed : seeds) {
                for (int j = 0; j < m; j++) {
                    jobs.add(experiment.curve(atP, j, seed));
                }
            }
        }
        int[] done = {0};
        List<EchoCurve> out = simulator.simulate(jobs, method, i -> {
            synchronized (done) {
                done[0]++;
                progress.accept(done[0]);
            }
        });
        double[][][] binned = bin(out, points, seeds, experiment, binning);
        double[][][] derivatives = new double[3][k][binning.dimension()];
        int index = 1;
        for (int a = 0; a < 3; a++) {
            int up = index++;
            int down = central[a] ? index++ : 0;
            double span = central[a] ? 2 * steps[a] : steps[a];
            for (int s = 0; s < k; s++) {
                for (int j = 0; j < binning.dimension(); j++) {
                    derivatives[a][s][j] = (binned[up][s][j] - binned[down][s][j]) / span;
                }
            }
        }
        return new LayoutSample(theta, experiment, binning, seeds.clone(), binned[0], derivatives, steps, central);
    }

    /**
     * The binned curves of K layouts at one θ (no derivatives): K × curves-per-sample simulations,
     * e.g. for a covariance from more layouts than an iteration can afford.
     */
    public static double[][] curves(Experiment experiment, Theta theta, Binning binning, long[] seeds,
                                    BatchSimulator simulator, MeanFieldMethod method) {
        SimulationParameters atP = theta.applyTo(experiment.template());
        List<SimulationParameters> jobs = new ArrayList<>(seeds.length * experiment.curves());
        for (long seed : seeds) {
            for (int j = 0; j < experiment.curves(); j++) {
                jobs.add(experiment.curve(atP, j, seed));
            }
        }
        return bin(simulator.simulate(jobs, method, i -> { }), List.of(theta), seeds, experiment, binning)[0];
    }

    /** Raw curves (point-major, then layout, then the experiment's curves) binned per point and layout. */
    private static double[][][] bin(List<EchoCurve> out, List<Theta> points, long[] seeds, Experiment experiment,
                                    Binning binning) {
        int k = seeds.length;
        int m = experiment.curves();
        double[][][] binned = new double[points.size()][k][];
        for (int p = 0; p < points.size(); p++) {
            for (int s = 0; s < k; s++) {
                double[] raw = new double[experiment.rawLength()];
                int off = 0;
                for (int j = 0; j < m; j++) {
                    EchoCurve c = out.get((p * k + s) * m + j);
                    double[] re = c.re();
                    double[] im = c.im();
                    for (double v : re) {
                        if (!Double.isFinite(v)) {
                            throw new IllegalStateException("the simulation at " + points.get(p)
                                    + " gave a non-finite curve (layout seed " + seeds[s] + ")");
                        }
                    }
                    System.arraycopy(re, 0, raw, off, re.length);
                    System.arraycopy(im, 0, raw, off + re.length, im.length);
                    off += re.length + im.length;
                }
                binned[p][s] = binning.apply(raw);
            }
        }
        return binned;
    }

    /** Number of simulations {@link #simulate} runs for K layouts. */
    public static long simulations(Experiment experiment, Theta theta, int layouts, double relativeStep) {
        boolean alphaCentral = theta.alpha() - Math.max(relativeStep * theta.alpha(), 1e-3) >= 0;
        int points = 1 + 2 + 2 + (alphaCentral ? 2 : 1);
        return (long) points * layouts * experiment.curves();
    }

    public Theta theta() {
        return theta;
    }

    public Experiment experiment() {
        return experiment;
    }

    public Binning binning() {
        return binning;
    }

    /** Number of layouts K. */
    public int layouts() {
        return seeds.length;
    }

    /** The mean binned curve over the layouts. */
    public double[] mean() {
        return mean.clone();
    }

    /** The binned curve of layout {@code s}. */
    public double[] curve(int s) {
        return curves[s].clone();
    }

    /** ∂μ/∂θ_a, binned (a = 0 α, 1 ξ, 2 d). */
    public double[] jacobian(int a) {
        return jacobian[a].clone();
    }

    /** The finite-difference step of parameter {@code a}. */
    public double step(int a) {
        return steps[a];
    }

    /** Whether parameter {@code a}'s derivative is a central difference. */
    public boolean central(int a) {
        return central[a];
    }

    double[][] curvesView() {
        return curves;
    }

    double[] meanView() {
        return mean;
    }

    double[][] jacobianView() {
        return jacobian;
    }

    double[][][] derivativesView() {
        return derivatives;
    }
}
