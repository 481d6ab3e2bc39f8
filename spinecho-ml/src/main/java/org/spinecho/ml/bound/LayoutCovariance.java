package org.spinecho.ml.bound;

import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.MatrixUtils;

/**
 * The covariance of a binned curve over layouts and measurement noise, Σ = S + N, with S the sample
 * covariance of K simulated layouts (divisor K − 1) and N = diag(σ²/n_j) the white noise σ per
 * component averaged over the n_j samples of bin j; and its inverse as used in a Gaussian
 * likelihood or a Fisher information.
 *
 * <p><b>Small-sample bias.</b> For Gaussian deviations S is Wishart with K − 1 degrees of freedom and
 * E[S⁻¹] = Σ⁻¹·(K − 1)/(K − D − 2) (D dimensions): the plain inverse overstates the information.
 * The inverse returned here is multiplied by the Hartlap factor h = 1 − (D_eff + min(1, D_eff))/(K − 1),
 * where D_eff is the number of dimensions in which the layouts, not the noise, dominate: with λ_i
 * the eigenvalues of N^(−1/2)·S·N^(−1/2), D_eff = Σ λ_i/(1 + λ_i); without noise D_eff = rank S.
 * Without noise this is the exact (K − D − 2)/(K − 1); where the noise dominates it tends to 1
 * (nothing estimated, no bias to correct); in between it is an interpolation. It requires
 * K − 2 &gt; D_eff.
 *
 * <p>Without noise, directions in which the K layouts did not vary at all (eigenvalues of S below
 * 10⁻¹² of the largest) are dropped: they carry no measured covariance, and treating them as
 * exact would claim infinite information.
 */
public final class LayoutCovariance {
    private static final double RANK_TOLERANCE = 1e-12;

    private final int layouts;
    private final double effectiveDimension;
    private final double hartlap;
    /** Rows: the whitening transform W with Σ⁻¹ = WᵀW (before the Hartlap factor). */
    private final double[][] whitening;

    private LayoutCovariance(int layouts, double effectiveDimension, double hartlap, double[][] whitening) {
        this.layouts = layouts;
        this.effectiveDimension = effectiveDimension;
        this.hartlap = hartlap;
        this.whitening = whitening;
    }

    /**
     * @param curves  the K binned curves of K layouts (K × D)
     * @param mean    their mean
     * @param binning the binning (for the noise per bin)
     * @param noise   white noise σ per component of the raw curve, ≥ 0
     * @throws IllegalArgumentException when K − 2 ≤ D_eff: too few layouts for the dimension
     */
    public static LayoutCovariance of(double[][] curves, double[] mean, Binning binning, double noise) {
        if (!(noise >= 0) || !Double.isFinite(noise)) {
            throw new IllegalArgumentException("noise must be a finite number >= 0, got " + noise);
        }
        int k = curves.length;
        int dim = mean.length;
        double[][] s = new double[dim][dim];
        for (double[] c : curves) {
            for (int i = 0; i < dim; i++) {
                double di = c[i] - mean[i];
                double[] row = s[i];
                for (int j = 0; j <= i; j++) {
                    row[j] += di * (c[j] - mean[j]);
                }
            }
        }
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j <= i; j++) {
                s[i][j] /= (k - 1);
                s[j][i] = s[i][j];
            }
        }
        double[] noiseSd = new double[dim];
        if (noise > 0) {
            for (int j = 0; j < dim; j++) {
                noiseSd[j] = noise / Math.sqrt(binning.count(j));
                for (int i = 0; i < dim; i++) {
                    s[i][j] /= noiseSd[j];
                }
            }
            for (int i = 0; i < dim; i++) {
                for (int j = 0; j < dim; j++) {
                    s[i][j] /= noiseSd[i];
                }
            }
            for (int i = 0; i < dim; i++) {
                for (int j = 0; j < i; j++) {
                    s[j][i] = s[i][j]; // exactly symmetric after the two scalings
                }
            }
        }
        RealMatrix m = MatrixUtils.createRealMatrix(s);
        EigenDecompositionSymmetric eig = new EigenDecompositionSymmetric(m, 0.0, false);
        double[] lambda = eig.getEigenvalues();
        double max = 0;
        for (double l : lambda) {
            max = Math.max(max, l);
        }
        double dEff = 0;
        java.util.List<double[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < lambda.length; i++) {
            double l = Math.max(lambda[i], 0);
            double denominator;
            if (noise > 0) {
                dEff += l / (1 + l);
                denominator = 1 + l;
            } else {
                if (!(l > RANK_TOLERANCE * max)) {
                    continue;
                }
                dEff += 1;
                denominator = l;
            }
            double scale = 1 / Math.sqrt(denominator);
            double[] v = eig.getEigenvector(i).toArray();
            double[] row = new double[dim];
            for (int j = 0; j < dim; j++) {
                row[j] = v[j] * scale / (noise > 0 ? noiseSd[j] : 1);
            }
            rows.add(row);
        }
        if (k - 2 <= dEff) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "%d layouts are too few for %.0f effective dimensions of the binned curve: use more layouts "
                            + "(at least %d) or larger bins", k, dEff, (int) Math.ceil(4 * dEff + 1)));
        }
        double hartlap = 1 - (dEff + Math.min(1, dEff)) / (k - 1);
        return new LayoutCovariance(k, dEff, hartlap, rows.toArray(new double[0][]));
    }

    /** K, the number of layouts the covariance was estimated from. */
    public int layouts() {
        return layouts;
    }

    /** D_eff: dimensions dominated by the layouts rather than the noise (rank S without noise). */
    public double effectiveDimension() {
        return effectiveDimension;
    }

    /** h, the factor applied to the inverse (see the class comment). */
    public double hartlapFactor() {
        return hartlap;
    }

    /** √h·W·v: the vector in coordinates where the bias-corrected precision is the identity. */
    public double[] whiten(double[] v) {
        double root = Math.sqrt(hartlap);
        double[] out = new double[whitening.length];
        for (int i = 0; i < whitening.length; i++) {
            double[] row = whitening[i];
            double s = 0;
            for (int j = 0; j < row.length; j++) {
                s += row[j] * v[j];
            }
            out[i] = root * s;
        }
        return out;
    }

    /** h·uᵀΣ⁻¹v. */
    public double quadratic(double[] u, double[] v) {
        return dot(whiten(u), whiten(v));
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
