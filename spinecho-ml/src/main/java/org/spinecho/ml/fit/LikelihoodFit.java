package org.spinecho.ml.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.spinecho.data.Prior;
import org.spinecho.data.Range;
import org.spinecho.ml.PerParameter;
import org.spinecho.ml.bound.Binning;
import org.spinecho.ml.bound.Experiment;
import org.spinecho.ml.bound.LayoutCovariance;
import org.spinecho.ml.bound.LayoutSample;
import org.spinecho.sim.BatchSimulator;
import org.spinecho.sim.MeanFieldMethod;
import org.spinecho.sim.Theta;

/**
 * Maximum-likelihood (with a prior: maximum a posteriori) estimate of θ = (α, ξ, d) from one sample's
 * curve(s), with the sample's layout as a random effect: y = μ(θ) + δ + ε, μ the mean over layouts,
 * δ ~ N(0, S(θ)) the layout's deviation, ε white noise σ. At every iterate the experiment is simulated
 * on K layouts (the same seeds at every θ: common random numbers keep the objective smooth), giving
 * μ, its Jacobian and S, shrunk towards its diagonal ({@link LayoutCovariance#shrunk}); a
 * Gauss–Newton step with Levenberg damping solves JᵀP(y − μ) = C₀⁻¹(θ − θ₀) (P = Σ⁻¹ with Σ = S·(1 +
 * 1/K) + σ²: μ itself is estimated from K layouts). Σ follows θ, which the curve needs: the layout's
 * effect grows with the coupling.
 *
 * <p>Global stage (optional, {@link Builder#globalStage}; off by default since the walk below covers
 * the valley): the α–ξ valley (α·ξ^p nearly constant along it) holds several local optima, so the
 * fit first scores starts along the valley: the start, and ±1 and ±2 prior standard deviations
 * along the principal axis of the prior's α–ξ block in (ln α, ln ξ), where the valley is nearly
 * straight; they are ranked by their χ² under the first start's covariance plus the prior, with d
 * and the steep direction across the valley profiled out (local quadratic model); the two best are
 * refined by Gauss–Newton and the better end point is the mode.
 *
 * <p>Scan ({@link Builder#scanValley}, on by default): from the search's end point the valley is
 * walked both ways in coarse steps with every point under its own covariance. The layout's
 * deviations grow with the coupling, so judged by a weaker point's covariance a stronger-coupling
 * region looks worse than it is, and the search, which compares steps under the current
 * covariance, can stop at weaker coupling than the data. A scan point whose own −2 log posterior
 * is lower by √(2D) and whose χ² is not higher replaces the end point (after a search from it).
 *
 * <p>Posterior along the valley: one curve's layout deviation can look like a move along the valley,
 * and the Gaussian likelihood is nearly flat there, so the mode alone can sit far from the truth. From
 * the mode the fit walks the valley both ways ({@link Builder#valley}: steps in (ln α, ln ξ) along the
 * weakest direction of the d-profiled information), scoring every point under the mode's covariance
 * (a quasi-likelihood: the point's own few layouts do not get to widen its covariance; by default a
 * covariance from 256 further layouts at the mode, {@link Builder#covarianceLayouts}) with d and the
 * cross-valley direction profiled out. The estimate is the posterior mean over the walk, weights
 * exp(−Δ/(2T)) with a temperature T ({@link Builder#temperature}); the covariance and the 90% intervals
 * are those of the mixture of the points' local Gaussians (covariance × T).
 *
 * <p>Rescue: a mode whose χ² lies far above the binned data's dimension D (more than
 * {@link #RESCUE_SIGMAS}·√(2D) above it) fits none of its layouts; the search is repeated from the
 * global stage's starts, and an end point whose χ² is lower by that margin replaces it.
 *
 * <p>The prior: the network's calibrated estimate and covariance when given (where the curve says
 * nothing, the fit returns the network's posterior, not a wander along the valley), always the box of
 * the preset's prior. Without the walk, standard errors and 90% intervals come from the posterior
 * curvature (JᵀPJ + C₀⁻¹)⁻¹ at the mode, clipped to the box.
 */
public final class LikelihoodFit {
    private static final double Z90 = 1.6448536269514722;

    private final int layouts;
    private final long firstSeed;
    private final int binSize;
    private final double relativeStep;
    private final double dStep;
    private final int maxIterations;
    private final int threads;
    private final MeanFieldMethod method;
    private final boolean globalStage;
    private final boolean scaleAndPhase;
    private final int finalLayouts;
    private final int valleySteps;
    private final double valleyStep;
    private final double temperature;
    private final int covarianceLayouts;
    private final boolean scanValley;

