package org.spinecho.sim;

/**
 * Integrates the mean-field spin-echo model of docs/model.md and records M(t).
 *
 * <p>Each step of length dt: compute the mean fields B_k from the current state and hold them
 * fixed; set Ω_k = (α·B_k^x, α·B_k^y, Δ_k + α_z·B_k^z); advance every m_k by the exact
 * propagator of dm/dt = −Ω_k × m_k − (Γ/2)·(m_x, m_y, 0); record M = Σ_k P_k·(m_k^x + i·m_k^y).
 *
 * <p>One instance simulates one parameter set, single-threaded; it may be run repeatedly. For
 * many curves at once use {@link BatchSimulator}.
 */
public final class MeanFieldIntegrator {

    /** Receives the state after every recorded step (for checks and diagnostics). */
    @FunctionalInterface
    public interface StepObserver {
        /**
         * @param sample 1-based sample index s (time s·dt)
         * @param mx, my, mz the Bloch vectors after the step; read only, valid during the call
         */
        void afterStep(int sample, double[] mx, double[] my, double[] mz);
    }

    private final SimulationParameters parameters;
    private final MeanFieldMethod method;
    private final Spectrum spectrum;

    public MeanFieldIntegrator(SimulationParameters parameters) {
        this(parameters, MeanFieldMethod.FFT);
    }

    public MeanFieldIntegrator(SimulationParameters parameters, MeanFieldMethod method) {
        this.parameters = parameters;
        this.method = method;
        this.spectrum = parameters.spectrum();
    }

    public SimulationParameters parameters() {
        return parameters;
    }

    /** Simulates the curve. */
    public EchoCurve run() {
        return run(null);
    }

    /** Simulates the curve, calling {@code observer} (if not null) after every step. */
    public EchoCurve run(StepObserver observer) {
        return integrate(parameters, method, new Spectrum[] {spectrum}, observer, null, null)[0];
    }

    /**
     * Where the time of one run goes, in nanoseconds: the mean field (the FFTs with the weights
     * P·m and the offsets Δ folded in, or the direct sum), the propagator, and the whole run (the
     * rest is setup, the pulses and the sums M). Thread CPU time of the calling thread where the
     * JVM measures it ({@code cpuTime}), which a busy machine disturbs far less than wall-clock
     * time; wall-clock time otherwise. Reading the thread CPU clock costs about a microsecond (more on a
     * busy machine), three readings a step, so a timed curve spends about 1–4 ms more than an
     * untimed one, most of it counted in the parts.
     */
    public record Timing(long meanFieldNanos, long propagatorNanos, long totalNanos, boolean cpuTime) {
    }

