package org.spinecho.ml.bound;

import org.hipparchus.linear.MatrixUtils;
import org.spinecho.data.Prior;
import org.spinecho.ml.PerParameter;
import org.spinecho.sim.Theta;

/**
 * The Cramér–Rao bound of (α, ξ, d) at one point for one experiment and noise level: the inverse
 * of the Fisher information I = JᵀΣ⁻¹J of the binned curve(s), with J = ∂μ/∂θ the derivative of
 * the mean curve over layouts and Σ the covariance of the layout's deviations plus the noise. No
 * unbiased estimator that sees only the curve(s) can have a smaller covariance. A parameter whose
 * information is zero, or that moves only along a direction the curve does not see, has sd = +∞
 * ("not determined").
 *
 * @param theta                the point
 * @param noise                white noise σ per component of the curve
 * @param flipAnglesDegrees    the experiment's first-pulse flip angles, one per curve
 * @param layouts              K, the number of simulated layouts
 * @param binSize              samples per bin
 * @param dimension            D, the binned curve's length
 * @param effectiveDimension   D_eff (see {@link LayoutCovariance})
 * @param hartlapFactor        the small-sample correction applied to Σ⁻¹
 * @param fisher               I (3 × 3, order α, ξ, d), after both corrections
 * @param covariance           I⁻¹, +∞ on the diagonal of undetermined parameters, NaN off it
 * @param sd                   √diag(I⁻¹)
 * @param jacobianNoiseShare   per parameter, the share of the uncorrected information that was
 *                             noise of the finite-difference Jacobian and was subtracted
 */
public record Bound(Theta theta, double noise, double[] flipAnglesDegrees, int layouts, int binSize, int dimension,
                    double effectiveDimension, double hartlapFactor, double[][] fisher, double[][] covariance,
                    PerParameter sd, PerParameter jacobianNoiseShare) {

    public Bound {
        flipAnglesDegrees = flipAnglesDegrees.clone();
        fisher = copy(fisher);
        covariance = copy(covariance);
    }

    @Override
    public double[] flipAnglesDegrees() {
        return flipAnglesDegrees.clone();
    }

    @Override
    public double[][] fisher() {
        return copy(fisher);
    }

    @Override
    public double[][] covariance() {
        return copy(covariance);
    }

    /** sd relative to the value (α and ξ; for d, sd/|d|). */
    public PerParameter relativeSd() {
        return new PerParameter(sd.alpha() / theta.alpha(), sd.xi() / theta.xi(), sd.d() / Math.abs(theta.d()));
    }

    /** The correlation of the α and ξ estimates; NaN when either is not determined. */
    public double correlationAlphaXi() {
        double v0 = covariance[0][0];
        double v1 = covariance[1][1];
        if (!Double.isFinite(v0) || !Double.isFinite(v1)) {
            return Double.NaN;
        }
        return covariance[0][1] / Math.sqrt(v0 * v1);
    }

    /** Whether parameter {@code k} is determined better than by the prior alone. */
    public boolean determined(int k, Prior prior) {
        return sd.get(k) < priorSd(prior, k);
    }

    /** The sd capped at the prior's: the curve cannot make an estimate worse than the prior's spread. */
    public PerParameter cappedSd(Prior prior) {
        double[] c = new double[3];
        for (int k = 0; k < 3; k++) {
            c[k] = Math.min(sd.get(k), priorSd(prior, k));
        }
        return PerParameter.of(c);
    }

    /**
     * The NMSE this bound means for a set drawn from the prior: the capped variance over the
     * prior's variance (uniform: width²/12), per parameter; 1 where the curve says nothing.
     */
    public PerParameter nmse(Prior prior) {
        double[] n = new double[3];
        PerParameter capped = cappedSd(prior);
        for (int k = 0; k < 3; k++) {
            double p = priorSd(prior, k);
            n[k] = capped.get(k) * capped.get(k) / (p * p);
        }
        return PerParameter.of(n);
    }

    /**
     * The NMSE this bound means once the prior's own information is added: diag((I + Π)⁻¹) over the
     * prior's variances, Π = diag(1/prior variance) (uniform: 12/width²). Where the curve holds much
     * more than the prior, it is the capped bound; where it holds nothing, 1; in between the two add
     * up (a parameter the curve and the prior know equally well has 0.5, the capped bound 1). It
     * estimates the smallest NMSE any estimator can reach at this point: for a Gaussian prior of the
     * same variance it is the local form of the Bayesian (van Trees) bound, and for a uniform prior
     * on one parameter seen through Gaussian noise the Bayes-optimal estimator's NMSE lies within 10%
     * of it (BoundTest measures it). It is never above the capped bound and never below half of it
     * for a single parameter.
     */
    public PerParameter nmseWithPrior(Prior prior) {
        double[][] h = new double[3][3];
        double[] variance = new double[3];
        for (int a = 0; a < 3; a++) {
            double p = priorSd(prior, a);
            variance[a] = p * p;
            for (int b = 0; b < 3; b++) {
                double f = fisher[a][b];
                h[a][b] = Double.isFinite(f) ? f : 0;
            }
            h[a][a] += 1 / variance[a];
        }
        double[][] inv = MatrixUtils.inverse(MatrixUtils.createRealMatrix(h)).getData();
        double[] n = new double[3];
        for (int k = 0; k < 3; k++) {
            n[k] = Math.min(1, inv[k][k] / variance[k]);
        }
        return PerParameter.of(n);
    }

    /** The prior's standard deviation of parameter {@code k} (uniform on its range). */
    public static double priorSd(Prior prior, int k) {
        return prior.range(k).width() / Math.sqrt(12);
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
