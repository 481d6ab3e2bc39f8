package org.spinecho.ml.study;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.BinaryOperator;
import org.spinecho.data.GenerationSpec;
import org.spinecho.ml.Scores;
import org.spinecho.sim.EchoCurve;
import org.spinecho.sim.MeanFieldIntegrator;
import org.spinecho.sim.SimulationParameters;

/**
 * An estimator on a freshly simulated set (what {@code spinecho demo} shows): the set's curves, the
 * estimates and their scores, and a few example curves re-simulated (same layout) from the estimate.
 *
 * @param spec        the set
 * @param curves      its curves
 * @param truth       true α, ξ, d per curve
 * @param pred        the estimates
 * @param scores      the challenge's scores
 * @param examples    indices of the example curves (weak, medium, strong coupling)
 * @param resimulated the example curves simulated from their estimates
 */
public record FreshSetEvaluation(GenerationSpec spec, List<GenerationSpec.Curve> curves, double[][] truth,
                                 double[][] pred, Scores scores, int[] examples, List<EchoCurve> resimulated) {

    /** Called once per simulated curve (set and examples), from the pool's threads. */
    public interface Progress {
        void curveDone();
    }

    /**
     * Simulates the set on {@code pool}, estimates it with {@code predict} ((Re rows, Im rows) to rows
     * of α, ξ, d) and re-simulates {@code exampleCount} examples.
     */
    public static FreshSetEvaluation run(GenerationSpec spec, BinaryOperator<double[][]> predict, int exampleCount,
                                         ExecutorService pool, Progress progress)
            throws InterruptedException, ExecutionException {
        List<Future<GenerationSpec.Curve>> futures = new ArrayList<>();
        for (int i = 0; i < spec.count(); i++) {
            int n = i;
            futures.add(pool.submit(() -> {
                GenerationSpec.Curve c = spec.curve(n);
                progress.curveDone();
                return c;
            }));
        }
        List<GenerationSpec.Curve> curves = new ArrayList<>();
        for (Future<GenerationSpec.Curve> f : futures) {
            curves.add(f.get());
        }
        int n = curves.size();
        double[][] re = new double[n][];
        double[][] im = new double[n][];
        double[][] truth = new double[n][];
        for (int i = 0; i < n; i++) {
            re[i] = curves.get(i).re();
            im[i] = curves.get(i).im();
            truth[i] = curves.get(i).params();
        }
        double[][] pred = predict.apply(re, im);
        int[] chosen = pickExamples(truth, exampleCount);
        List<Future<EchoCurve>> again = new ArrayList<>();
        for (int e : chosen) {
            SimulationParameters p = spec.parameters(spec.draw(e));
            double[] q = pred[e];
            // the estimate, moved into the simulator's domain; the kernel keeps its other settings
            SimulationParameters fromEstimate = p.withKernel(p.kernel().withXi(Math.max(q[1], 0.5)))
                    .withAlpha(Math.max(q[0], 0)).withD(q[2]);
            again.add(pool.submit(() -> {
                EchoCurve c = new MeanFieldIntegrator(fromEstimate).run();
                progress.curveDone();
                return c;
            }));
        }
        List<EchoCurve> resimulated = new ArrayList<>();
        for (Future<EchoCurve> f : again) {
            resimulated.add(f.get());
        }
        return new FreshSetEvaluation(spec, curves, truth, pred, Scores.compute(truth, pred), chosen, resimulated);
    }

    /** Indices of the curves whose true α is nearest 15%, 50% and 85% of the way through the set's α range. */
    public static int[] pickExamples(double[][] truth, int k) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] t : truth) {
            lo = Math.min(lo, t[0]);
            hi = Math.max(hi, t[0]);
        }
        int[] chosen = new int[k];
        for (int j = 0; j < k; j++) {
            double target = lo + (hi - lo) * (0.15 + 0.7 * j / Math.max(1, k - 1));
            int best = 0;
            for (int i = 1; i < truth.length; i++) {
                if (Math.abs(truth[i][0] - target) < Math.abs(truth[best][0] - target)) {
                    best = i;
                }
            }
            chosen[j] = best;
        }
        return chosen;
    }
}
