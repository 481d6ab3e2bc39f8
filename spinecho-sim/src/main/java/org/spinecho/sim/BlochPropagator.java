package org.spinecho.sim;

/**
 * The exact propagator of one spin packet over one time step (docs/model.md, "Dynamics").
 *
 * <p>With the precession vector Ω and the dephasing rate Γ held fixed, the Bloch vector obeys
 * dm/dt = A·m with the generator
 * <pre>
 *       | −g    Ωz   −Ωy |
 *   A = | −Ωz   −g    Ωx |      g = Γ/2,
 *       |  Ωy  −Ωx    0  |
 * </pre>
 * i.e. dm/dt = −Ω × m − g·(m_x, m_y, 0). One step is m ← exp(A·h)·m, computed here without
 * building the matrix. Its characteristic polynomial is
 * p(λ) = λ³ + 2g·λ² + (g² + |Ω|²)·λ + g·(Ωx² + Ωy²). It has one real root μ ∈ [−g, 0] and a
 * pair λ± = −β ± iω. By Cayley–Hamilton, exp(A·h) = e^{μh}·I + (A − μI)·S(A), where S is the
 * straight line through the divided differences G(λ) = (e^{hλ} − e^{hμ})/(λ − μ) at λ±. This
 * is exact (to rounding) and needs one exp, one sin and one cos per spin.
 *
 * <p>Where the roots crowd together (|Ω| &lt; 4g, e.g. a spin at the line centre with a weak
 * mean field and strong dephasing) the divided differences lose accuracy, and the propagator
 * falls back to a Taylor series of exp(A·h/2ˢ) applied 2ˢ times, with ‖A·h/2ˢ‖ ≤ 1/2, summed to
 * machine precision.
 *
 * <p>{@link #advance} is this recipe for one spin, with every branch. {@link #advanceAll} gives
 * the same result (to rounding) for all spins of a lattice at once, organised for speed: the
 * common case (closed form, (ωh)² ≤ 1, Newton converged in two steps) runs as a sequence of
 * branch-free loops over all spins, one intermediate quantity each, which the JIT compiles to
 * SIMD instructions. The spins outside it are then redone: those with a small step
 * (‖A·h‖ ≤ 1/16, e.g. the crowded roots of the line centre) by a Taylor series of fixed length,
 * also as branch-free loops over the gathered spins, the others by {@link #advance}. An instance
 * holds the scratch arrays of those loops, so it is not shared between threads.
 *
 * <p>Loops stay small on purpose: HotSpot (17) vectorises a loop only if it can unroll it, and
 * a body of more than a few dozen operations defeats that; merging loops was measured slower.
 */
public final class BlochPropagator {
    private final int spins;
    // Per-spin intermediates of the fast path (see advanceAll).
    private final double[] perp2;
    private final double[] c1;
    private final double[] mu;
    private final double[] lastNewtonStep;
    private final double[] omega2; // |Ω|²
    private final double[] w2; // ω²
    private final double[] expHalfMuH; // e^{μh/2}
    private final double[] cosWh;
    private final double[] sinWhOverW;
    private final double[] a0;
    private final double[] slope;
    private final double[] eMu;
    // Spins of the short series: their index, Ω, old state, partial sums.
    private final int[] seriesSpins;
    private final double[][] series = new double[9][];
    // Spins redone aside (series or per-spin recipe), and their new state.
    private final int[] slowSpins;
    private final double[] slowX;
    private final double[] slowY;
    private final double[] slowZ;

    /** A propagator for lattices of {@code spins} spins (scratch space for one step). */
    public BlochPropagator(int spins) {
        if (spins < 1) {
            throw new IllegalArgumentException("spins must be >= 1, got " + spins);
        }
        this.spins = spins;
        this.perp2 = new double[spins];
        this.c1 = new double[spins];
        this.mu = new double[spins];
        this.lastNewtonStep = new double[spins];
        this.omega2 = new double[spins];
        this.w2 = new double[spins];
        this.expHalfMuH = new double[spins];
        this.cosWh = new double[spins];
        this.sinWhOverW = new double[spins];
        this.a0 = new double[spins];
        this.slope = new double[spins];
        this.eMu = new double[spins];
        this.seriesSpins = new int[spins];
        for (int i = 0; i < series.length; i++) {
            series[i] = new double[spins];
        }
        this.slowSpins = new int[spins];
        this.slowX = new double[spins];
        this.slowY = new double[spins];
        this.slowZ = new double[spins];
    }

