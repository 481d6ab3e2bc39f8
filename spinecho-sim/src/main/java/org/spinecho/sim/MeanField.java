package org.spinecho.sim;

/**
 * Computes the mean fields B_k = Σ_k' J(r_kk')·w_k' of weighted Bloch vectors w_k' = P_k'·m_k'
 * on a periodic lattice (docs/model.md, "Dynamics"), optionally times a fixed factor per component (the
 * integrator folds α and α_z in, so that the result is the precession vector's coupling part).
 * Instances hold scratch buffers: one per thread.
 */
public interface MeanField {

    /**
     * Writes B = s·J ⊛ w for the three components (s = 1 unless the mean field was made with
     * factors). Any output array may be null to skip that
     * component (its input is then ignored too).
     */
    void compute(double[] wx, double[] wy, double[] wz, double[] bx, double[] by, double[] bz);

    /** A mean field of the chosen method for this lattice and kernel. */
    static MeanField of(MeanFieldMethod method, Lattice lattice, CouplingKernel kernel) {
        return of(method, lattice, kernel, 1, 1);
    }

    /**
     * A mean field computing B_x, B_y times {@code scaleXy} and B_z times {@code scaleZ}. The FFT
     * method uses the lattice FFT where it applies (L2 even, sides with prime factors ≤ 7) and
     * JTransforms otherwise.
     */
    static MeanField of(MeanFieldMethod method, Lattice lattice, CouplingKernel kernel,
                        double scaleXy, double scaleZ) {
        double[] table = lattice.kernelTable(kernel);
        return switch (method) {
            case FFT -> FftMeanField.supports(lattice)
                    ? new FftMeanField(lattice, table, scaleXy, scaleZ)
                    : new JTransformsMeanField(lattice, table, scaleXy, scaleZ);
            case DIRECT -> new DirectMeanField(lattice, table, scaleXy, scaleZ);
        };
    }
}
