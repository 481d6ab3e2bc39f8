package org.spinecho.ml;

import org.spinecho.data.Statistics;

/**
 * Input normalisation (per feature: (x − mean) / std, from the training curves) and target
 * scaling (per parameter: physical = mean + std · output). Serialised as
 * {@code normalisation.json}.
 *
 * @param inputMean  mean of each input feature over the training curves
 * @param inputStd   standard deviation of each input feature (features that never vary get 1)
 * @param targets    names of the targets, in output order: a parameter's name ({@code alpha}), or
 *                   {@code ln(NAME)} or {@code ln(NAME+C)} when the network's output is the
 *                   logarithm of the parameter (plus a constant C &gt; 0); the scaling applies to
 *                   the named quantity
 * @param targetMean mean of each target over the training curves (physical units)
 * @param targetStd  population standard deviation of each target (constant targets get 1)
 */
public record Normalisation(float[] inputMean, float[] inputStd, String[] targets, double[] targetMean,
                            double[] targetStd) {

    public static final String[] PARAMETER_NAMES = org.spinecho.sim.Theta.NAMES.toArray(new String[0]);

    /** Fits the normalisation on features {@code x[i·f … (i+1)·f)} of the given rows. */
    public static Normalisation fit(float[] x, int features, double[][] targets, int[] rows) {
        return fit(x, features, targets, rows, null);
    }

    /** The target names of networks that learn ln(α + 0.05), ln ξ and d. */
    public static final String[] LOG_TARGETS = {"ln(alpha+0.05)", "ln(xi)", "d"};

    /**
     * As {@link #fit(float[], int, double[][], int[])}, with target names that may ask for a
     * logarithm ({@link #LOG_TARGETS}); {@code names} null: the parameters' own names.
     */
    public static Normalisation fit(float[] x, int features, double[][] targets, int[] rows, String[] names) {
        int outputs = targets[0].length;
        String[] targetNames = names != null ? names.clone()
                : outputs == 3 ? PARAMETER_NAMES.clone() : names(outputs);
        if (targetNames.length != outputs) {
            throw new IllegalArgumentException(targetNames.length + " target names for " + outputs + " targets");
        }
        double[][] transformed = new double[targets.length][];
        for (int r : rows) {
            transformed[r] = new double[outputs];
            for (int k = 0; k < outputs; k++) {
                transformed[r][k] = forward(targetNames[k], targets[r][k]);
            }
        }
        return fitTransformed(x, features, transformed, rows, targetNames);
    }

    private static Normalisation fitTransformed(float[] x, int features, double[][] targets, int[] rows,
                                                String[] targetNames) {
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
        int t = targetNames.length;
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
        return new Normalisation(mean, std, targetNames, tm, ts);
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
        return (float) ((forward(targets[k], physical) - targetMean[k]) / targetStd[k]);
    }

    /** Target value in physical units. */
    public double unscaleTarget(int k, double standardised) {
        double v = targetMean[k] + targetStd[k] * standardised;
        double c = logOffset(targets[k]);
        return Double.isNaN(c) ? v : Math.exp(v) - c;
    }

    /** The quantity the network learns for a parameter value, by the target's name. */
    private static double forward(String name, double physical) {
        double c = logOffset(name);
        if (Double.isNaN(c)) {
            return physical;
        }
        if (!(physical + c > 0)) {
            throw new IllegalArgumentException("target " + name + " is undefined for the value " + physical);
        }
        return Math.log(physical + c);
    }

    /** C of a target named ln(NAME+C) (0 for ln(NAME)); NaN for a plain name. */
    static double logOffset(String name) {
        if (name == null || !name.startsWith("ln(") || !name.endsWith(")")) {
            return Double.NaN;
        }
        String inner = name.substring(3, name.length() - 1);
        int plus = inner.indexOf('+');
        if (plus < 0) {
            return 0;
        }
        try {
            double c = Double.parseDouble(inner.substring(plus + 1));
            if (!(c > 0) || !Double.isFinite(c)) {
                throw new IllegalArgumentException("the offset of target " + name + " must be > 0");
            }
            return c;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cannot read the target name " + name, e);
        }
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
            logOffset(targets[k]); // throws for a malformed name
            if (!Double.isFinite(targetMean[k]) || !(targetStd[k] > 0) || !Double.isFinite(targetStd[k])) {
                throw new IllegalArgumentException("scaling of target " + k + " is invalid");
            }
        }
    }
}