    /**
     * Advances the Bloch vectors of spins 0 … n−1 by one step of length h, in place, spin k
     * precessing about (ox[k], oy[k], oz[k]). Equal to {@link #advance} for every spin, to rounding.
     *
     * @param g          half the dephasing rate, Γ/2 (≥ 0), the same for all spins
     * @param h          the step length dt
     * @param expMinusGh e^{−g·h}, precomputed by the caller
     * @param n          how many spins (at most the size this propagator was made for)
     */
    public void advanceAll(double[] oxs, double[] oys, double[] ozs, double g, double h,
                           double expMinusGh, double[] mx, double[] my, double[] mz, int n) {
        if (n > spins) {
            throw new IllegalArgumentException("this propagator holds " + spins + " spins, not " + n);
        }
        closedForm(oxs, oys, ozs, g, h, expMinusGh, n);
        int slow = redo(oxs, oys, ozs, g, h, expMinusGh, mx, my, mz, n);
        update(oxs, oys, ozs, g, mx, my, mz, n);
        for (int i = 0; i < slow; i++) {
            int k = slowSpins[i];
            mx[k] = slowX[i];
            my[k] = slowY[i];
            mz[k] = slowZ[i];
        }
    }

    /**
     * The fast path's coefficients for every spin: μ, e^{μh}, a0 and slope of S(A), and score
     * (> 0 or NaN where the fast path does not hold). Separate methods keep each compilation
     * small: the JIT's results varied more from run to run with one large method.
     */
    private void closedForm(double[] oxs, double[] oys, double[] ozs, double g, double h, double expMinusGh, int n) {
        final double c2 = 2 * g; // p(λ) = λ³ + c2 λ² + c1 λ + c0
        final double gg = g * g;
        final double hh = h * h;
        final double halfH = 0.5 * h;
        // Each loop below is branch-free, so that the JIT vectorises it; quantities as in advance().
        for (int k = 0; k < n; k++) {
            double ox = oxs[k];
            double oy = oys[k];
            double oz = ozs[k];
            double p2 = ox * ox + oy * oy; // Ω⊥²
            double field2 = p2 + oz * oz; // |Ω|²
            double cc1 = gg + field2; // c1 = g² + |Ω|²
            double invC1 = 1 / cc1;
            double t = -g * p2 * invC1; // t = −c0/c1
            perp2[k] = p2;
            omega2[k] = field2;
            c1[k] = cc1;
            mu[k] = t * (1 + t * invC1 * (-c2 + t * (2 * c2 * c2 * invC1 - 1))); // series start of μ
        }
        // two Newton steps, the first into a separate array (a loop that updates μ in place was
        // measured slower)
        double[] mid = lastNewtonStep; // first iteration's μ
        for (int k = 0; k < n; k++) {
            double m = mu[k];
            double cc1 = c1[k];
            double p = ((m + c2) * m + cc1) * m + g * perp2[k]; // p(μ)
            double dp = (3 * m + 2 * c2) * m + cc1; // p'(μ)
            mid[k] = m - p / dp;
        }
        for (int k = 0; k < n; k++) {
            double m = mid[k];
            double cc1 = c1[k];
            double p = ((m + c2) * m + cc1) * m + g * perp2[k]; // p(μ)
            double dp = (3 * m + 2 * c2) * m + cc1; // p'(μ)
            double step = p / dp;
            mu[k] = m - step;
            mid[k] = step;
        }
        for (int k = 0; k < n; k++) {
            double m = mu[k];
            double beta = (c2 + m) / 2; // λ± = −β ± iω
            double ww = (c1[k] + m * (c2 + m)) - beta * beta; // ω² = c − β², c = c1 + μ(c2 + μ)
            w2[k] = ww;
            cosWh[k] = cosSeries(ww * hh); // cos ωh, exact to rounding for (ωh)² ≤ 1
        }
        for (int k = 0; k < n; k++) {
            sinWhOverW[k] = h * sinOverXSeries(w2[k] * hh); // sin(ωh)/ω, exact to rounding for (ωh)² ≤ 1
        }
        if (g * halfH <= 0.01) { // |μ|h/2 ≤ gh/2 ≤ 0.01: the series of e^x is exact to rounding
            for (int k = 0; k < n; k++) {
                expHalfMuH[k] = expSeries(mu[k] * halfH);
            }
        } else {
            for (int k = 0; k < n; k++) {
                expHalfMuH[k] = Math.exp(mu[k] * halfH);
            }
        }
        for (int k = 0; k < n; k++) {
            double m = mu[k];
            double y = expHalfMuH[k]; // e^{μh/2}
            double e = expMinusGh / y; // e^{−βh} = e^{−gh}·e^{−μh/2}
            double em = y * y; // e^{μh}
            double beta = (c2 + m) / 2;
            double ww = w2[k]; // ω²
            double delta = -beta - m; // Re(λ± − μ)
            double invQ = 1 / (delta * delta + ww); // 1/|λ± − μ|²
            double cs = cosWh[k];
            double sw = sinWhOverW[k];
            double sl = (e * sw * delta - e * cs + em) * invQ; // Im G(λ+)/ω
            double reG = ((e * cs - em) * delta + e * sw * ww) * invQ; // Re G(λ+)
            a0[k] = reG + sl * beta; // S(A) = a0·I + slope·A
            slope[k] = sl;
            eMu[k] = em;
        }
        // The spins outside the fast path: crowded roots (|Ω|² < 16g²), |Ω| = 0, (ωh)² outside
        // [0, 1] (cos, sin or cosh, sinh), Newton not yet converged. score > 0 (or NaN) marks them.
        double crowded = 16 * gg;
        double[] score = expHalfMuH; // no longer needed
        for (int k = 0; k < n; k++) {
            double x2 = w2[k] * hh; // (ωh)²
            score[k] = Math.max(Math.max(crowded - omega2[k], Math.abs(lastNewtonStep[k]) - 1e-7 * Math.abs(mu[k])),
                    Math.max(x2 - 1, -x2));
        }
    }

