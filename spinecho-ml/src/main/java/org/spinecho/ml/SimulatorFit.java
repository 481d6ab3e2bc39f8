package org.spinecho.ml;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.DecompositionSolver;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.SingularValueDecomposition;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresProblem;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.hipparchus.util.Pair;
import org.spinecho.sim.CouplingKernel;
import org.spinecho.sim.EchoCurve;
import org.spinecho.sim.MeanFieldIntegrator;
import org.spinecho.sim.SimulationParameters;

/**
 * Refines an estimate of (α, ξ, d) by fitting the simulator to a measured curve: least squares
 * over Re and Im of all samples, Levenberg–Marquardt (Hipparchus), Jacobian by forward
 * differences. The layout of a real sample is unknown, so the model curve is the average over
 * K layout seeds (a nuisance parameter integrated out by sampling); the spread of the K curves
 * around their mean is the residual to expect even from a perfect fit.
 *
 * <p>Fitted parameters are (α, ln ξ, d): ξ stays positive, and the start and every step are kept
 * inside {@link Bounds} (by default the physically sensible box; the fit command passes the box of
 * the prior the model was trained on).
 */
/* One fit at a time per instance: fit() keeps the current curve's model curves in a cache. */
public final class SimulatorFit implements AutoCloseable {
    private static long[] seeds(int k) {
        if (k < 1 || k > 64) {
            throw new IllegalArgumentException("layout seeds must be between 1 and 64, got " + k);
        }
        long[] s = new long[k];
        for (int i = 0; i < k; i++) {
            s[i] = i + 1;
        }
        return s;
    }

    /** Residual RMS above this multiple of the expected level triggers the misfit warning. */
    public static final double MISFIT_FACTOR = 3.0;

    private final SimulationParameters template;
    private final long[] layoutSeeds;
    private final double noise;
    private final ExecutorService pool;
    private final Bounds bounds;

    /**
     * A box for (α, ξ, d) that the start is clamped into and every step of the fit stays in.
     *
     * @param lower lower bounds of α (≥ 0), ξ (&gt; 0) and d
     * @param upper upper bounds, each above its lower bound
     */
    public record Bounds(double[] lower, double[] upper) {
        /** α in [0, 50], ξ in [0.5, 200] lattice spacings, d in [−1, 9]. */
        public static final Bounds PHYSICAL = new Bounds(new double[] {0, 0.5, -1}, new double[] {50, 200, 9});

        public Bounds {
            if (lower == null || upper == null || lower.length != 3 || upper.length != 3) {
                throw new IllegalArgumentException("bounds need three lower and three upper values (alpha, xi, d)");
            }
            lower = lower.clone();
            upper = upper.clone();
            String[] names = {"alpha", "xi", "d"};
            for (int k = 0; k < 3; k++) {
                if (!Double.isFinite(lower[k]) || !Double.isFinite(upper[k]) || !(lower[k] < upper[k])) {
                    throw new IllegalArgumentException("bounds of " + names[k] + " must be finite with lower < upper, got "
                            + lower[k] + ", " + upper[k]);
                }
            }
            if (lower[0] < 0 || !(lower[1] > 0)) {
                throw new IllegalArgumentException("bounds must keep alpha >= 0 and xi > 0, got alpha >= " + lower[0]
                        + ", xi >= " + lower[1]);
            }
        }

        @Override
        public double[] lower() {
            return lower.clone();
        }

        @Override
        public double[] upper() {
            return upper.clone();
        }

        /** p clamped into the box. */
        public double[] clamp(double[] p) {
            double[] c = new double[3];
            for (int k = 0; k < 3; k++) {
                c[k] = Math.max(lower[k], Math.min(p[k], upper[k]));
            }
            return c;
        }
    }

    /**
     * @param template    every setting but α, ξ, d (kernel type, lattice, sequence, line, layout)
     * @param layoutSeeds K ≥ 1 layout seeds averaged per model curve (seeds 1 … K)
     * @param noise       known noise per component of the measured curve (0 if unknown)
     * @param threads     simulation threads
     */
    public SimulatorFit(SimulationParameters template, int layoutSeeds, double noise, int threads) {
        this(template, seeds(layoutSeeds), noise, threads, Bounds.PHYSICAL);
    }

