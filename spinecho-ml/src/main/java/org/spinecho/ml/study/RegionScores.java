package org.spinecho.ml.study;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.spinecho.data.Prior;
import org.spinecho.ml.PerParameter;

/**
 * An estimator's squared errors by region of parameter space, each in units of the prior's variance
 * of that parameter (uniform: width²/12), so that regions compare with each other and with the
 * bound's NMSE under the prior. Regions: all; weak coupling (α in the lowest third of its range);
 * strong coupling (α in the highest third); d near the top of its range (highest sixth, where the
 * dephasing is too slow to see).
 */
public final class RegionScores {
    private RegionScores() {
    }

    /**
     * One region's score.
     *
     * @param name  the region
     * @param count curves in it
     * @param nmse  mean squared error over the prior's variance, per parameter (NaN when empty)
     */
    public record Region(String name, int count, PerParameter nmse) {
    }

    /** The scores of predictions against the truth (rows α, ξ, d) in each region. */
    public static List<Region> of(double[][] truth, double[][] predicted, Prior prior) {
        double aLo = prior.alpha().lo() + prior.alpha().width() / 3;
        double aHi = prior.alpha().hi() - prior.alpha().width() / 3;
        double dHi = prior.d().hi() - prior.d().width() / 6;
        List<Region> out = new ArrayList<>();
        out.add(region("all", truth, predicted, prior, t -> true));
        out.add(region("weak coupling (alpha < " + fmt(aLo) + ")", truth, predicted, prior, t -> t[0] < aLo));
        out.add(region("strong coupling (alpha > " + fmt(aHi) + ")", truth, predicted, prior, t -> t[0] > aHi));
        out.add(region("d near the top (d > " + fmt(dHi) + ")", truth, predicted, prior, t -> t[2] > dHi));
        return out;
    }

    private static Region region(String name, double[][] truth, double[][] predicted, Prior prior,
                                 Predicate<double[]> in) {
        double[] sum = new double[3];
        int n = 0;
        for (int i = 0; i < truth.length; i++) {
            if (!in.test(truth[i])) {
                continue;
            }
            n++;
            for (int k = 0; k < 3; k++) {
                double w = prior.range(k).width();
                double e = predicted[i][k] - truth[i][k];
                sum[k] += e * e / (w * w / 12);
            }
        }
        double[] v = new double[3];
        for (int k = 0; k < 3; k++) {
            v[k] = n == 0 ? Double.NaN : sum[k] / n;
        }
        return new Region(name, n, PerParameter.of(v));
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.3g", v);
    }
}