    /**
     * Redoes the spins outside the fast path from the old state, stored aside: a small step by
     * the short series, the others by the per-spin recipe. Returns how many.
     */
    private int redo(double[] oxs, double[] oys, double[] ozs, double g, double h, double expMinusGh,
                     double[] mx, double[] my, double[] mz, int n) {
        double[] score = expHalfMuH;
        int slow = 0;
        int inSeries = 0;
        for (int k = 0; k < n; k++) {
            if (!(score[k] <= 0)) {
                if (h * (g + Math.abs(oxs[k]) + Math.abs(oys[k]) + Math.abs(ozs[k])) <= SERIES_NORM) {
                    seriesSpins[inSeries++] = k;
                } else {
                    slowX[slow] = mx[k];
                    slowY[slow] = my[k];
                    slowZ[slow] = mz[k];
                    advance(oxs[k], oys[k], ozs[k], g, h, expMinusGh, slowX, slowY, slowZ, slow);
                    slowSpins[slow++] = k;
                }
            }
        }
        if (inSeries > 0) {
            slow = advanceSeries(oxs, oys, ozs, g, h, mx, my, mz, inSeries, slow);
        }
        return slow;
    }

    /** The fast path's update of every spin (the spins redone aside are overwritten afterwards). */
    private void update(double[] oxs, double[] oys, double[] ozs, double g, double[] mx, double[] my, double[] mz,
                        int n) {
        // m ← exp(A·h)·m = e^{μh}·m + (A − μI)·S(A)·m (see apply), in three loops: A·m, then
        // w = S(A)·m = a0·m + slope·A·m, then the update (fewer, larger loops were measured slower)
        double[] sx = cosWh; // no longer needed
        double[] sy = sinWhOverW;
        double[] sz = w2;
        for (int k = 0; k < n; k++) {
            double vx = mx[k];
            double vy = my[k];
            double vz = mz[k];
            sx[k] = -g * vx + ozs[k] * vy - oys[k] * vz;
            sy[k] = -ozs[k] * vx - g * vy + oxs[k] * vz;
            sz[k] = oys[k] * vx - oxs[k] * vy;
        }
        for (int k = 0; k < n; k++) {
            double a = a0[k];
            double sl = slope[k];
            sx[k] = a * mx[k] + sl * sx[k];
            sy[k] = a * my[k] + sl * sy[k];
            sz[k] = a * mz[k] + sl * sz[k];
        }
        for (int k = 0; k < n; k++) {
            double ox = oxs[k];
            double oy = oys[k];
            double oz = ozs[k];
            double wx = sx[k];
            double wy = sy[k];
            double wz = sz[k];
            double m = mu[k];
            double em = eMu[k];
            mx[k] = em * mx[k] + (-g * wx + oz * wy - oy * wz) - m * wx;
            my[k] = em * my[k] + (-oz * wx - g * wy + ox * wz) - m * wy;
            mz[k] = em * mz[k] + (oy * wx - ox * wy) - m * wz;
        }
    }