    /** Simulates the curve as {@link #run()} does and says where the time went. */
    public Timing timedRun() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        boolean cpu = threads.isCurrentThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
        java.util.function.LongSupplier now = cpu ? threads::getCurrentThreadCpuTime : System::nanoTime;
        long[] clock = new long[2];
        long t0 = now.getAsLong();
        integrate(parameters, method, new Spectrum[] {spectrum}, null, clock, now);
        return new Timing(clock[0], clock[1], now.getAsLong() - t0, cpu);
    }

    /**
     * Simulates one parameter point on several layouts in lock-step on the calling thread: the
     * point {@code parameters} with each of {@code layoutSeeds} as its layout seed, curves in the
     * order of the seeds. The layouts share the kernel's transform, the FFT's tables and buffers,
     * and every pass over the data. Each curve has exactly the bits of
     * {@code new MeanFieldIntegrator(parameters.withLayoutSeed(seed), method).run()}, whatever
     * the other seeds and their number.
     */
    public static java.util.List<EchoCurve> runLayouts(SimulationParameters parameters, long[] layoutSeeds,
                                                       MeanFieldMethod method) {
        if (layoutSeeds.length == 0) {
            return java.util.List.of();
        }
        Spectrum[] spectra = new Spectrum[layoutSeeds.length];
        for (int b = 0; b < spectra.length; b++) {
            spectra[b] = parameters.withLayoutSeed(layoutSeeds[b]).spectrum();
        }
        return java.util.List.of(integrate(parameters, method, spectra, null, null, null));
    }

    /**
     * The integration for K layouts side by side: every per-spin array holds layout b at
     * [b·N, (b+1)·N); the propagator and the weights act spin by spin, the mean field layout by
     * layout (as lanes of one FFT), and M is summed per layout in spin order. {@code clock}, if
     * not null, accumulates the nanoseconds of the mean field [0] and of the propagator [1] as read
     * from {@code now}.
     */
    private static EchoCurve[] integrate(SimulationParameters p, MeanFieldMethod method, Spectrum[] spectra,
                                         StepObserver observer, long[] clock, java.util.function.LongSupplier now) {
        EchoSequence seq = p.sequence();
        int layouts = spectra.length;
        int n = p.lattice().size();
        int total = layouts * n;
        double alpha = p.alpha();
        double alphaZ = p.alphaZ();
        boolean transverseField = alpha != 0; // α = 0: B never enters Ω
        boolean longitudinalField = alphaZ != 0;
        // α and α_z are folded into the mean field: it returns α·B_x, α·B_y and α_z·B_z
        MeanField meanField = transverseField || longitudinalField
                ? MeanField.of(method, p.lattice(), p.kernel(), alpha, alphaZ, layouts) : null;

        double[] offsets = new double[total];
        double[] weights = new double[total];
        for (int b = 0; b < layouts; b++) {
            System.arraycopy(spectra[b].offsets(), 0, offsets, b * n, n);
            System.arraycopy(spectra[b].weights(), 0, weights, b * n, n);
        }
        double h = seq.dt();
        double g = p.dephasingRate() / 2; // transverse damping rate Γ/2
        double expMinusGh = Math.exp(-g * h);

        double[] mx = new double[total];
        double[] my = new double[total];
        double[] mz = new double[total];
        java.util.Arrays.fill(mz, 0.5); // m_k = (0, 0, 1/2) initially
        double[] wx = new double[total];
        double[] wy = new double[total];
        double[] wz = new double[total];
        double[] ox = new double[total]; // Ω = (α·B_x, α·B_y, Δ + α_z·B_z); zero where not coupled
        double[] oy = new double[total];
        double[] oz = offsets.clone();

        BlochPropagator propagator = new BlochPropagator(total);
        int samples = seq.samples();
        double[][] re = new double[layouts][samples];
        double[][] im = new double[layouts][samples];

        new Pulse(seq.flipAngle(), seq.phase1()).apply(mx, my, mz);
        int s = 0;
        for (int segment = 0; segment < 2; segment++) {
            if (segment == 1) {
                new Pulse(2 * seq.flipAngle(), seq.phase2()).apply(mx, my, mz); // the π pulse
            }
            int steps = segment == 0 ? seq.ntau() : 2 * seq.ntau();
            for (int step = 0; step < steps; step++) {
                // three clock readings a step when timed: before, between and after the two parts
                long t0 = clock != null ? now.getAsLong() : 0;
                if (meanField != null) {
                    // Ω_x = α·B_x, Ω_y = α·B_y, Ω_z = Δ + α_z·B_z with B = J ⊛ (P·m)
                    meanField.computeFromState(weights, mx, my, mz, offsets, transverseField ? ox : null,
                            transverseField ? oy : null, longitudinalField ? oz : null, wx, wy, wz);
                }
                long t1 = clock != null ? now.getAsLong() : 0;
                propagator.advanceAll(ox, oy, oz, g, h, expMinusGh, mx, my, mz, total);
                if (clock != null) {
                    long t2 = now.getAsLong();
                    clock[0] += t1 - t0;
                    clock[1] += t2 - t1;
                }
                for (int b = 0; b < layouts; b++) {
                    double sumX = 0;
                    double sumY = 0;
                    for (int k = b * n; k < (b + 1) * n; k++) {
                        sumX += weights[k] * mx[k]; // M = Σ P_k (m_x + i m_y)
                        sumY += weights[k] * my[k];
                    }
                    re[b][s] = sumX;
                    im[b][s] = sumY;
                }
                s++;
                if (observer != null) {
                    observer.afterStep(s, mx, my, mz);
                }
            }
        }
        EchoCurve[] curves = new EchoCurve[layouts];
        for (int b = 0; b < layouts; b++) {
            curves[b] = new EchoCurve(re[b], im[b], h);
        }
        return curves;
    }
}
