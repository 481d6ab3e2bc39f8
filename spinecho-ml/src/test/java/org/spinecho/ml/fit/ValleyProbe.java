package org.spinecho.ml.fit;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.spinecho.data.Kernel;
import org.spinecho.data.MeasuredCurve;
import org.spinecho.ml.bound.Binning;
import org.spinecho.ml.bound.Experiment;
import org.spinecho.sim.BatchSimulator;
import org.spinecho.sim.MeanFieldMethod;
import org.spinecho.sim.SimulationParameters;
import org.spinecho.sim.Theta;

/**
 * Diagnostic (not a test): scores a straight path in (ln α, ln ξ, d) between two points against one
 * curve, each point with its own K layouts (the fit's seeds 1 … K), noiseless. Prints per point the
 * χ² under its own covariance, the Gaussian −2 log L (χ² + log det), the objective with d and the
 * cross-valley direction profiled out, and the χ² of its residual under the first and the last
 * point's covariance.
 *
 * <p>{@code java -cp "spinecho-ml/target/classes:spinecho-ml/target/test-classes:spinecho-app/target/lib/*"
 * org.spinecho.ml.fit.ValleyProbe KERNEL CURVE a0,x0,d0 a1,x1,d1 POINTS LAYOUTS}
 */
public final class ValleyProbe {
    private ValleyProbe() {
    }

    public static void main(String[] args) {
        Kernel kernel = Kernel.of(args[0]);
        MeasuredCurve c = MeasuredCurve.read(Path.of(args[1]));
        double[] a = parse(args[2]);
        double[] b = parse(args[3]);
        int n = Integer.parseInt(args[4]);
        int k = Integer.parseInt(args[5]);
        SimulationParameters template = SimulationParameters.of(kernel.coupling(10, 1), 0.5, 3);
        SampleCurves sample = SampleCurves.of(template, List.of(c), List.of(90.0), List.of(args[1]));
        Experiment experiment = sample.experiment();
        Binning binning = Binning.of(experiment, 10);
        double[] y = binning.apply(sample.data());
        long[] seeds = new long[k];
        for (int i = 0; i < k; i++) {
            seeds[i] = 1 + i;
        }
        BatchSimulator simulator = new BatchSimulator(1);
        double[] zeroMean = {0, 0, 0};
        double[][] zero = new double[3][3];
        LikelihoodFit.Local[] locals = new LikelihoodFit.Local[n];
        for (int p = 0; p < n; p++) {
            double f = n == 1 ? 0 : (double) p / (n - 1);
            Theta t = new Theta(Math.exp((1 - f) * Math.log(a[0]) + f * Math.log(b[0])),
                    Math.exp((1 - f) * Math.log(a[1]) + f * Math.log(b[1])), (1 - f) * a[2] + f * b[2]);
            locals[p] = LikelihoodFit.probe(experiment, binning, y, t, seeds, simulator, zeroMean, zero);
        }
        System.out.println("alpha xi d chi2_own objective_own profiled_own chi2_under_first chi2_under_last");
        for (int p = 0; p < n; p++) {
            LikelihoodFit.Local l = locals[p];
            System.out.printf(Locale.ROOT, "%.4f %.3f %.4f %.1f %.1f %.1f %.1f %.1f%n", l.theta.alpha(), l.theta.xi(),
                    l.theta.d(), l.chiSquare, l.objective, l.profiledAcrossValley(), l.under(locals[0]).chiSquare,
                    l.under(locals[n - 1]).chiSquare);
        }
    }

    private static double[] parse(String s) {
        String[] parts = s.split(",");
        return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2])};
    }
}