    /** The short series applies to spins with h·(g + |Ωx| + |Ωy| + |Ωz|) ≤ this (≥ ‖A·h‖∞). */
    static final double SERIES_NORM = 1.0 / 16;
    /** Terms of the short series: the remainder is below (1/16)¹¹/11!·e^{1/16} &lt; 2e-21 of |m|. */
    static final int SERIES_TERMS = 10;

    /**
     * exp(A·h)·m = Σ_{j ≤ 10} (A·h)^j·m/j! (Horner: r ← m + (h/j)·A·r for j = 10 … 1) for the
     * spins seriesSpins[0 … count), from the old state; results appended to the slow list from
     * index {@code slow}. Returns the new length of the slow list.
     */
    private int advanceSeries(double[] oxs, double[] oys, double[] ozs, double g, double h,
                              double[] mx, double[] my, double[] mz, int count, int slow) {
        double[] ox = series[0];
        double[] oy = series[1];
        double[] oz = series[2];
        double[] vx = series[3];
        double[] vy = series[4];
        double[] vz = series[5];
        double[] rx = series[6];
        double[] ry = series[7];
        double[] rz = series[8];
        for (int i = 0; i < count; i++) {
            int k = seriesSpins[i];
            ox[i] = oxs[k];
            oy[i] = oys[k];
            oz[i] = ozs[k];
            vx[i] = mx[k];
            vy[i] = my[k];
            vz[i] = mz[k];
        }
        System.arraycopy(vx, 0, rx, 0, count);
        System.arraycopy(vy, 0, ry, 0, count);
        System.arraycopy(vz, 0, rz, 0, count);
        for (int j = SERIES_TERMS; j >= 1; j--) {
            double f = h / j;
            for (int i = 0; i < count; i++) {
                double x = rx[i];
                double y = ry[i];
                double z = rz[i];
                double oxi = ox[i];
                double oyi = oy[i];
                double ozi = oz[i];
                rx[i] = vx[i] + f * (-g * x + ozi * y - oyi * z);
                ry[i] = vy[i] + f * (-ozi * x - g * y + oxi * z);
                rz[i] = vz[i] + f * (oyi * x - oxi * y);
            }
        }
        for (int i = 0; i < count; i++) {
            slowX[slow] = rx[i];
            slowY[slow] = ry[i];
            slowZ[slow] = rz[i];
            slowSpins[slow++] = seriesSpins[i];
        }
        return slow;
    }

