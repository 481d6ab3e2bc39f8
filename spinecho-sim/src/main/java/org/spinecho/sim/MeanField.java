package org.spinecho.sim;

/**
 * Computes the mean fields B_k = Σ_k' J(r_kk')·w_k' of weighted Bloch vectors w_k' = P_k'·m_k'
 * on a periodic lattice (docs/model.md, "Dynamics"). Instances hold scratch buffers: one per thread.
 */
public interface MeanField {

    /**
     * Writes B = J ⊛ w for the three components. Any output array may be null to skip that
     * component (its input is then ignored too).
     */
    void compute(double[] wx, double[] wy, double[] wz, double[] bx, double[] by, double[] bz);

    /** A mean field of the chosen method for this lattice and kernel. */
    static MeanField of(MeanFieldMethod method, Lattice lattice, CouplingKernel kernel) {
        double[] table = lattice.kernelTable(kernel);
        return switch (method) {
            case FFT -> new FftMeanField(lattice, table);
            case DIRECT -> new DirectMeanField(lattice, table);
        };
    }
}
