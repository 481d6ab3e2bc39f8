package org.spinecho.ml;

import org.spinecho.data.Statistics;

/**
 * Input normalisation (per feature: (x − mean) / std, from the training curves) and target
 * scaling (per parameter: physical = mean + std · output). Serialised as
 * {@code normalisation.json}.
 *
 * @param inputMean  mean of each input feature over the training curves
 * @param inputStd   standard deviation of each input feature (features that never vary get 1)
 * @param targets    names of the targets, in output order
 * @param targetMean mean of each target over the training curves (physical units)
 * @param targetStd  population standard deviation of each target (constant targets get 1)
 */
public record Normalisation(float[] inputMean, float[] inputStd, String[] targets, double[] targetMean,
                            double[] targetStd) {

    public static final String[] PARAMETER_NAMES = org.spinecho.sim.Theta.NAMES.toArray(new String[0]);

    /** Fits the normalisation on features {@code x[i·f … (i+1)·f)} of the given rows. */
    public static Normalisation fit(float[] x, int features, double[][] targets, int[] rows) {
        double[] sum = new double[features];
        double[] sum2 = new double[features];
        for (int r : rows) {
            int base = r * features;
            for (int j = 0; j < features; j++) {
                double v = x[base + j];
                sum[j] += v;
                sum2[j] += v * v;
            }
        }
        float[] mean = new float[features];
        float[] std = new float[features];
        int n = rows.length;
        double[] sd = new double[features];
        double meanSquareSd = 0;
        for (int j = 0; j < features; j++) {
            double m = sum[j] / n;
            double var = Math.max(0, sum2[j] / n - m * m);
            sd[j] = Math.sqrt(var);
            mean[j] = (float) m;
            meanSquareSd += var / features;
        }
        // Floor: 1% of the typical feature spread. A feature that barely varies in noiseless training
        // curves (Re M in the first samples varies by 1e-9) would otherwise turn measurement noise of
        // 0.001 into inputs of 1e6.
        double floor = 0.01 * Math.sqrt(meanSquareSd);
        for (int j = 0; j < features; j++) {
            double s = Math.max(sd[j], floor);
            std[j] = s > 1e-12 * Math.max(1, Math.abs(mean[j])) ? (float) s : 1f;
        }
        int t = targets[0].length;
        double[] tm = new double[t];
        double[] ts = new double[t];
        double[][] trainTargets = new double[n][];
        for (int i = 0; i < n; i++) {
            trainTargets[i] = targets[rows[i]];
        }
        for (int k = 0; k < t; k++) {
            Statistics.Moments moments = Statistics.moments(Statistics.column(trainTargets, k));
            tm[k] = moments.mean();
            ts[k] = moments.sd() > 0 ? moments.sd() : 1;
        }
        return new Normalisation(mean, std, t == 3 ? PARAMETER_NAMES.clone() : names(t), tm, ts);
    }

    private static String[] names(int t) {
        String[] s = new String[t];
        for (int i = 0; i < t; i++) {
            s[i] = "t" + i;
        }
        return s;
    }

    /** Normalises features in place: {@code x[offset …]} for {@code rows} consecutive rows. */
    public void normaliseInPlace(float[] x, int offset, int rows) {
        int f = inputMean.length;
        for (int r = 0; r < rows; r++) {
            int base = offset + r * f;
            for (int j = 0; j < f; j++) {
                x[base + j] = (x[base + j] - inputMean[j]) / inputStd[j];
            }
        }
    }

    /** Target value in standardised units. */
    public float scaleTarget(int k, double physical) {
        return (float) ((physical - targetMean[k]) / targetStd[k]);
    }

    /** Target value in physical units. */
    public double unscaleTarget(int k, double standardised) {
        return targetMean[k] + targetStd[k] * standardised;
    }

    /** Throws if the arrays are inconsistent with each other or with {@code features}. */
    public void validate(int features, int outputs) {
        if (inputMean == null || inputStd == null || targetMean == null || targetStd == null || targets == null) {
            throw new IllegalArgumentException("normalisation is incomplete (missing arrays)");
        }
        if (inputMean.length != features || inputStd.length != features) {
            throw new IllegalArgumentException("normalisation has " + inputMean.length + "/" + inputStd.length
                    + " input features but the architecture has " + features);
        }
        if (targetMean.length != outputs || targetStd.length != outputs || targets.length != outputs) {
            throw new IllegalArgumentException("normalisation has " + targetMean.length
                    + " targets but the architecture has " + outputs + " outputs");
        }
        for (int j = 0; j < features; j++) {
            if (!Float.isFinite(inputMean[j]) || !(inputStd[j] > 0) || !Float.isFinite(inputStd[j])) {
                throw new IllegalArgumentException("normalisation of input feature " + j + " is invalid: mean "
                        + inputMean[j] + ", std " + inputStd[j]);
            }
        }
        for (int k = 0; k < outputs; k++) {
            if (!Double.isFinite(targetMean[k]) || !(targetStd[k] > 0) || !Double.isFinite(targetStd[k])) {
                throw new IllegalArgumentException("scaling of target " + k + " is invalid");
            }
        }
    }
}
