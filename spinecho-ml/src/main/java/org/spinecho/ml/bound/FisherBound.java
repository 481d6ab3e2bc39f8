package org.spinecho.ml.bound;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.spinecho.ml.PerParameter;
import org.spinecho.sim.BatchSimulator;
import org.spinecho.sim.MeanFieldMethod;
import org.spinecho.sim.Theta;

/**
 * Computes the Cramér–Rao bound of (α, ξ, d) with the sample's layout as a random effect: the curve
 * is y = μ(θ) + δ + ε, where μ is the mean over layouts, δ the deviation of the sample's own
 * (unknown) layout, with covariance S(θ) estimated from K simulated layouts, and ε white noise σ
 * per component. The Fisher information of θ from y is JᵀΣ⁻¹J with J = ∂μ/∂θ and Σ = S + σ²I
 * (binned, see {@link Binning}); its inverse is the bound.
 *
 * <p>What the number is and is not:
 * <ul>
 * <li>It treats δ as Gaussian. For a given covariance the Gaussian carries the least information
 *     about a shift, so heavier-tailed deviations can only make the true limit lower; the bound is
 *     conservative in that respect.</li>
 * <li>It leaves out the information in how S itself changes with θ (the ½·tr(Σ⁻¹∂Σ Σ⁻¹∂Σ) term): a
 *     fit that used it would need S(θ) to great accuracy. This also makes it conservative.</li>
 * <li>Both estimates from K layouts are corrected for their small-sample bias: Σ⁻¹ by the Hartlap
 *     factor (see {@link LayoutCovariance}), and JᵀΣ⁻¹J for the noise of the finite-difference
 *     Jacobian, E[ĴₐᵀPĴ_b] = JₐᵀPJ_b + tr(P·C_ab)/K with C_ab the covariance over layouts of the
 *     per-layout derivatives (subtracted).</li>
 * </ul>
 *
 * <p>Deterministic: the same settings and seeds give the same bound whatever the thread count.
 * Build with {@link #builder()}.
 */
public final class FisherBound {
    /** First layout seed of the bound's layouts: seeds {@code FIRST_SEED … FIRST_SEED + K − 1}. */
    public static final long DEFAULT_FIRST_SEED = 7_000_000_001L;

    private final int layouts;
    private final long firstSeed;
    private final int binSize;
    private final double relativeStep;
    private final double dStep;
    private final int threads;
    private final MeanFieldMethod method;

