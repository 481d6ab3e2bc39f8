package org.spinecho.sim;

/**
 * The exact propagator of one spin packet over one time step (spec §4).
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
 */
public final class BlochPropagator {
    private BlochPropagator() {
    }

    /**
     * Advances the Bloch vector (mx[k], my[k], mz[k]) by one step of length h, in place.
     *
     * @param ox, oy, oz the precession vector Ω (rad/u)
     * @param g          half the dephasing rate, Γ/2 (≥ 0)
     * @param h          the step length dt
     * @param expMinusGh e^{−g·h}
     */
    public static void advance(double ox, double oy, double oz, double g, double h, double expMinusGh,
                               double[] mx, double[] my, double[] mz, int k) {
        double[] x = {mx[k]};
        double[] y = {my[k]};
        double[] z = {mz[k]};
        advanceAll(new double[] {ox}, new double[] {oy}, new double[] {oz}, g, h, expMinusGh, x, y, z, 1);
        mx[k] = x[0];
        my[k] = y[0];
        mz[k] = z[0];
    }

    /**
     * Advances the Bloch vectors of spins 0 … n−1 by one step of length h, in place, spin k
     * precessing about (ox[k], oy[k], oz[k]). One loop over all spins, so that the JIT compiles
     * the whole step as one unit.
     *
     * @param g          half the dephasing rate, Γ/2 (≥ 0), the same for all spins
     * @param h          the step length dt
     * @param expMinusGh e^{−g·h}, precomputed by the caller
     */
    public static void advanceAll(double[] oxs, double[] oys, double[] ozs, double g, double h,
                                  double expMinusGh, double[] mx, double[] my, double[] mz, int n) {
        for (int k = 0; k < n; k++) {
            double ox = oxs[k];
            double oy = oys[k];
            double oz = ozs[k];
            double vx = mx[k];
            double vy = my[k];
            double vz = mz[k];
            double perp2 = ox * ox + oy * oy; // Ω⊥² = Ωx² + Ωy²
            double omega2 = perp2 + oz * oz; // |Ω|²
            if (16 * g * g > omega2 || omega2 == 0) {
                advanceTaylor(ox, oy, oz, g, h, mx, my, mz, k);
                continue;
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