    private LikelihoodFit(Builder b) {
        this.layouts = b.layouts;
        this.firstSeed = b.firstSeed;
        this.binSize = b.binSize;
        this.relativeStep = b.relativeStep;
        this.dStep = b.dStep;
        this.maxIterations = b.maxIterations;
        this.threads = b.threads;
        this.method = b.method;
        this.globalStage = b.globalStage;
        this.scaleAndPhase = b.scaleAndPhase;
        this.finalLayouts = b.finalLayouts;
        this.valleySteps = b.valleySteps;
        this.valleyStep = b.valleyStep;
        this.temperature = b.temperature;
        this.covarianceLayouts = b.covarianceLayouts;
        this.scanValley = b.scanValley;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A Gaussian prior on θ (e.g. a calibrated network's estimate and error covariance).
     *
     * @param mean       prior mean (α, ξ, d)
     * @param covariance prior covariance, positive definite
     */
    public record GaussianPrior(double[] mean, double[][] covariance) {
        public GaussianPrior {
            mean = mean.clone();
            double[][] c = new double[3][];
            for (int i = 0; i < 3; i++) {
                c[i] = covariance[i].clone();
            }
            covariance = c;
        }

        double[][] precision() {
            return MatrixUtils.inverse(MatrixUtils.createRealMatrix(covariance)).getData();
        }
    }

    /**
     * The outcome of a fit.
     *
     * @param estimate     the fitted θ
     * @param start        where the fit started (before the global stage)
     * @param sd           posterior standard deviations
     * @param covariance   posterior covariance (3 × 3)
     * @param interval90   per parameter [lo, hi], estimate ± 1.645 sd clipped to the box
     * @param chiSquare    the whitened residual (y − μ)ᵀP(y − μ) at the estimate
     * @param dimension    D, the binned data's length (χ² of a correct model is about D)
     * @param iterations   Gauss–Newton iterations
     * @param simulations  simulated curves in all
     * @param starts       the starts the global stage scored, with their −2 log posterior
     * @param warning      why the fit should not be trusted, or null
     * @param mode         the posterior's mode (the Gauss–Newton end point); equals the estimate when
     *                     the valley was not explored
     * @param valley       the points of the walk along the α–ξ valley, each with d and the direction
     *                     across the valley optimised, and its weight in the estimate (empty when
     *                     the walk is off)
     * @param temperature  the T of the valley's posterior ({@link ValleyPosterior}; 1 without the walk)
     */
    public record Result(Theta estimate, Theta start, PerParameter sd, double[][] covariance, double[][] interval90,
                         double chiSquare, int dimension, int iterations, long simulations,
                         List<ScoredStart> starts, String warning, Theta mode, List<ValleyPoint> valley,
                         double temperature) {
        public Result {
            starts = List.copyOf(starts);
            valley = List.copyOf(valley);
        }
    }

    /**
     * A point of the walk along the valley.
     *
     * @param theta     the point, d and the cross-valley direction optimised (local quadratic model)
     * @param objective its −2 log posterior (Gaussian quasi-likelihood plus prior)
     * @param weight    its normalised weight exp(−Δ/(2T)) in the posterior mean
     * @param covariance its local posterior covariance (3 × 3, already multiplied by T): the mixture's
     *                   component at this point
     */
    public record ValleyPoint(Theta theta, double objective, double weight, double[][] covariance) {
        public ValleyPoint {
            Objects.requireNonNull(theta, "theta");
            if (covariance == null || covariance.length != 3) {
                throw new IllegalArgumentException("a valley point needs its 3 x 3 covariance");
            }
            double[][] copy = new double[3][];
            for (int a = 0; a < 3; a++) {
                if (covariance[a] == null || covariance[a].length != 3) {
                    throw new IllegalArgumentException("a valley point needs its 3 x 3 covariance");
                }
                copy[a] = covariance[a].clone();
            }
            covariance = copy;
        }

        /** The local posterior standard deviation of parameter k (0 α, 1 ξ, 2 d). */
        public double sd(int k) {
            return Math.sqrt(Math.max(covariance[k][k], 0));
        }
    }

    /** A start of the global stage and its −2 log posterior. */
    public record ScoredStart(Theta theta, double objective) {
    }

    /** Progress of a fit: a stage's name and the simulations done so far. */
    public interface Listener {
        Listener NONE = (stage, simulations) -> { };

        void progressed(String stage, long simulations);
    }

    /**
     * Fits θ to the data of one sample.
     *
     * @param experiment the sequences the data were measured with
     * @param data       Re then Im of every curve, curve after curve ({@link Experiment#rawLength()})
     * @param noise      white noise σ per component (known or estimated, ≥ 0)
     * @param start      the starting point (e.g. the network's estimate)
     * @param prior      the Gaussian prior, or null for the box alone
     * @param box        the box θ stays in (the preset's prior ranges)
     */
    public Result fit(Experiment experiment, double[] data, double noise, Theta start, GaussianPrior prior, Prior box,
                      Listener listener) {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(box, "box");
        if (data.length != experiment.rawLength()) {
            throw new IllegalArgumentException("the data have " + data.length + " values, the experiment expects "
                    + experiment.rawLength());
        }
        for (double v : data) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("the data contain a non-finite value");
            }
        }
        if (!(noise >= 0) || !Double.isFinite(noise)) {
            throw new IllegalArgumentException("noise must be a finite number >= 0, got " + noise);
        }
        Binning binning = Binning.of(experiment, binSize);
        double[] y = binning.apply(data);
        double[][] priorPrecision = prior == null ? new double[3][3] : prior.precision();
        double[] priorMean = prior == null ? start.toArray() : prior.mean();
        BatchSimulator simulator = new BatchSimulator(threads);
        long[] sims = {0};
        Evaluator eval = evaluator(experiment, binning, y, noise, priorMean, priorPrecision, seeds(layouts),
                simulator, sims);
        Theta s0 = clamp(start, box);

        // global stage: starts along the valley, ranked with d and the cross-valley direction profiled out
        List<ScoredStart> scored = new ArrayList<>();
        List<Local> ranked = new ArrayList<>();
        Local first = null;
        for (Theta candidate : globalStage ? starts(s0, prior, box) : List.of(s0)) {
            Local local = eval.at(candidate);
            listener.progressed("starts", sims[0]);
            first = first == null ? local : first;
            // d and the steep direction across the α–ξ valley are sharp: rank the starts by the
            // objective with both already optimised (the local quadratic model's minimum in that plane),
            // not by where the start happens to sit across the valley; all under the first start's
            // covariance, so that a start is not preferred for a covariance its few layouts made wide
            local.rank = local.under(first).profiledAcrossValley();
            scored.add(new ScoredStart(candidate, local.rank));
            ranked.add(local);
        }
        ranked.sort(java.util.Comparator.comparingDouble(l -> l.rank));

        // local stage from the best REFINED starts: the valley holds local minima, so the two best
        // starts are both refined and the better end point (full Gaussian -2 log posterior) is kept
        Local current = null;
        int iterations = 0;
        for (int r = 0; r < Math.min(REFINED_STARTS, ranked.size()); r++) {
            Local end = refine(eval, ranked.get(r), box, listener, sims);
            iterations += end.iterations;
            if (current == null || end.objective < current.objective) {
                current = end;
            }
        }
        // rescue: a χ² far above the binned data's dimension says the data look like none of this θ's
        // layouts, i.e. a wrong optimum (the log-determinant of a few layouts' covariance can prefer weaker
        // coupling over a good fit); then search again from starts along the valley and keep the end
        // point whose data fit its layouts best
        int dim = y.length;
        double rescueMargin = RESCUE_SIGMAS * Math.sqrt(2.0 * dim);
        if (!globalStage && current.chiSquare > dim + rescueMargin) {
            for (Theta candidate : starts(s0, prior, box)) {
                if (candidate.equals(current.theta)) {
                    continue;
                }
                Local end = refine(eval, eval.at(candidate), box, listener, sims);
                iterations += end.iterations;
                listener.progressed("rescue", sims[0]);
                if (end.chiSquare < current.chiSquare - rescueMargin) {
                    current = end;
                }
            }
        }
        // scan: the valley both ways from the end point, each point under its own covariance; where the
        // coupling is stronger the layout's deviations are larger, and judged by the end point's
        // covariance such a region looks worse than it is (a gauss curve at α 0.97 was fitted at 0.75)
        if (scanValley) {
            Local scanned = scan(eval, current, box, dim, listener, sims);
            if (scanned != current) {
                iterations += scanned.iterations;
                current = scanned;
            }
        }
        // final stage: the same search's end point refined with a covariance from more layouts (the
        // few layouts of the search make the covariance too permissive along the valley)
        if (finalLayouts > layouts) {
            Evaluator fine = evaluator(experiment, binning, y, noise, priorMean, priorPrecision, seeds(finalLayouts),
                    simulator, sims);
            Local end = refine(fine, fine.at(current.theta), box, listener, sims);
            iterations += end.iterations;
            current = end;
        }
        Theta estimate = current.theta;
        double[][] cov = current.posteriorCovariance();
        double[][] interval = new double[3][2];
        List<ValleyPoint> walk = List.of();
        if (valleySteps > 0) {
            Local reference = walkReference(current, experiment, binning, noise, simulator, listener, sims);
            Valley valley = walkValley(eval, reference, box, listener, sims);
            Profiled lowest = valley.lowest();
            if (lowest.objective < valley.centre().objective - RECENTRE) {
                // the walk found a clearly better point than the search's end: the search stopped short
                // (far starts, noise); search again from there and walk once more
                Local again = refine(eval, eval.at(lowest.theta), box, listener, sims);
                iterations += again.iterations;
                // kept only when it is better by its own covariance too: the walk's point was judged
                // under the mode's covariance, by the quadratic model's optimum
                if (again.objective < current.objective && again.chiSquare <= current.chiSquare + Math.sqrt(2.0 * dim)) {
                    current = again;
                    reference = walkReference(current, experiment, binning, noise, simulator, listener, sims);
                    valley = walkValley(eval, reference, box, listener, sims);
                }
            }
            walk = valley.points();
            estimate = valley.mean();
            cov = valley.covariance();
            interval = valley.interval90(box);
        } else {
            for (int k = 0; k < 3; k++) {
                Range r = box.range(k);
                double v = current.theta.get(k);
                double sdk = Math.sqrt(cov[k][k]);
                interval[k][0] = Math.max(r.lo(), v - Z90 * sdk);
                interval[k][1] = Math.min(r.hi(), v + Z90 * sdk);
            }
        }
        double[] sd = new double[3];
        for (int k = 0; k < 3; k++) {
            sd[k] = Math.sqrt(cov[k][k]);
        }
        String warning = null;
        if (current.chiSquare > dim + 5 * Math.sqrt(2.0 * dim) + 3 * dim) {
            warning = String.format(java.util.Locale.ROOT,
                    "the curve is far from every simulated layout at the fit (chi-square %.0f for %d bins): "
                            + "the model or the noise level may not describe it", current.chiSquare, dim);
        }
        return new Result(estimate, s0, PerParameter.of(sd), cov, interval, current.chiSquare, dim, iterations,
                sims[0], scored, warning, current.theta, walk, valleySteps > 0 ? temperature : 1);
    }

