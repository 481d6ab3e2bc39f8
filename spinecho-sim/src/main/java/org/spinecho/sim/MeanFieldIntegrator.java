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
        SimulationParameters p = parameters;
        EchoSequence seq = p.sequence();
        int n = p.lattice().size();
        double alpha = p.alpha();
        double alphaZ = p.alphaZ();
        boolean transverseField = alpha != 0; // α = 0: B never enters Ω
        boolean longitudinalField = alphaZ != 0;
        // α and α_z are folded into the mean field: it returns α·B_x, α·B_y and α_z·B_z
        MeanField meanField = transverseField || longitudinalField
                ? MeanField.of(method, p.lattice(), p.kernel(), alpha, alphaZ) : null;

        double[] offsets = spectrum.offsets();
        double[] weights = spectrum.weights();
        double h = seq.dt();
        double g = p.dephasingRate() / 2; // transverse damping rate Γ/2
        double expMinusGh = Math.exp(-g * h);

        double[] mx = new double[n];
        double[] my = new double[n];
        double[] mz = new double[n];
        java.util.Arrays.fill(mz, 0.5); // m_k = (0, 0, 1/2) initially
        double[] wx = new double[n];
        double[] wy = new double[n];
        double[] wz = new double[n];
        double[] ox = new double[n]; // Ω = (α·B_x, α·B_y, Δ + α_z·B_z); zero where not coupled
        double[] oy = new double[n];
        double[] oz = offsets.clone();

        BlochPropagator propagator = new BlochPropagator(n);
        int samples = seq.samples();
        double[] re = new double[samples];
        double[] im = new double[samples];

        new Pulse(seq.flipAngle(), seq.phase1()).apply(mx, my, mz);
        int s = 0;
        for (int segment = 0; segment < 2; segment++) {
            if (segment == 1) {
                new Pulse(2 * seq.flipAngle(), seq.phase2()).apply(mx, my, mz); // the π pulse
            }
            int steps = segment == 0 ? seq.ntau() : 2 * seq.ntau();
            for (int step = 0; step < steps; step++) {
                if (meanField != null) {
                    for (int k = 0; k < n; k++) {
                        double w = weights[k];
                        wx[k] = w * mx[k]; // P_k·m_k
                        wy[k] = w * my[k];
                        wz[k] = w * mz[k];
                    }
                    // Ω_x = α·B_x, Ω_y = α·B_y with B = J ⊛ (P·m); α_z·B_z into oz
                    meanField.compute(wx, wy, wz, transverseField ? ox : null, transverseField ? oy : null,
                            longitudinalField ? oz : null);
                    if (longitudinalField) {
                        for (int k = 0; k < n; k++) {
                            oz[k] = offsets[k] + oz[k]; // Ω_z = Δ + α_z·B_z
                        }
                    }
                }
                propagator.advanceAll(ox, oy, oz, g, h, expMinusGh, mx, my, mz, n);
                double sumX = 0;
                double sumY = 0;
                for (int k = 0; k < n; k++) {
                    sumX += weights[k] * mx[k]; // M = Σ P_k (m_x + i m_y)
                    sumY += weights[k] * my[k];
                }
                re[s] = sumX;
                im[s] = sumY;
                s++;
                if (observer != null) {
                    observer.afterStep(s, mx, my, mz);
                }
            }
        }
        return new EchoCurve(re, im, h);
    }
}