    private FisherBound(Builder b) {
        this.layouts = b.layouts;
        this.firstSeed = b.firstSeed;
        this.binSize = b.binSize;
        this.relativeStep = b.relativeStep;
        this.dStep = b.dStep;
        this.threads = b.threads;
        this.method = b.method;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** K, the number of layouts per point. */
    public int layouts() {
        return layouts;
    }

    /** The binning this bound uses for an experiment (explicit size, or automatic). */
    public Binning binning(Experiment experiment) {
        return binSize > 0 ? Binning.of(experiment, binSize) : Binning.auto(experiment, layouts, 10);
    }

    /** Number of simulations one point of {@code experiment} costs. */
    public long simulations(Experiment experiment, Theta theta) {
        return LayoutSample.simulations(experiment, theta, layouts, relativeStep);
    }

    /** Simulates the layouts at θ (the expensive part; reuse it for several noise levels). */
    public LayoutSample sample(Experiment experiment, Theta theta, IntConsumer progress) {
        long[] seeds = new long[layouts];
        for (int i = 0; i < layouts; i++) {
            seeds[i] = firstSeed + i;
        }
        return LayoutSample.simulate(experiment, theta, binning(experiment), seeds, relativeStep, dStep,
                new BatchSimulator(threads), method, progress);
    }

    /** The bound at θ for each noise level, from one simulation of the layouts. */
    public List<Bound> compute(Experiment experiment, Theta theta, double[] noises, IntConsumer progress) {
        LayoutSample sample = sample(experiment, theta, progress);
        List<Bound> out = new ArrayList<>();
        for (double noise : noises) {
            out.add(bound(sample, noise));
        }
        return out;
    }

    /** The bound from a simulated sample at noise σ. */
    public static Bound bound(LayoutSample sample, double noise) {
        LayoutCovariance cov = LayoutCovariance.of(sample.curvesView(), sample.meanView(), sample.binning(), noise);
        int k = sample.layouts();
        double[][] jac = sample.jacobianView();
        double[][] wj = new double[3][];
        for (int a = 0; a < 3; a++) {
            wj[a] = cov.whiten(jac[a]);
        }
        double[][] raw = new double[3][3];
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                raw[a][b] = LayoutCovariance.dot(wj[a], wj[b]);
            }
        }
        // Noise of Ĵ: tr(P·C_ab)/K with C_ab the covariance of the per-layout derivatives.
        double[][][] der = sample.derivativesView();
        double[][] correction = new double[3][3];
        double[][] e = new double[3][];
        for (int s = 0; s < k; s++) {
            for (int a = 0; a < 3; a++) {
                double[] dev = der[a][s].clone();
                for (int j = 0; j < dev.length; j++) {
                    dev[j] -= jac[a][j];
                }
                e[a] = cov.whiten(dev);
            }
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b <= a; b++) {
                    correction[a][b] += LayoutCovariance.dot(e[a], e[b]);
                }
            }
        }
        double[][] fisher = new double[3][3];
        double[] share = new double[3];
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b <= a; b++) {
                double c = correction[a][b] / ((double) k * (k - 1));
                fisher[a][b] = raw[a][b] - c;
                fisher[b][a] = fisher[a][b];
            }
            share[a] = raw[a][a] > 0 ? (raw[a][a] - fisher[a][a]) / raw[a][a] : Double.NaN;
        }
        double[][] covariance = invert(fisher);
        double[] sd = new double[3];
        for (int a = 0; a < 3; a++) {
            sd[a] = Math.sqrt(covariance[a][a]);
        }
        return new Bound(sample.theta(), noise, sample.experiment().flipAnglesDegrees(), k, sample.binning().size(),
                sample.binning().dimension(), cov.effectiveDimension(), cov.hartlapFactor(), fisher, covariance,
                PerParameter.of(sd), PerParameter.of(share));
    }

    /** A bound rebuilt from its Fisher information and settings (e.g. read back from a file). */
    public static Bound fromFisher(Theta theta, double noise, double[] flipAnglesDegrees, int layouts, int binSize,
                                   int dimension, double effectiveDimension, double hartlapFactor, double[][] fisher,
                                   PerParameter jacobianNoiseShare) {
        double[][] covariance = invert(fisher);
        double[] sd = new double[3];
        for (int a = 0; a < 3; a++) {
            sd[a] = Math.sqrt(covariance[a][a]);
        }
        return new Bound(theta, noise, flipAnglesDegrees, layouts, binSize, dimension, effectiveDimension,
                hartlapFactor, fisher, covariance, PerParameter.of(sd), jacobianNoiseShare);
    }

    /**
     * I⁻¹ where I is positive definite; parameters without information (I_aa ≤ 0), or with a share
     * in a direction of relative information below 10⁻¹², get +∞ variance (NaN covariances).
     */
    static double[][] invert(double[][] fisher) {
        List<Integer> kept = new ArrayList<>();
        for (int a = 0; a < 3; a++) {
            if (fisher[a][a] > 0 && Double.isFinite(fisher[a][a])) {
                kept.add(a);
            }
        }
        double[][] out = new double[3][3];
        for (double[] row : out) {
            java.util.Arrays.fill(row, Double.NaN);
        }
        for (int a = 0; a < 3; a++) {
            if (!kept.contains(a)) {
                out[a][a] = Double.POSITIVE_INFINITY;
            }
        }
        int n = kept.size();
        if (n == 0) {
            return out;
        }
        double[] scale = new double[n];
        double[][] r = new double[n][n];
        for (int i = 0; i < n; i++) {
            scale[i] = Math.sqrt(fisher[kept.get(i)][kept.get(i)]);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                r[i][j] = fisher[kept.get(i)][kept.get(j)] / (scale[i] * scale[j]);
            }
        }
        EigenDecompositionSymmetric eig = new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(r), 0.0, false);
        double[] lambda = eig.getEigenvalues();
        boolean[] infinite = new boolean[n];
        double[][] inv = new double[n][n];
        for (int m = 0; m < n; m++) {
            double[] v = eig.getEigenvector(m).toArray();
            if (!(lambda[m] > 1e-12)) {
                for (int i = 0; i < n; i++) {
                    if (v[i] * v[i] > 1e-6) {
                        infinite[i] = true;
                    }
                }
                continue;
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    inv[i][j] += v[i] * v[j] / lambda[m];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int a = kept.get(i);
                int b = kept.get(j);
                if (infinite[i] || infinite[j]) {
                    out[a][b] = i == j ? Double.POSITIVE_INFINITY : Double.NaN;
                } else {
                    out[a][b] = inv[i][j] / (scale[i] * scale[j]);
                }
            }
        }
        return out;
    }

    /** Settings of a {@link FisherBound}, validated. */
    public static final class Builder {
        private int layouts = 400;
        private long firstSeed = DEFAULT_FIRST_SEED;
        private int binSize;
        private double relativeStep = 0.05;
        private double dStep = 0.05;
        private int threads = Runtime.getRuntime().availableProcessors();
        private MeanFieldMethod method = MeanFieldMethod.FFT;

        private Builder() {
        }

        /** K layouts per point (≥ 3; default 400). */
        public Builder layouts(int value) {
            if (value < 3) {
                throw new IllegalArgumentException("layouts must be >= 3, got " + value);
            }
            layouts = value;
            return this;
        }

        /** Seed of the first layout (default {@link #DEFAULT_FIRST_SEED}). */
        public Builder firstSeed(long value) {
            firstSeed = value;
            return this;
        }

        /** Samples per bin, or 0 (default) for the smallest size ≥ 10 with D ≤ (K − 1)/4. */
        public Builder binSize(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("bin size must be >= 0, got " + value);
            }
            binSize = value;
            return this;
        }

        /** Finite-difference step of α and ξ, relative (default 0.05). */
        public Builder relativeStep(double value) {
            if (!(value > 0 && value < 0.5)) {
                throw new IllegalArgumentException("relative step must lie in (0, 0.5), got " + value);
            }
            relativeStep = value;
            return this;
        }

        /** Finite-difference step of d (default 0.05). */
        public Builder dStep(double value) {
            if (!(value > 0 && value < 1)) {
                throw new IllegalArgumentException("d step must lie in (0, 1), got " + value);
            }
            dStep = value;
            return this;
        }

        /** Simulation threads (default: all processors; the result does not depend on it). */
        public Builder threads(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + value);
            }
            threads = value;
            return this;
        }

        /** Mean-field method (default FFT). */
        public Builder method(MeanFieldMethod value) {
            method = java.util.Objects.requireNonNull(value, "method");
            return this;
        }

        public FisherBound build() {
            return new FisherBound(this);
        }
    }
}