    private long[] seeds(int count) {
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = firstSeed + i;
        }
        return out;
    }

    private Evaluator evaluator(Experiment experiment, Binning binning, double[] y, double noise, double[] priorMean,
                                double[][] priorPrecision, long[] seeds, BatchSimulator simulator, long[] sims) {
        return theta -> {
            LayoutSample s = LayoutSample.simulate(experiment, theta, binning, seeds, relativeStep, dStep, false,
                    simulator, method, i -> { });
            // θ and one forward step per parameter
            sims[0] += 4L * seeds.length * experiment.curves();
            double[][] jac = {s.jacobian(0), s.jacobian(1), s.jacobian(2)};
            if (!scaleAndPhase) {
                return Local.of(s, y, jac, noise, priorMean, priorPrecision);
            }
            double[] scaled = y.clone();
            double modulus = rescale(scaled, s.mean(), experiment, binning.size());
            // the profiled residual y/c(θ) − μ(θ) moves only orthogonally to μ and iμ
            for (double[] j : jac) {
                projectOut(j, s.mean(), experiment, binning.size());
            }
            return Local.of(s, scaled, jac, noise / modulus, priorMean, priorPrecision);
        };
    }

    /**
     * The mode weighted with the covariance the walk scores with: {@link #covarianceLayouts} further
     * layouts at the mode (other seeds than the search's), or the mode's own.
     */
    private Local walkReference(Local mode, Experiment experiment, Binning binning, double noise,
                                BatchSimulator simulator, Listener listener, long[] sims) {
        if (covarianceLayouts <= layouts) {
            return mode;
        }
        long[] more = new long[covarianceLayouts];
        for (int i = 0; i < more.length; i++) {
            more[i] = firstSeed + layouts + i;
        }
        double[][] curves = LayoutSample.curves(experiment, mode.theta, binning, more, simulator, method);
        sims[0] += (long) more.length * experiment.curves();
        listener.progressed("covariance", sims[0]);
        return Local.withCovariance(mode, curves, binning, noise);
    }

    /** Points of the walk whose weight would be below exp(−CUTOFF/2) end it. */
    private static final double WALK_CUTOFF = 16;

    /** A profiled point this far below its evaluated point is evaluated again where the profile put it. */
    private static final double CORRECT = 2;

    /** A walk point this much below the mode's objective sends the search back there. */
    private static final double RECENTRE = 6;

    /**
     * Walks along the α–ξ valley from the mode in both directions, one evaluation a step: each step
     * moves {@link #valleyStep} in (ln α, ln ξ) along the valley's tangent (the d-profiled α–ξ
     * information's weakest direction), and the local quadratic model there puts d and the steep
     * direction across the valley at their optimum. A side ends at the prior's box, after
     * {@link #valleySteps} steps, or when the objective has risen by {@link #WALK_CUTOFF}·T. Every
     * point is scored under the mode's covariance.
     */
    private Valley walkValley(Evaluator eval, Local mode, Prior box, Listener listener, long[] sims) {
        Walk walk = walk(eval, mode.under(mode), box, valleyStep, valleySteps, WALK_CUTOFF * temperature, true,
                "valley", listener, sims);
        return new Valley(walk.points, walk.locals, temperature);
    }

    /** The points of a walk along the valley (profiled) and the local models they were profiled from. */
    private record Walk(List<Profiled> points, List<Local> locals) {
    }

    /**
     * A walk along the valley from {@code from} both ways: steps of {@code step} in (ln α, ln ξ)
     * along the valley's tangent, each point moved to the optimum of d and the cross-valley
     * direction; a side ends at the box, after {@code steps} steps, or {@code cutoff} above the
     * lowest point. With {@code underFrom} every point is scored under {@code from}'s covariance,
     * otherwise under its own (the Gaussian −2 log posterior with its own layouts' covariance).
     */
    private Walk walk(Evaluator eval, Local from, Prior box, double step, int steps, double cutoff, boolean underFrom,
                      String stage, Listener listener, long[] sims) {
        List<Local> locals = new ArrayList<>();
        List<Profiled> points = new ArrayList<>();
        Profiled centre = profile(from, box);
        locals.add(from);
        points.add(centre);
        double best = centre.objective;
        for (int side : new int[] {1, -1}) {
            Profiled prev = centre;
            Local prevLocal = from;
            double[] prevDir = null;
            for (int n = 1; n <= steps; n++) {
                double[] dir = valleyDirection(prevLocal);
                if (prevDir == null ? dir[0] * side < 0 : dir[0] * prevDir[0] + dir[1] * prevDir[1] < 0) {
                    dir[0] = -dir[0];
                    dir[1] = -dir[1];
                }
                prevDir = dir;
                Theta at = prev.theta;
                Theta next = new Theta(at.alpha() * Math.exp(step * dir[0]), at.xi() * Math.exp(step * dir[1]), at.d());
                Theta clamped = clamp(next, box);
                if (!clamped.equals(next)) {
                    break; // the prior's box: the posterior ends there
                }
                Local local = scored(eval.at(next), from, underFrom);
                listener.progressed(stage + " " + (side > 0 ? "+" : "-") + n, sims[0]);
                Profiled p = profile(local, box);
                // far from the valley's floor the quadratic model's optimum is not to be trusted:
                // evaluate there and optimise again (at most twice)
                for (int c = 0; c < 2 && local.objective - p.objective > CORRECT; c++) {
                    local = scored(eval.at(p.theta), from, underFrom);
                    p = profile(local, box);
                }
                locals.add(local);
                points.add(p);
                best = Math.min(best, p.objective);
                if (p.objective - best > cutoff) {
                    break;
                }
                prev = p;
                prevLocal = local;
            }
        }
        return new Walk(points, locals);
    }

    private static Local scored(Local local, Local reference, boolean underReference) {
        return underReference ? local.under(reference) : local;
    }

    /** The scan's step along the valley in (ln α, ln ξ). */
    static final double SCAN_STEP = 0.12;

    /** The scan's most steps a side. */
    static final int SCAN_STEPS = 10;

    /**
     * The scan along the valley: each point under its own covariance, so that a region where the
     * layout's deviations are larger (stronger coupling) is not judged by a weaker point's
     * covariance. Returns the end point of a search from the scan's lowest point when that point
     * beats {@code current} clearly (its own −2 log posterior lower by √(2D) and its χ² not higher:
     * a lower log-determinant alone does not count), else {@code current}.
     */
    private Local scan(Evaluator eval, Local current, Prior box, int dim, Listener listener, long[] sims) {
        double margin = Math.sqrt(2.0 * dim);
        Walk walk = walk(eval, current, box, SCAN_STEP, SCAN_STEPS, SCAN_CUTOFF_SIGMAS * margin, false, "scan",
                listener, sims);
        // judged by what was evaluated (each point's own −2 log posterior), not by the quadratic model's
        // extrapolation to the valley's floor, which is unreliable this far from the end point
        Local lowest = current;
        for (Local local : walk.locals) {
            if (local.objective < lowest.objective && local.chiSquare <= current.chiSquare) {
                lowest = local;
            }
        }
        if (lowest == current || lowest.objective > current.objective - margin) {
            return current;
        }
        Local end = refine(eval, lowest, box, listener, sims);
        if (end.objective < current.objective - margin && end.chiSquare <= current.chiSquare) {
            return end;
        }
        if (lowest.objective < end.objective) {
            lowest.iterations = end.iterations;
            return lowest;
        }
        return current;
    }

    /** A side of the scan ends this many √(2D) above its lowest point. */
    static final double SCAN_CUTOFF_SIGMAS = 4;

    /** A point moved to the optimum of d and of the cross-valley direction, with its objective there. */
    private record Profiled(Theta theta, double objective) {
    }

    /** The d-profiled α–ξ information in (ln α, ln ξ): its eigenvectors are the valley's axes. */
    private static EigenDecompositionSymmetric valleyAxes(Local local) {
        double[][] h = local.posteriorInformation();
        double a = local.theta.alpha();
        double x = local.theta.xi();
        double hdd = Math.max(h[2][2], 1e-300);
        double[][] b = new double[2][2];
        double[] scale = {a, x};
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                b[i][j] = (h[i][j] - h[i][2] * h[2][j] / hdd) * scale[i] * scale[j];
            }
        }
        return new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(b));
    }

    /** The valley's tangent in (ln α, ln ξ), a unit vector (the weakest direction). */
    private static double[] valleyDirection(Local local) {
        return valleyAxes(local).getEigenvector(1).toArray(); // eigenvalues in decreasing order
    }

    /**
     * The local quadratic model's optimum in the plane of d and the steep α–ξ direction, and the
     * objective there.
     */
    private static Profiled profile(Local local, Prior box) {
        double[] u = valleyAxes(local).getEigenvector(0).toArray();
        double[][] basis = {{u[0] * local.theta.alpha(), u[1] * local.theta.xi(), 0}, {0, 0, 1}};
        double[] c = local.planeOptimum(basis);
        if (c == null) {
            return new Profiled(local.theta, local.objective);
        }
        double[] move = new double[3];
        for (int a = 0; a < 3; a++) {
            move[a] = c[0] * basis[0][a] + c[1] * basis[1][a];
        }
        return new Profiled(clamp(add(local.theta, move), box), local.objective - c[2]);
    }

    /**
     * The walk's points as the fit scored them: each point's θ, objective and local posterior
     * covariance (at T = 1), with the lowest and the first (the mode) at hand.
     */
    private static final class Valley {
        private final List<Profiled> points;
        private final ValleyPosterior posterior;

        Valley(List<Profiled> points, List<Local> locals, double temperature) {
            this.points = points;
            List<Theta> thetas = new ArrayList<>();
            double[] objectives = new double[points.size()];
            double[][][] covariances = new double[points.size()][][];
            for (int i = 0; i < objectives.length; i++) {
                thetas.add(points.get(i).theta);
                objectives[i] = points.get(i).objective;
                covariances[i] = locals.get(i).posteriorCovariance();
            }
            posterior = new ValleyPosterior(thetas, objectives, covariances, temperature);
        }

        Theta mean() {
            return posterior.mean();
        }

        double[][] covariance() {
            return posterior.covariance();
        }

        double[][] interval90(Prior box) {
            return posterior.interval(0.9, box);
        }

        Profiled centre() {
            return points.get(0);
        }

        Profiled lowest() {
            Profiled best = points.get(0);
            for (Profiled p : points) {
                if (p.objective < best.objective) {
                    best = p;
                }
            }
            return best;
        }

        List<ValleyPoint> points() {
            return posterior.points();
        }
    }

    /**
     * A mode whose χ² exceeds D + RESCUE_SIGMAS·√(2D) (D the binned data's length) is searched again
     * from starts along the valley; an end point replaces it when its χ² is lower by that margin again.
     */
    static final double RESCUE_SIGMAS = 5;

    /** How many of the best-ranked starts are refined by Gauss–Newton. */
    static final int REFINED_STARTS = 2;

    /** Damped Gauss–Newton from {@code current}; the end point carries its iteration count. */
    private Local refine(Evaluator eval, Local current, Prior box, Listener listener, long[] sims) {
        double damping = 1e-3;
        int iterations = 0;
        for (int it = 0; it < maxIterations; it++) {
            iterations++;
            boolean accepted = false;
            double moved = 0;
            for (int tries = 0; tries < 6 && !accepted; tries++) {
                double[] delta = current.step(damping);
                Theta next = clamp(add(current.theta, delta), box);
                moved = 0;
                double[][] cov = current.posteriorCovariance();
                for (int k = 0; k < 3; k++) {
                    double d = next.get(k) - current.theta.get(k);
                    moved = Math.max(moved, Math.abs(d) / Math.sqrt(Math.max(cov[k][k], 1e-300)));
                }
                if (moved < 0.05) {
                    accepted = true;
                    break;
                }
                Local candidate = eval.at(next);
                listener.progressed("iteration " + (it + 1), sims[0]);
                // compared under the current covariance: a quasi-likelihood step (the fixed point solves
                // JᵀP(y − μ) = prior term, with P following θ from iteration to iteration)
                if (current.quasiObjective(candidate) < current.quasiObjective(current)) {
                    current = candidate;
                    damping = Math.max(damping / 10, 1e-6);
                    accepted = true;
                } else {
                    damping *= 10;
                }
            }
            if (!accepted || moved < 0.1) {
                break;
            }
        }
        current.iterations = iterations;
        return current;
    }

    /**
     * Divides each curve of the binned data by the complex factor c = Σ conj(μ)·y / Σ |μ|² that maps
     * the model's mean curve μ onto it; returns the mean |c| over curves.
     */
    static double rescale(double[] y, double[] mu, Experiment experiment, int binSize) {
        int off = 0;
        double sum = 0;
        for (int j = 0; j < experiment.curves(); j++) {
            int nb = (experiment.sequences().get(j).samples() + binSize - 1) / binSize;
            double num0 = 0;
            double num1 = 0;
            double den = 0;
            for (int b = 0; b < nb; b++) {
                double mr = mu[off + b];
                double mi = mu[off + nb + b];
                double yr = y[off + b];
                double yi = y[off + nb + b];
                num0 += mr * yr + mi * yi;   // Re(conj(μ)·y)
                num1 += mr * yi - mi * yr;   // Im(conj(μ)·y)
                den += mr * mr + mi * mi;
            }
            double cr = num0 / den;
            double ci = num1 / den;
            double c2 = cr * cr + ci * ci;
            for (int b = 0; b < nb; b++) {
                double yr = y[off + b];
                double yi = y[off + nb + b];
                // y / c = y·conj(c)/|c|²
                y[off + b] = (yr * cr + yi * ci) / c2;
                y[off + nb + b] = (yi * cr - yr * ci) / c2;
            }
            sum += Math.sqrt(c2);
            off += 2 * nb;
        }
        return sum / experiment.curves();
    }

    /** Removes from v (binned, per curve) its components along μ and iμ. */
    static void projectOut(double[] v, double[] mu, Experiment experiment, int binSize) {
        int off = 0;
        for (int j = 0; j < experiment.curves(); j++) {
            int nb = (experiment.sequences().get(j).samples() + binSize - 1) / binSize;
            double n2 = 0;
            double a1 = 0;
            double a2 = 0;
            for (int b = 0; b < nb; b++) {
                double mr = mu[off + b];
                double mi = mu[off + nb + b];
                n2 += mr * mr + mi * mi;
                a1 += v[off + b] * mr + v[off + nb + b] * mi;     // along μ = (μr, μi)
                a2 += -v[off + b] * mi + v[off + nb + b] * mr;    // along iμ = (−μi, μr)
            }
            for (int b = 0; b < nb; b++) {
                double mr = mu[off + b];
                double mi = mu[off + nb + b];
                v[off + b] -= (a1 * mr - a2 * mi) / n2;
                v[off + nb + b] -= (a1 * mi + a2 * mr) / n2;
            }
            off += 2 * nb;
        }
    }

    /** The starts of the global stage: s0 and points along the prior's principal α–ξ axis. */
    static List<Theta> starts(Theta s0, GaussianPrior prior, Prior box) {
        List<Theta> out = new ArrayList<>();
        out.add(s0);
        // the valley α·ξ^p ≈ const is a straight line in (ln α, ln ξ): step along the prior's principal
        // axis there
        double a0 = Math.max(s0.alpha(), 0.02 * box.range(0).width());
        double[] axis;
        if (prior != null) {
            double[][] c = prior.covariance();
            double[][] block = {{c[0][0] / (a0 * a0), c[0][1] / (a0 * s0.xi())},
                {c[1][0] / (a0 * s0.xi()), c[1][1] / (s0.xi() * s0.xi())}};
            EigenDecompositionSymmetric eig = new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(block));
            double[] v = eig.getEigenvector(0).toArray();
            double l = Math.min(Math.sqrt(Math.max(eig.getEigenvalues()[0], 0)), 0.7);
            axis = new double[] {v[0] * l, v[1] * l};
        } else {
            // along α·ξ^1.4 = const, ±20% in α a step
            axis = new double[] {0.2, -0.2 / 1.4};
        }
        for (double f : new double[] {-1, 1, -2, 2}) {
            Theta t = clamp(new Theta(a0 * Math.exp(f * axis[0]), s0.xi() * Math.exp(f * axis[1]), s0.d()), box);
            if (!out.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }

    /** The local model at θ from the given layouts, noiseless (diagnostics). */
    static Local probe(Experiment experiment, Binning binning, double[] y, Theta theta, long[] seeds,
                       BatchSimulator simulator, double[] priorMean, double[][] priorPrecision) {
        LayoutSample s = LayoutSample.simulate(experiment, theta, binning, seeds, 0.03, 0.03, false, simulator,
                MeanFieldMethod.FFT, i -> { });
        return Local.of(s, y, new double[][] {s.jacobian(0), s.jacobian(1), s.jacobian(2)}, 0, priorMean,
                priorPrecision);
    }

    private interface Evaluator {
        /** The local model at θ (mean, Jacobian and covariance from the evaluator's layouts). */
        Local at(Theta theta);
    }

    /** The local Gaussian model at one θ: residual, Jacobian, precision and the objective. */
    static final class Local {
        Theta theta;
        double[][] jtpj;
        double[] jtpr;
        double[][] priorPrecision;
        double[] priorMean;
        double chiSquare;
        double objective;

        LayoutCovariance cov;
        double inflate;
        double rank;
        int iterations;
        double[] residual;
        double[][] jacobian;

        /** χ² of {@code other}'s residual under this point's covariance, plus the prior at {@code other}. */
        double quasiObjective(Local other) {
            double[] w = scale(cov.whiten(other.residual), inflate);
            return dot(w, w) + quad(priorPrecision, sub(other.theta.toArray(), priorMean));
        }

        static Local of(LayoutSample s, double[] y, double[][] jac, double noise, double[] priorMean,
                        double[][] priorPrecision) {
            int k = s.layouts();
            double[][] curves = new double[k][];
            for (int i = 0; i < k; i++) {
                curves[i] = s.curve(i);
            }
            double[] mean = s.mean();
            LayoutCovariance cov = LayoutCovariance.shrunk(curves, mean, s.binning(), noise);
            double inflate = 1 / Math.sqrt(1 + 1.0 / k); // μ is itself estimated from K layouts
            double[] r = new double[y.length];
            for (int j = 0; j < y.length; j++) {
                r[j] = y[j] - mean[j];
            }
            return build(s.theta(), r, jac, cov, inflate, priorMean, priorPrecision);
        }

        /** {@code at}'s residual and Jacobian under the covariance of the given K layouts' binned curves. */
        static Local withCovariance(Local at, double[][] curves, Binning binning, double noise) {
            double[] mean = new double[curves[0].length];
            for (double[] c : curves) {
                for (int j = 0; j < mean.length; j++) {
                    mean[j] += c[j] / curves.length;
                }
            }
            LayoutCovariance cov = LayoutCovariance.shrunk(curves, mean, binning, noise);
            return build(at.theta, at.residual, at.jacobian, cov, at.inflate, at.priorMean, at.priorPrecision);
        }

        /**
         * This point's residual and Jacobian weighted with another point's covariance: points compared
         * under one covariance differ only in their residuals (a quasi-likelihood), not in how wide
         * their own K layouts happened to make the covariance.
         */
        Local under(Local other) {
            return build(theta, residual, jacobian, other.cov, other.inflate, priorMean, priorPrecision);
        }

        private static Local build(Theta theta, double[] r, double[][] jac, LayoutCovariance cov, double inflate,
                                   double[] priorMean, double[][] priorPrecision) {
            double[] wr = scale(cov.whiten(r), inflate);
            double[][] wj = new double[3][];
            for (int a = 0; a < 3; a++) {
                wj[a] = scale(cov.whiten(jac[a]), inflate);
            }
            Local l = new Local();
            l.cov = cov;
            l.inflate = inflate;
            l.residual = r;
            l.jacobian = jac;
            l.theta = theta;
            l.jtpj = new double[3][3];
            l.jtpr = new double[3];
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    l.jtpj[a][b] = dot(wj[a], wj[b]);
                }
                l.jtpr[a] = dot(wj[a], wr);
            }
            l.priorPrecision = priorPrecision;
            l.priorMean = priorMean;
            l.chiSquare = dot(wr, wr);
            double[] dp = sub(l.theta.toArray(), priorMean);
            l.objective = l.chiSquare + cov.logDeterminant() + 2 * r.length * Math.log(1 / inflate)
                    + quad(priorPrecision, dp);
            return l;
        }

        /**
         * The objective after the best move in the plane of d and the steepest α–ξ direction (the
         * leading eigenvector of JᵀPJ's α–ξ block), by the local quadratic model.
         */
        double profiledAcrossValley() {
            double[][] h = posteriorInformation();
            EigenDecompositionSymmetric eig = new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(
                    new double[][] {{h[0][0], h[0][1]}, {h[1][0], h[1][1]}}));
            double[] v = eig.getEigenvector(0).toArray(); // largest eigenvalue first
            double[] c = planeOptimum(new double[][] {{v[0], v[1], 0}, {0, 0, 1}});
            return c == null ? objective : objective - c[2];
        }

        /**
         * The local quadratic model's optimum in the plane spanned by the two rows of {@code basis}
         * (directions in θ): the coefficients c₀, c₁ of the move and, third, the objective's decrease
         * there; null when the model has no minimum in that plane.
         */
        double[] planeOptimum(double[][] basis) {
            double[][] h = posteriorInformation();
            double[] g = gradient();
            double[][] hs = new double[2][2];
            double[] gs = new double[2];
            for (int i = 0; i < 2; i++) {
                for (int a = 0; a < 3; a++) {
                    gs[i] += basis[i][a] * g[a];
                    for (int b = 0; b < 3; b++) {
                        for (int j = 0; j < 2; j++) {
                            hs[i][j] += basis[i][a] * h[a][b] * basis[j][b];
                        }
                    }
                }
            }
            double det = hs[0][0] * hs[1][1] - hs[0][1] * hs[1][0];
            if (!(det > 0)) {
                return null;
            }
            double c0 = (hs[1][1] * gs[0] - hs[0][1] * gs[1]) / det;
            double c1 = (hs[0][0] * gs[1] - hs[1][0] * gs[0]) / det;
            return new double[] {c0, c1, c0 * gs[0] + c1 * gs[1]};
        }

        /** JᵀP(y − μ) − C₀⁻¹(θ − θ₀): half the negative gradient of the objective. */
        double[] gradient() {
            double[] dp = sub(theta.toArray(), priorMean);
            double[] g = new double[3];
            for (int a = 0; a < 3; a++) {
                g[a] = jtpr[a];
                for (int b = 0; b < 3; b++) {
                    g[a] -= priorPrecision[a][b] * dp[b];
                }
            }
            return g;
        }

        /** The damped Gauss-Newton step. */
        double[] step(double damping) {
            double[][] h = posteriorInformation();
            double[] g = new double[3];
            double[] dp = sub(theta.toArray(), priorMean);
            for (int a = 0; a < 3; a++) {
                g[a] = jtpr[a];
                for (int b = 0; b < 3; b++) {
                    g[a] -= priorPrecision[a][b] * dp[b];
                }
                h[a][a] *= 1 + damping;
            }
            // a parameter the curve and the prior say nothing about (e.g. ξ at α = 0 with the box
            // alone) has a zero row: keep it where it is
            double largest = Math.max(Math.max(h[0][0], h[1][1]), Math.max(h[2][2], 1e-300));
            for (int a = 0; a < 3; a++) {
                h[a][a] += 1e-12 * largest;
            }
            return solve(h, g);
        }

        double[][] posteriorInformation() {
            double[][] h = new double[3][3];
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    h[a][b] = jtpj[a][b] + priorPrecision[a][b];
                }
            }
            return h;
        }

        double[][] posteriorCovariance() {
            double[][] h = posteriorInformation();
            // keeps a parameter without information finite (its variance then dwarfs the box)
            double largest = Math.max(Math.max(h[0][0], h[1][1]), Math.max(h[2][2], 1e-300));
            for (int a = 0; a < 3; a++) {
                h[a][a] += 1e-12 * Math.max(h[a][a], largest);
            }
            return MatrixUtils.inverse(MatrixUtils.createRealMatrix(h)).getData();
        }
    }

    private static double[] solve(double[][] h, double[] g) {
        return MatrixUtils.inverse(MatrixUtils.createRealMatrix(h)).operate(g);
    }

    private static double quad(double[][] m, double[] v) {
        double s = 0;
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                s += v[a] * m[a][b] * v[b];
            }
        }
        return s;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double[] scale(double[] a, double f) {
        double[] o = a.clone();
        for (int i = 0; i < o.length; i++) {
            o[i] *= f;
        }
        return o;
    }

    private static double[] sub(double[] a, double[] b) {
        return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    }

    private static Theta add(Theta t, double[] d) {
        return new Theta(Math.max(0, t.alpha() + d[0]), Math.max(1e-3, t.xi() + d[1]), Math.max(-3, t.d() + d[2]));
    }

    static Theta clamp(Theta t, Prior box) {
        double[] v = t.toArray();
        for (int k = 0; k < 3; k++) {
            Range r = box.range(k);
            v[k] = Math.max(r.lo(), Math.min(r.hi(), v[k]));
        }
        if (!(v[1] > 0)) {
            v[1] = 1e-3;
        }
        return Theta.of(v);
    }

    /** Settings of a {@link LikelihoodFit}. */
    public static final class Builder {
        private int layouts = 16;
        private long firstSeed = 1;
        private int binSize = 10;
        private double relativeStep = 0.03;
        private double dStep = 0.03;
        private int maxIterations = 8;
        private int threads = Runtime.getRuntime().availableProcessors();
        private MeanFieldMethod method = MeanFieldMethod.FFT;
        private boolean globalStage;
        private boolean scaleAndPhase;
        private int finalLayouts;
        private int valleySteps = 12;
        private double valleyStep = 0.08;
        private double temperature = 1;
        private int covarianceLayouts = 256;
        private boolean scanValley = true;

        private Builder() {
        }

        /** K layouts per evaluation (default 16). */
        public Builder layouts(int value) {
            if (value < 4) {
                throw new IllegalArgumentException("layouts must be >= 4, got " + value);
            }
            layouts = value;
            return this;
        }

        /** Seed of the first of the fit's layouts (default 1). */
        public Builder firstSeed(long value) {
            firstSeed = value;
            return this;
        }

        /** Samples per bin (default 10). */
        public Builder binSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("bin size must be >= 1, got " + value);
            }
            binSize = value;
            return this;
        }

        /** Most Gauss–Newton iterations (default 8). */
        public Builder maxIterations(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("iterations must be >= 0, got " + value);
            }
            maxIterations = value;
            return this;
        }

        /** Simulation threads (the result does not depend on it). */
        public Builder threads(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + value);
            }
            threads = value;
            return this;
        }

        /** Finite-difference steps: α and ξ relative, d absolute (default 0.03 and 0.03). */
        public Builder steps(double relative, double d) {
            if (!(relative > 0 && relative < 0.5) || !(d > 0 && d < 1)) {
                throw new IllegalArgumentException("steps must be small and positive");
            }
            relativeStep = relative;
            dStep = d;
            return this;
        }

        public Builder method(MeanFieldMethod value) {
            method = Objects.requireNonNull(value);
            return this;
        }

        /** Whether to score starts along the valley before the Gauss–Newton search (default false: the walk along the valley from the mode does its work). */
        public Builder globalStage(boolean value) {
            globalStage = value;
            return this;
        }

        /**
         * Whether the data carry an unknown overall scale and receiver phase (a measured curve):
         * then at every θ the complex factor c that best maps the model's mean curve onto the data
         * (least squares, per curve) divides the data first (default false: simulated curves are in
         * their own units, where a fully polarised initial magnetisation is ½).
         */
        public Builder scaleAndPhase(boolean value) {
            scaleAndPhase = value;
            return this;
        }

        /**
         * Layouts of a final refinement of the search's end point (default 0: none); more than
         * {@link #layouts} makes the covariance along the α–ξ valley trustworthy, at 4·K
         * simulations an iteration.
         */
        public Builder finalLayouts(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("final layouts must be >= 0, got " + value);
            }
            finalLayouts = value;
            return this;
        }

        /**
         * The walk along the α–ξ valley that turns the mode into a posterior mean (default at most 12 steps
         * a side of 0.08 in (ln α, ln ξ)); 0 steps: the estimate is the mode.
         */
        public Builder valley(int steps, double step) {
            if (steps < 0 || !(step > 0 && step < 1)) {
                throw new IllegalArgumentException("valley steps must be >= 0 and the step in (0, 1)");
            }
            valleySteps = steps;
            valleyStep = step;
            return this;
        }

        /**
         * The temperature T of the posterior along the valley (default 1: the Gaussian
         * quasi-likelihood as it is; T &gt; 1 flattens it).
         */
        public Builder temperature(double value) {
            if (!(value >= 1) || !Double.isFinite(value)) {
                throw new IllegalArgumentException("temperature must be >= 1, got " + value);
            }
            temperature = value;
            return this;
        }

        /**
         * Layouts of the one covariance the valley walk scores its points with (default 256; at most
         * {@link #layouts}: the search's own); more make the layout's correlations in time trustworthy, at
         * that many simulations once.
         */
        public Builder covarianceLayouts(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("covariance layouts must be >= 0, got " + value);
            }
            covarianceLayouts = value;
            return this;
        }

        /**
         * Whether the search's end point is checked by a scan along the valley with every point under
         * its own covariance (default true; about 10 evaluations of 4·K simulations).
         */
        public Builder scanValley(boolean value) {
            scanValley = value;
            return this;
        }

        public LikelihoodFit build() {
            return new LikelihoodFit(this);
        }
    }
}
