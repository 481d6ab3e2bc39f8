package org.spinecho.ml.bound;

import java.util.Locale;
import org.spinecho.data.Preset;
import org.spinecho.ml.PerParameter;
import org.spinecho.sim.Theta;

/**
 * Diagnostic (not a test): how much information the layout covariance's dependence on θ adds to the
 * bound's mean-shift information JᵀΣ⁻¹J, i.e. the Gaussian term ½·tr(Σ⁻¹∂ₐΣ Σ⁻¹∂ᵦΣ) that the bound
 * leaves out. ∂ₐS is estimated from the per-layout derivatives on common layouts,
 * (1/(K − 1))·Σᵢ(δᵢ∂ₐδᵢᵀ + ∂ₐδᵢδᵢᵀ); the trace of a product is taken between the two halves of the
 * layouts, so the estimate's own noise does not add to it. Prints the NMSE with the prior for the
 * mean term alone and for both terms.
 *
 * <p>{@code java -cp "spinecho-ml/target/classes:spinecho-ml/target/test-classes:spinecho-app/target/lib/*"
 * org.spinecho.ml.bound.CovarianceInformationProbe KERNEL ALPHA XI D NOISE LAYOUTS}
 */
public final class CovarianceInformationProbe {
    private CovarianceInformationProbe() {
    }

    public static void main(String[] args) {
        Preset preset = Preset.of(args[0]);
        Theta theta = new Theta(Double.parseDouble(args[1]), Double.parseDouble(args[2]), Double.parseDouble(args[3]));
        double noise = Double.parseDouble(args[4]);
        int layouts = Integer.parseInt(args[5]);
        BoundMapSpec spec = new BoundMapSpec(preset, 1, 1, new double[] {noise}, new double[] {90}, layouts, 0,
                new org.spinecho.sim.Lattice(50, 50), org.spinecho.sim.EchoSequence.DEFAULT.ntau());
        Experiment experiment = spec.experiment();
        FisherBound fb = spec.fisherBound(1);
        LayoutSample s = fb.sample(experiment, theta, i -> { });
        Bound meanOnly = FisherBound.bound(s, noise);
        LayoutCovariance cov = LayoutCovariance.of(s.curvesView(), s.meanView(), s.binning(), noise);
        int k = s.layouts();
        int dim = s.binning().dimension();
        double[][] curves = s.curvesView();
        double[] mean = s.meanView();
        double[][] jac = s.jacobianView();
        double[][][] der = s.derivativesView();
        // whitened ∂ₐS from each half of the layouts
        double[][][][] half = new double[2][3][dim][dim];
        int[] count = new int[2];
        for (int i = 0; i < k; i++) {
            int h = i % 2;
            count[h]++;
            double[] dev = new double[dim];
            for (int j = 0; j < dim; j++) {
                dev[j] = curves[i][j] - mean[j];
            }
            double[] u = cov.whiten(dev);
            for (int a = 0; a < 3; a++) {
                double[] dd = new double[dim];
                for (int j = 0; j < dim; j++) {
                    dd[j] = der[a][i][j] - jac[a][j];
                }
                double[] v = cov.whiten(dd);
                for (int p = 0; p < dim; p++) {
                    for (int q = 0; q < dim; q++) {
                        half[h][a][p][q] += u[p] * v[q] + v[p] * u[q];
                    }
                }
            }
        }
        double[][] fcov = new double[3][3];
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                double t = 0;
                for (int p = 0; p < dim; p++) {
                    for (int q = 0; q < dim; q++) {
                        t += half[0][a][p][q] / (count[0] - 1) * half[1][b][q][p] / (count[1] - 1)
                                + half[1][a][p][q] / (count[1] - 1) * half[0][b][q][p] / (count[0] - 1);
                    }
                }
                fcov[a][b] = 0.5 * 0.5 * t;
            }
        }
        double[][] fm = meanOnly.fisher();
        double[][] both = new double[3][3];
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                both[a][b] = fm[a][b] + fcov[a][b];
            }
        }
        Bound withCov = FisherBound.fromFisher(theta, noise, new double[] {90}, k, s.binning().size(), dim,
                cov.effectiveDimension(), cov.hartlapFactor(), both, meanOnly.jacobianNoiseShare());
        PerParameter m = meanOnly.nmseWithPrior(preset.prior());
        PerParameter w = withCov.nmseWithPrior(preset.prior());
        System.out.printf(Locale.ROOT, "%s %s noise %g, %d layouts, %d bins%n", preset.kernel(), theta, noise, k, dim);
        System.out.printf(Locale.ROOT, "fisher diag, mean term:       %.4g %.4g %.4g%n", fm[0][0], fm[1][1], fm[2][2]);
        System.out.printf(Locale.ROOT, "fisher diag, covariance term: %.4g %.4g %.4g%n", fcov[0][0], fcov[1][1],
                fcov[2][2]);
        System.out.printf(Locale.ROOT, "NMSE with prior, mean term: %.4f %.4f %.4f (mean %.4f)%n", m.alpha(), m.xi(),
                m.d(), m.mean());
        System.out.printf(Locale.ROOT, "NMSE with prior, both:      %.4f %.4f %.4f (mean %.4f)%n", w.alpha(), w.xi(),
                w.d(), w.mean());
    }
}