    /**
     * Advances the Bloch vector (mx[k], my[k], mz[k]) of one spin by one step of length h, in
     * place: the reference recipe, with every branch.
     *
     * @param ox, oy, oz the precession vector Ω (rad/u)
     * @param g          half the dephasing rate, Γ/2 (≥ 0)
     * @param h          the step length dt
     * @param expMinusGh e^{−g·h}
     */
    public static void advance(double ox, double oy, double oz, double g, double h, double expMinusGh,
                               double[] mx, double[] my, double[] mz, int k) {
        double perp2 = ox * ox + oy * oy; // Ω⊥² = Ωx² + Ωy²
        double omega2 = perp2 + oz * oz; // |Ω|²
        if (16 * g * g > omega2 || omega2 == 0) {
            advanceTaylor(ox, oy, oz, g, h, mx, my, mz, k);
            return;
        }
        double c2 = 2 * g; // p(λ) = λ³ + c2 λ² + c1 λ + c0
        double c1 = g * g + omega2;
        double c0 = g * perp2;
        // Real root μ ∈ [−g, 0]: start from its series in t = −c0/c1,
        // μ = t − (c2/c1)·t² + ((2c2²/c1 − 1)/c1)·t³ + O(t⁴), then polish by Newton.
        double invC1 = 1 / c1;
        double t = -c0 * invC1;
        double mu = t * (1 + t * invC1 * (-c2 + t * (2 * c2 * c2 * invC1 - 1)));
        for (int it = 0; it < 8; it++) {
            double p = ((mu + c2) * mu + c1) * mu + c0;
            double dp = (3 * mu + 2 * c2) * mu + c1;
            double step = p / dp;
            mu -= step;
            if (Math.abs(step) <= 1e-7 * Math.abs(mu)) {
                // quadratic convergence: the relative error left is ≈ (p''/2p')·step²/|μ|
                // ≤ 2(g/|Ω|)²·1e-14 ≤ 2e-15, i.e. below 1e-17 in μ·h
                break;
            }
        }
        double b = c2 + mu; // p(λ) = (λ − μ)(λ² + bλ + c)
        double c = c1 + mu * b;
        double beta = b / 2; // λ± = −β ± iω
        double w2 = c - beta * beta; // ω² (negative: a real pair ±κ with κ² = −ω²)
        double delta = -beta - mu; // Re(λ± − μ)
        double q = delta * delta + w2; // |λ± − μ|² = q(μ)
        double cs;
        double sw; // sin(ωh)/ω, continued analytically to ω² ≤ 0
        double x2 = w2 * h * h; // (ωh)²
        if (x2 >= 0 && x2 <= 1) {
            // Taylor series of cos x and sin x / x in x², exact to rounding for |x| ≤ 1
            cs = cosSeries(x2);
            sw = h * sinOverXSeries(x2);
        } else if (w2 > 0) {
            double w = Math.sqrt(w2);
            cs = Math.cos(w * h);
            sw = Math.sin(w * h) / w;
        } else {
            double kappa = Math.sqrt(-w2); // a real pair −β ± κ
            cs = Math.cosh(kappa * h);
            sw = Math.sinh(kappa * h) / kappa;
        }
        double halfMuH = 0.5 * mu * h;
        double y; // e^{μh/2}
        double yInv; // e^{−μh/2}
        if (Math.abs(halfMuH) <= 0.01) {
            y = expSeries(halfMuH);
            yInv = expSeries(-halfMuH);
        } else {
            y = Math.exp(halfMuH);
            yInv = 1 / y;
        }
        double eMu = y * y; // e^{μh}
        double e = expMinusGh * yInv; // e^{−βh} = e^{−gh}·e^{−μh/2}
        double invQ = 1 / q;
        double slope = (e * sw * delta - e * cs + eMu) * invQ; // Im G(λ+)/ω
        double reG = ((e * cs - eMu) * delta + e * sw * w2) * invQ; // Re G(λ+)
        double a0 = reG + slope * beta; // S(A) = a0·I + slope·A
        apply(ox, oy, oz, g, mu, eMu, a0, slope, mx, my, mz, k);
    }

    /**
     * m_k ← exp(A·h)·m_k = e^{μh}·m_k + (A − μI)·S(A)·m_k with S(A) = a0·I + slope·A, in place.
     *
     * @param eMu e^{μh}
     */
    private static void apply(double ox, double oy, double oz, double g, double mu, double eMu, double a0,
                              double slope, double[] mx, double[] my, double[] mz, int k) {
        double vx = mx[k];
        double vy = my[k];
        double vz = mz[k];
        // w = S(A)·v
        double avx = -g * vx + oz * vy - oy * vz;
        double avy = -oz * vx - g * vy + ox * vz;
        double avz = oy * vx - ox * vy;
        double wx = a0 * vx + slope * avx;
        double wy = a0 * vy + slope * avy;
        double wz = a0 * vz + slope * avz;
        // exp(Ah)·v = e^{μh}·v + (A − μI)·w
        mx[k] = eMu * vx + (-g * wx + oz * wy - oy * wz) - mu * wx;
        my[k] = eMu * vy + (-oz * wx - g * wy + ox * wz) - mu * wy;
        mz[k] = eMu * vz + (oy * wx - ox * wy) - mu * wz;
    }

