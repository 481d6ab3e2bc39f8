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
    private double logDeterminant;

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
        return fromCovariance(sampleCovariance(curves, mean), curves.length, binning, noise, true);
    }

    /**
     * The covariance shrunk towards its diagonal, (1 − λ)·S + λ·diag S, with the Schäfer–Strimmer
     * estimate of λ (the sampling variance of the correlations over their sum of squares): usable
     * with fewer layouts than dimensions, as an iterative fit needs. No Hartlap factor (h = 1): the
     * shrunk inverse has no simple bias; the fit's interval coverage is measured instead.
     */
    public static LayoutCovariance shrunk(double[][] curves, double[] mean, Binning binning, double noise) {
        double[][] s = sampleCovariance(curves, mean);
        int k = curves.length;
        int dim = mean.length;
        double[] sd = new double[dim];
        for (int i = 0; i < dim; i++) {
            sd[i] = Math.sqrt(s[i][i]);
        }
        double[][] z = new double[k][dim];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < dim; i++) {
                z[c][i] = sd[i] > 0 ? (curves[c][i] - mean[i]) / sd[i] : 0;
            }
        }
        double varSum = 0;
        double r2Sum = 0;
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j < i; j++) {
                double wBar = 0;
                for (int c = 0; c < k; c++) {
                    wBar += z[c][i] * z[c][j];
                }
                wBar /= k;
                double v = 0;
                for (int c = 0; c < k; c++) {
                    double w = z[c][i] * z[c][j] - wBar;
                    v += w * w;
                }
                varSum += v * k / Math.pow(k - 1, 3);
                double r = wBar * k / (k - 1);
                r2Sum += r * r;
            }
        }
        double lambda = r2Sum > 0 ? Math.max(0, Math.min(1, varSum / r2Sum)) : 1;
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j < dim; j++) {
                if (i != j) {
                    s[i][j] *= 1 - lambda;
                }
            }
        }
        LayoutCovariance cov = fromCovariance(s, k, binning, noise, false);
        cov.shrinkage = lambda;
        return cov;
    }

    private double shrinkage;

    /** log det Σ over the directions kept (all of them when there is noise). */
    public double logDeterminant() {
        return logDeterminant;
    }

    /** λ of {@link #shrunk}, 0 for the plain estimate. */
    public double shrinkage() {
        return shrinkage;
    }

    private static double[][] sampleCovariance(double[][] curves, double[] mean) {
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
        return s;
    }

    private static LayoutCovariance fromCovariance(double[][] s, int k, Binning binning, double noise,
                                                   boolean correct) {
        if (!(noise >= 0) || !Double.isFinite(noise)) {
            throw new IllegalArgumentException("noise must be a finite number >= 0, got " + noise);
        }
        int dim = s.length;
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
        double logDet = 0;
        if (noise > 0) {
            for (int j = 0; j < dim; j++) {
                logDet += 2 * Math.log(noiseSd[j]);
            }
        }
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
            logDet += Math.log(denominator);
            double scale = 1 / Math.sqrt(denominator);
            double[] v = eig.getEigenvector(i).toArray();
            double[] row = new double[dim];
            for (int j = 0; j < dim; j++) {
                row[j] = v[j] * scale / (noise > 0 ? noiseSd[j] : 1);
            }
            rows.add(row);
        }
        if (!correct) {
            LayoutCovariance c = new LayoutCovariance(k, dEff, 1.0, rows.toArray(new double[0][]));
            c.logDeterminant = logDet;
            return c;
        }
        if (k - 2 <= dEff) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "%d layouts are too few for %.0f effective dimensions of the binned curve: use more layouts "
                            + "(at least %d) or larger bins", k, dEff, (int) Math.ceil(4 * dEff + 1)));
        }
        double hartlap = 1 - (dEff + Math.min(1, dEff)) / (k - 1);
        LayoutCovariance c = new LayoutCovariance(k, dEff, hartlap, rows.toArray(new double[0][]));
        c.logDeterminant = logDet;
        return c;
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