    /** As {@link #SimulatorFit(SimulationParameters, int, double, int)}, the fit kept inside {@code bounds}. */
    public SimulatorFit(SimulationParameters template, int layoutSeeds, double noise, int threads, Bounds bounds) {
        this(template, seeds(layoutSeeds), noise, threads, bounds);
    }

    /**
     * A fit averaging over the given layout seeds; with the one seed of a simulated curve, the
     * layout is known and the fit must find the true parameters.
     */
    public SimulatorFit(SimulationParameters template, long[] layoutSeeds, double noise, int threads) {
        this(template, layoutSeeds, noise, threads, Bounds.PHYSICAL);
    }

    private SimulatorFit(SimulationParameters template, long[] layoutSeeds, double noise, int threads, Bounds bounds) {
        if (layoutSeeds.length < 1 || layoutSeeds.length > 64) {
            throw new IllegalArgumentException("layout seeds must be between 1 and 64, got " + layoutSeeds.length);
        }
        if (!(noise >= 0) || !Double.isFinite(noise)) {
            throw new IllegalArgumentException("noise must be a finite number >= 0, got " + noise);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.template = template;
        this.layoutSeeds = layoutSeeds.clone();
        this.noise = noise;
        this.bounds = java.util.Objects.requireNonNull(bounds, "bounds");
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "spinecho-fit");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The outcome of a fit; arrays are (α, ξ, d).
     *
     * @param start         the starting estimate
     * @param fit           the fitted values: the least-squares fit, or with a start covariance the
     *                      maximum a posteriori fit (least squares plus the start as a Gaussian prior)
     * @param stderr        standard errors of {@code fit} from the Jacobian: for plain least squares
     *                      the sandwich form with the layout spread (NaN where the curve does not
     *                      determine a parameter); with a prior, the posterior's
     * @param residualRms   RMS of (data − model) over Re and Im of all samples, at the fit
     * @param startRms      the same at the start
     * @param expectedRms   the residual a correct model would leave: layout spread and noise
     * @param curveWeight   σ_eff: the residual scale that weighs the curve against the prior (NaN
     *                      without a prior)
     * @param iterations    Levenberg–Marquardt iterations
     * @param evaluations   model evaluations (each K simulations, plus 3·K for the Jacobian)
     * @param startCurve    model curve at the start (Re then Im)
     * @param fitCurve      model curve at the fit (Re then Im)
     * @param warning       why the fit should not be trusted, or null
     */
    public record Result(double[] start, double[] fit, double[] stderr, double residualRms, double startRms,
                         double expectedRms, double curveWeight, int iterations, int evaluations,
                         double[] startCurve, double[] fitCurve, String warning) {

        /** {@link SimulatorFit#combine} of this fit: the mean of start and fit, or the start after a warning. */
        public double[] combined() {
            return combine(start, fit, warning != null);
        }
    }

    /**
     * The estimate to report when the start is a trained model's estimate: the mean of the model's
     * estimate and the fit, parameter by parameter, in (α, ξ, d); the model's estimate alone when
     * the fit ended with a misfit warning.
     *
     * <p>Why: the network and the fit err in partly independent ways (the network from its finite
     * training, the fit from the sample's unknown layout), so their mean can have a lower expected
     * squared error than either, and fits that warn are far off. Measured on held-out curves (README,
     * Refinement by the simulator): on four sets of 100 curves (gauss and RKKY, evaluation and
     * calibration curves) the mean beat the model alone on all four and the fit alone on two; the
     * fit alone lost to the model on one.
     *
     * @param modelEstimate the model's (α, ξ, d), the fit's start
     * @param fit           the fitted (α, ξ, d)
     * @param warned        whether the fit ended with a misfit warning
     */
    public static double[] combine(double[] modelEstimate, double[] fit, boolean warned) {
        if (modelEstimate.length != 3 || fit.length != 3) {
            throw new IllegalArgumentException("estimates are (alpha, xi, d)");
        }
        double[] c = new double[3];
        for (int k = 0; k < 3; k++) {
            c[k] = warned ? modelEstimate[k] : 0.5 * (modelEstimate[k] + fit[k]); // midpoint
        }
        return c;
    }

    /** Layouts simulated to measure how the unknown layout moves a least-squares fit. */
    static final int SPREAD_LAYOUTS = 16;

    /** Fits the simulator to the curve (re, im) by least squares, starting from (α, ξ, d) = {@code start}. */
    public Result fit(double[] re, double[] im, double[] start) {
        return fit(re, im, start, null);
    }

    /**
     * Fits the simulator to the curve (re, im), starting from (α, ξ, d) = {@code start}. With
     * {@code startCovariance} (3 × 3 over α, ξ, d: the model's calibrated error covariance), the
     * start is also a Gaussian prior, and the fit minimises |data − model|²/σ_eff² + (θ − θ₀)ᵀP⁻¹(θ − θ₀).
     *
     * <p>Why a prior: the curve fixes a combination of α and ξ far better than each alone, and along
     * that valley a plain least-squares point moves with the sample's unknown layout. σ_eff makes
     * the curve's weight honest: the residual of one layout against the K-layout mean is not white
     * noise but a smooth, correlated curve; σ_eff² is the largest factor by which it moves the fit
     * more than white noise of unit variance would (the largest generalised eigenvalue of
     * Σ_l Jᵀe_l e_lᵀJ/(L−1) against JᵀJ, e_l the L single-layout deviations at the start).
     */
    public Result fit(double[] re, double[] im, double[] start, double[][] startCovariance) {
        int n = re.length;
        if (im.length != n || n != template.sequence().samples()) {
            throw new IllegalArgumentException("the curve has " + re.length + " (re) / " + im.length
                    + " (im) samples, the simulation " + template.sequence().samples());
        }
        double[] target = new double[2 * n];
        System.arraycopy(re, 0, target, 0, n);
        System.arraycopy(im, 0, target, n, n);
        cache.clear();
        double[] start0 = bounds.clamp(start); // the start, inside the bounds
        double[] theta0 = toTheta(start0);
        double[] steps = {1e-4, 1e-4, 1e-4};
        double floor = 1e-6 * rms(target, new double[target.length]);
        double white = Math.sqrt(noise * noise + floor * floor);
        // prior rows R(θ − θ₀), RᵀR = P⁻¹; the curve's rows divided by σ_eff
        RealMatrix priorRows = null;
        double sigmaEff = Double.NaN;
        if (startCovariance != null) {
            priorRows = inverseSquareRoot(thetaCovariance(startCovariance, start0[1]));
            Pair<RealVector, RealMatrix> at0 = valueAndJacobian(theta0, steps);
            sigmaEff = Math.sqrt(Math.max(white * white,
                    largestRatio(layoutMeat(theta0, at0.getSecond(), white), at0.getSecond())));
        }
        // a prior makes the problem well conditioned (a few iterations); plain least squares may
        // crawl along the α–ξ valley
        int maxIterations = priorRows != null ? 15 : 30;
        Weighted weighted = new Weighted(target, priorRows, theta0, sigmaEff);
        Best best = new Best();
        LeastSquaresProblem problem = new LeastSquaresBuilder()
                .start(theta0)
                .target(weighted.target())
                .model(point -> {
                    double[] t = point.toArray();
                    Pair<RealVector, RealMatrix> vj = weighted.apply(t, valueAndJacobian(t, steps));
                    best.offer(t, weighted.target(), vj.getFirst().toArray());
                    return vj;
                })
                .parameterValidator(this::validate)
                .maxIterations(maxIterations)
                .maxEvaluations(4 * maxIterations)
                .lazyEvaluation(false)
                .build();
        // Tolerances for a model that is smooth but not free of rounding, and whose answer is
        // uncertain far beyond them (layout): stop when an iteration changes the cost by less
        // than 1e-4 (relative) or the parameters by less than 1e-4.
        LevenbergMarquardtOptimizer optimizer = new LevenbergMarquardtOptimizer()
                .withCostRelativeTolerance(1e-4).withParameterRelativeTolerance(1e-4).withOrthoTolerance(1e-8);
        LeastSquaresOptimizer.Optimum optimum;
        String notConverged = null;
        try {
            optimum = optimizer.optimize(problem);
        } catch (MathIllegalStateException e) { // iteration limit: keep the best point evaluated
            notConverged = "the fit stopped after " + maxIterations + " iterations without converging";
            int evaluations = best.evaluations; // Optimum.of takes (value, evaluations, iterations)
            optimum = LeastSquaresOptimizer.Optimum.of(problem.evaluate(new ArrayRealVector(best.theta, false)),
                    evaluations, maxIterations);
        }
        double[] theta = optimum.getPoint().toArray();
        double[] fit = fromTheta(theta);
        RealMatrix cov;
        if (priorRows != null) { // weights are absolute: (J_augᵀJ_aug)⁻¹ is the posterior covariance
            cov = inverse(optimum.getJacobian().transpose().multiply(optimum.getJacobian()));
        } else {
            RealMatrix jac = optimum.getJacobian();
            RealMatrix inv = inverse(jac.transpose().multiply(jac));
            cov = inv == null ? null : inv.multiply(layoutMeat(theta, jac, white)).multiply(inv); // sandwich
        }
        double[] stderr = new double[3];
        for (int k = 0; k < 3; k++) {
            stderr[k] = cov == null ? Double.NaN : Math.sqrt(Math.max(0, cov.getEntry(k, k)));
        }
        stderr[1] *= fit[1]; // ξ = e^θ: dξ = ξ·dθ
        Model atFit = model(theta);
        Model atStart = model(theta0);
        double residualRms = rms(target, atFit.mean());
        double startRms = rms(target, atStart.mean());
        // what a correct model leaves: one layout's spread σ_L around the layout mean, itself
        // estimated from K layouts (E|y − mean_K|² = (1 + 1/K)·σ_L²), the noise, and a floor of 1e-6
        // of the curve's size for rounding and the finite-difference Jacobian
        double layoutVariance = (1.0 + 1.0 / layoutSeeds.length) * atFit.spread() * atFit.spread();
        double expected = Math.sqrt(layoutVariance + white * white);
        String warning = notConverged;
        if (residualRms > MISFIT_FACTOR * expected) {
            warning = String.format(java.util.Locale.ROOT,
                    "residual RMS %.3g is %.1f times the %.3g expected from the layout spread%s: the curve may not "
                            + "come from this model (another kernel, other settings, or more noise)",
                    residualRms, residualRms / expected, expected, noise > 0 ? " and the noise" : "");
        }
        return new Result(start0, fit, stderr, residualRms, startRms, expected, sigmaEff,
                optimum.getIterations(), optimum.getEvaluations(), atStart.mean(), atFit.mean(), warning);
    }

    /** The least-squares problem's rows: the curve (divided by σ_eff with a prior), then R(θ − θ₀). */
    private record Weighted(double[] curve, RealMatrix priorRows, double[] theta0, double sigmaEff) {
        double[] target() {
            if (priorRows == null) {
                return curve;
            }
            double[] t = new double[curve.length + 3];
            for (int i = 0; i < curve.length; i++) {
                t[i] = curve[i] / sigmaEff;
            }
            return t;
        }

        Pair<RealVector, RealMatrix> apply(double[] theta, Pair<RealVector, RealMatrix> vj) {
            if (priorRows == null) {
                return vj;
            }
            int m = curve.length;
            double[] v = new double[m + 3];
            RealMatrix j = new Array2DRowRealMatrix(m + 3, 3);
            for (int i = 0; i < m; i++) {
                v[i] = vj.getFirst().getEntry(i) / sigmaEff;
                for (int k = 0; k < 3; k++) {
                    j.setEntry(i, k, vj.getSecond().getEntry(i, k) / sigmaEff);
                }
            }
            double[] dt = {theta[0] - theta0[0], theta[1] - theta0[1], theta[2] - theta0[2]};
            for (int r = 0; r < 3; r++) {
                for (int k = 0; k < 3; k++) {
                    v[m + r] += priorRows.getEntry(r, k) * dt[k];
                    j.setEntry(m + r, k, priorRows.getEntry(r, k));
                }
            }
            return new Pair<>(new ArrayRealVector(v, false), j);
        }
    }

    /**
     * How the layout moves the least-squares θ: L single-layout curves at θ give deviations e_l
     * from their mean; a measured curve's residual against the K-layout model mean has covariance
     * Σ = (1 + 1/K)·Cov(e) + σ²·I, and JᵀΣJ = (1 + 1/K)·Σ_l (Jᵀe_l)(Jᵀe_l)ᵀ/(L − 1) + σ²·JᵀJ.
     */
    private RealMatrix layoutMeat(double[] theta, RealMatrix jac, double whiteSigma) {
        double[] p = fromTheta(theta);
        List<Future<EchoCurve>> futures = new ArrayList<>();
        for (int l = 0; l < SPREAD_LAYOUTS; l++) {
            SimulationParameters sp = parameters(p).withLayoutSeed(1_000_001L + l);
            futures.add(pool.submit(() -> new MeanFieldIntegrator(sp).run()));
        }
        List<EchoCurve> curves = new ArrayList<>();
        for (Future<EchoCurve> f : futures) {
            curves.add(get(f));
        }
        double[] mean = average(curves).mean();
        int m = mean.length;
        int n = m / 2;
        RealMatrix jt = jac.transpose();
        RealMatrix meat = jt.multiply(jac).scalarMultiply(whiteSigma * whiteSigma);
        double factor = (1.0 + 1.0 / layoutSeeds.length) / (SPREAD_LAYOUTS - 1);
        for (EchoCurve c : curves) {
            double[] e = new double[m];
            for (int i = 0; i < n; i++) {
                e[i] = c.re(i) - mean[i];
                e[n + i] = c.im(i) - mean[n + i];
            }
            RealVector g = jt.operate(new ArrayRealVector(e, false)); // Jᵀe
            meat = meat.add(g.outerProduct(g).scalarMultiply(factor));
        }
        return meat;
    }

    /**
     * The largest λ with uᵀ·meat·u = λ·uᵀJᵀJu: how much more the correlated residual moves the
     * fit than white noise of unit variance, in the worst direction.
     */
    private static double largestRatio(RealMatrix meat, RealMatrix jac) {
        RealMatrix jtj = jac.transpose().multiply(jac);
        double ridge = 1e-12 * jtj.getTrace();
        for (int k = 0; k < 3; k++) {
            jtj.addToEntry(k, k, ridge);
        }
        RealMatrix lInv = inverse(new CholeskyDecomposition(jtj, 1e-15, 0).getL());
        RealMatrix sym = lInv.multiply(meat).multiply(lInv.transpose());
        sym = sym.add(sym.transpose()).scalarMultiply(0.5);
        double max = 0;
        for (double v : new EigenDecompositionSymmetric(sym).getEigenvalues()) {
            max = Math.max(max, v);
        }
        return max;
    }

    /** R with RᵀR = P⁻¹ (R = L⁻¹ for P = LLᵀ), P made positive definite by a tiny ridge if needed. */
    private static RealMatrix inverseSquareRoot(RealMatrix p) {
        RealMatrix q = p.copy();
        for (int k = 0; k < 3; k++) {
            q.addToEntry(k, k, 1e-12 * Math.abs(q.getEntry(k, k)) + 1e-300);
        }
        return inverse(new CholeskyDecomposition(q, 1e-15, 0).getL());
    }

    /** Covariance over (α, ξ, d) to one over θ = (α, ln ξ, d): the ξ row and column divided by ξ. */
    private static RealMatrix thetaCovariance(double[][] c, double xi) {
        double[] scale = {1, 1 / xi, 1};
        RealMatrix r = new Array2DRowRealMatrix(3, 3);
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                r.setEntry(a, b, c[a][b] * scale[a] * scale[b]);
            }
        }
        return r;
    }

    /** Inverse of a 3 × 3 matrix, or null when it is singular. */
    private static RealMatrix inverse(RealMatrix a) {
        DecompositionSolver solver = new SingularValueDecomposition(a).getSolver();
        return solver.isNonSingular() ? solver.getInverse() : null;
    }

    /** The model curve: mean over the K layouts, and the RMS spread of single layouts around it. */
    record Model(double[] mean, double spread) {
    }

    /** Model curves of the current fit by θ: the optimiser revisits points (start, optimum). */
    private final Map<List<Double>, Model> cache = new HashMap<>();

    private static List<Double> key(double[] theta) {
        return List.of(theta[0], theta[1], theta[2]);
    }

    /** The model curve, its K layouts simulated in parallel. */
    Model model(double[] theta) {
        Model cached = cache.get(key(theta));
        if (cached != null) {
            return cached;
        }
        double[] p = fromTheta(theta);
        List<Future<EchoCurve>> futures = new ArrayList<>();
        for (long s : layoutSeeds) {
            SimulationParameters sp = parameters(p).withLayoutSeed(s);
            futures.add(pool.submit(() -> new MeanFieldIntegrator(sp).run()));
        }
        List<EchoCurve> curves = new ArrayList<>();
        for (Future<EchoCurve> f : futures) {
            curves.add(get(f));
        }
        Model m = average(curves);
        cache.put(key(theta), m);
        return m;
    }

    /** The model curve computed on the calling thread (the Jacobian's points run in parallel). */
    private Model modelSerial(double[] theta) {
        double[] p = fromTheta(theta);
        List<EchoCurve> curves = new ArrayList<>();
        for (long s : layoutSeeds) {
            curves.add(new MeanFieldIntegrator(parameters(p).withLayoutSeed(s)).run());
        }
        return average(curves);
    }

    /** Mean over the layouts (Re then Im), and the RMS spread of one layout around it. */
    private static Model average(List<EchoCurve> curves) {
        int n = curves.get(0).size();
        int k = curves.size();
        double[] mean = new double[2 * n];
        for (EchoCurve c : curves) {
            for (int i = 0; i < n; i++) {
                mean[i] += c.re(i) / k;
                mean[n + i] += c.im(i) / k;
            }
        }
        double var = 0;
        for (EchoCurve c : curves) {
            for (int i = 0; i < n; i++) {
                double dr = c.re(i) - mean[i];
                double di = c.im(i) - mean[n + i];
                var += dr * dr + di * di;
            }
        }
        // spread of one layout around the layout mean (unbiased over K seeds)
        double spread = k > 1 ? Math.sqrt(var / (2.0 * n * (k - 1))) : 0;
        return new Model(mean, spread);
    }

    /** The evaluated point of least cost so far (for a fit stopped by the iteration limit). */
    private static final class Best {
        double[] theta;
        double cost = Double.POSITIVE_INFINITY;
        int evaluations;

        void offer(double[] t, double[] target, double[] value) {
            evaluations++;
            double c = rms(target, value);
            if (c < cost) {
                cost = c;
                theta = t.clone();
            }
        }
    }

    /** The model curve at θ and its Jacobian by forward differences, the 4 points in parallel. */
    private Pair<RealVector, RealMatrix> valueAndJacobian(double[] theta, double[] steps) {
        List<double[]> points = new ArrayList<>();
        points.add(theta);
        for (int k = 0; k < 3; k++) {
            double[] t = theta.clone();
            t[k] += steps[k];
            points.add(t);
        }
        List<Future<Model>> futures = new ArrayList<>();
        for (double[] t : points) {
            Model cached = cache.get(key(t));
            futures.add(cached != null ? java.util.concurrent.CompletableFuture.completedFuture(cached)
                    : pool.submit(() -> modelSerial(t)));
        }
        Model[] models = new Model[points.size()];
        for (int k = 0; k < models.length; k++) {
            models[k] = get(futures.get(k));
            cache.put(key(points.get(k)), models[k]);
        }
        double[] value = models[0].mean();
        RealMatrix jacobian = new Array2DRowRealMatrix(value.length, 3);
        for (int k = 0; k < 3; k++) {
            double[] shifted = models[k + 1].mean();
            for (int i = 0; i < value.length; i++) {
                jacobian.setEntry(i, k, (shifted[i] - value[i]) / steps[k]); // forward difference
            }
        }
        return new Pair<>(new ArrayRealVector(value, false), jacobian);
    }

    private SimulationParameters parameters(double[] p) {
        CouplingKernel kernel = CouplingKernel.of(template.kernel().name(), p[1], 1);
        return template.withKernel(kernel).withAlpha(p[0]).withD(p[2]);
    }

    /** A step of the optimiser, clamped into the bounds (θ = (α, ln ξ, d)). */
    private RealVector validate(RealVector theta) {
        double[] t = theta.toArray();
        t[0] = Math.max(bounds.lower[0], Math.min(t[0], bounds.upper[0]));
        t[1] = Math.max(Math.log(bounds.lower[1]), Math.min(t[1], Math.log(bounds.upper[1]))); // ln ξ
        t[2] = Math.max(bounds.lower[2], Math.min(t[2], bounds.upper[2]));
        return new ArrayRealVector(t, false);
    }

    private static double[] toTheta(double[] p) {
        return new double[] {p[0], Math.log(p[1]), p[2]};
    }

    private static double[] fromTheta(double[] t) {
        return new double[] {t[0], Math.exp(t[1]), t[2]};
    }

    private static double rms(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s / a.length);
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