    /** cos x as a function of y = x²: its Taylor series Σ (−1)^k y^k/(2k)! to x²⁰ (error below 1e-19 for |x| ≤ 1). */
    static double cosSeries(double y) {
        double y2 = y * y;
        double y4 = y2 * y2;
        double y8 = y4 * y4;
        // Estrin's scheme: short dependency chains
        double q0 = 1 - y * (1.0 / 2);
        double q1 = 1.0 / 24 - y * (1.0 / 720);
        double q2 = 1.0 / 40320 - y * (1.0 / 3628800);
        double q3 = 1.0 / 479001600 - y * (1.0 / 87178291200L);
        double q4 = 1.0 / 20922789888000L - y * (1.0 / 6402373705728000L);
        double q5 = 1.0 / 2432902008176640000L;
        return (q0 + q1 * y2) + (q2 + q3 * y2) * y4 + (q4 + q5 * y2) * y8;
    }

    /** sin x / x as a function of y = x²: its Taylor series Σ (−1)^k y^k/(2k+1)! to x²⁰ (error below 1e-19 for |x| ≤ 1). */
    static double sinOverXSeries(double y) {
        double y2 = y * y;
        double y4 = y2 * y2;
        double y8 = y4 * y4;
        double q0 = 1 - y * (1.0 / 6);
        double q1 = 1.0 / 120 - y * (1.0 / 5040);
        double q2 = 1.0 / 362880 - y * (1.0 / 39916800);
        double q3 = 1.0 / 6227020800L - y * (1.0 / 1307674368000L);
        double q4 = 1.0 / 355687428096000L - y * (1.0 / 121645100408832000L);
        double q5 = 1.0 / 51090942171709440000.0;
        return (q0 + q1 * y2) + (q2 + q3 * y2) * y4 + (q4 + q5 * y2) * y8;
    }

    /** e^x by its Taylor series to x⁸ (error below 1e-20 for |x| ≤ 0.01). */
    static double expSeries(double x) {
        return 1 + x * (1 + x * (1.0 / 2) * (1 + x * (1.0 / 3) * (1 + x * (1.0 / 4) * (1 + x * (1.0 / 5) * (1 + x * (1.0 / 6) * (1 + x * (1.0 / 7)
                * (1 + x * (1.0 / 8))))))));
    }

    /** exp(A·h)·v by scaling and a Taylor series summed to machine precision. */
    static void advanceTaylor(double ox, double oy, double oz, double g, double h,
                              double[] mx, double[] my, double[] mz, int k) {
        double norm = h * (g + Math.abs(ox) + Math.abs(oy) + Math.abs(oz)); // ≥ ‖A·h‖∞
        int squarings = 0;
        while (norm > 0.5) {
            norm *= 0.5;
            squarings++;
        }
        double hs = Math.scalb(h, -squarings);
        double vx = mx[k];
        double vy = my[k];
        double vz = mz[k];
        long repeats = 1L << squarings;
        for (long r = 0; r < repeats; r++) {
            double sx = vx;
            double sy = vy;
            double sz = vz;
            double tx = vx;
            double ty = vy;
            double tz = vz;
            for (int n = 1; n <= 40; n++) {
                double f = hs / n; // term_n = (A·h/n)·term_{n−1}
                double nx = f * (-g * tx + oz * ty - oy * tz);
                double ny = f * (-oz * tx - g * ty + ox * tz);
                double nz = f * (oy * tx - ox * ty);
                tx = nx;
                ty = ny;
                tz = nz;
                sx += tx;
                sy += ty;
                sz += tz;
                if (Math.abs(tx) + Math.abs(ty) + Math.abs(tz)
                        <= 1e-18 * (Math.abs(sx) + Math.abs(sy) + Math.abs(sz))) {
                    break;
                }
            }
            vx = sx;
            vy = sy;
            vz = sz;
        }
        mx[k] = vx;
        my[k] = vy;
        mz[k] = vz;
    }
}
