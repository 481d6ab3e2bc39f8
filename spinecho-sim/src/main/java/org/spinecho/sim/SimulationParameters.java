package org.spinecho.sim;

/**
 * Everything that determines one simulated spin-echo curve: the coupling α·J(r) (kernel with
 * its correlation length ξ), the anisotropy α_z/α, the dephasing exponent d (Γ = 10^(−d)), the
 * lattice, the line, the layout with its seed and the pulse sequence. Immutable and validated;
 * change one field with the {@code withX} methods.
 *
 * @param kernel      the coupling shape J(r), carrying ξ
 * @param alpha       coupling strength α ≥ 0 (rad/u)
 * @param alphaZRatio anisotropy α_z/α (1 = isotropic, 0 = XY coupling)
 * @param d           dephasing exponent: Γ = 10^(−d); +∞ means no dephasing
 * @param lattice     the periodic lattice
 * @param line        the inhomogeneous line
 * @param layout      how offsets are placed on the lattice
 * @param layoutSeed  seed of the layout permutation (random layout)
 * @param sequence    the Hahn-echo sequence
 */
public record SimulationParameters(
        CouplingKernel kernel,
        double alpha,
        double alphaZRatio,
        double d,
        Lattice lattice,
        LineShape line,
        SpectrumLayout layout,
        long layoutSeed,
        EchoSequence sequence) {

    public SimulationParameters {
        if (kernel == null || lattice == null || line == null || layout == null || sequence == null) {
            throw new NullPointerException("kernel, lattice, line, layout and sequence are required");
        }
        if (!(alpha >= 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha must be a finite number >= 0, got " + alpha);
        }
        if (!Double.isFinite(alphaZRatio)) {
            throw new IllegalArgumentException("alpha-z ratio must be finite, got " + alphaZRatio);
        }
        if (Double.isNaN(d) || d == Double.NEGATIVE_INFINITY || d < -3) {
            throw new IllegalArgumentException(
                    "d must be a number >= -3 (Gamma = 10^-d) or +infinity for no dephasing, got " + d);
        }
    }

    /** The model's defaults with the given kernel, α and d: 50 × 50, random layout, seed 0. */
    public static SimulationParameters of(CouplingKernel kernel, double alpha, double d) {
        return new SimulationParameters(kernel, alpha, 1.0, d, Lattice.DEFAULT, LineShape.DEFAULT,
                SpectrumLayout.RANDOM, 0L, EchoSequence.DEFAULT);
    }

    /** Dephasing rate Γ = 10^(−d). */
    public double dephasingRate() {
        return d == Double.POSITIVE_INFINITY ? 0.0 : Math.pow(10, -d);
    }

    /** Longitudinal coupling α_z = (α_z/α)·α. */
    public double alphaZ() {
        return alphaZRatio * alpha;
    }

    public SimulationParameters withKernel(CouplingKernel value) {
        return new SimulationParameters(value, alpha, alphaZRatio, d, lattice, line, layout, layoutSeed, sequence);
    }

    public SimulationParameters withXi(double value) {
        return withKernel(kernel.withXi(value));
    }

    public SimulationParameters withAlpha(double value) {
        return new SimulationParameters(kernel, value, alphaZRatio, d, lattice, line, layout, layoutSeed, sequence);
    }

    public SimulationParameters withAlphaZRatio(double value) {
        return new SimulationParameters(kernel, alpha, value, d, lattice, line, layout, layoutSeed, sequence);
    }

    public SimulationParameters withD(double value) {
        return new SimulationParameters(kernel, alpha, alphaZRatio, value, lattice, line, layout, layoutSeed, sequence);
    }

    public SimulationParameters withLattice(Lattice value) {
        return new SimulationParameters(kernel, alpha, alphaZRatio, d, value, line, layout, layoutSeed, sequence);
    }

    public SimulationParameters withLine(LineShape value) {
        return new SimulationParameters(kernel, alpha, alphaZRatio, d, lattice, value, layout, layoutSeed, sequence);
    }

    public SimulationParameters withLayout(SpectrumLayout value) {
        return new SimulationParameters(kernel, alpha, alphaZRatio, d, lattice, line, value, layoutSeed, sequence);
    }

    public SimulationParameters withLayoutSeed(long value) {
        return new SimulationParameters(kernel, alpha, alphaZRatio, d, lattice, line, layout, value, sequence);
    }

    public SimulationParameters withSequence(EchoSequence value) {
        return new SimulationParameters(kernel, alpha, alphaZRatio, d, lattice, line, layout, layoutSeed, value);
    }

    /** The spectrum (offsets and weights) these parameters put on the lattice. */
    public Spectrum spectrum() {
        return Spectrum.of(lattice.size(), line, layout, layoutSeed);
    }
}
