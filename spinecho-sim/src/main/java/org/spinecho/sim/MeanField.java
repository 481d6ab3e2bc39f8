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

    /**
     * The coupling parts of the precession vector straight from the state, as the integrator
     * needs them: bx = s·J ⊛ (P·m_x), by = s·J ⊛ (P·m_y) and bz = Δ + s_z·J ⊛ (P·m_z), with the
     * same bits as {@link #compute} on w = P·m (computed as {@code weights[k] * m[k]}) followed by
     * {@code bz[k] = offsets[k] + bz[k]}. Output arrays may be null as in {@link #compute}.
     * This default does exactly that, in the scratch arrays {@code wx, wy, wz}; an implementation
     * may fuse the multiplication and the addition into its own passes (and ignore the scratch).
     */
    default void computeFromState(double[] weights, double[] mx, double[] my, double[] mz, double[] offsets,
                                  double[] bx, double[] by, double[] bz,
                                  double[] wx, double[] wy, double[] wz) {
        int n = weights.length;
        for (int k = 0; k < n; k++) {
            double w = weights[k];
            wx[k] = w * mx[k];
            wy[k] = w * my[k];
            wz[k] = w * mz[k];
        }
        compute(wx, wy, wz, bx, by, bz);
        if (bz != null) {
            for (int k = 0; k < n; k++) {
                bz[k] = offsets[k] + bz[k];
            }
        }
    }

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
        return of(method, lattice, kernel, scaleXy, scaleZ, 1);
    }

    /**
     * As {@link #of(MeanFieldMethod, Lattice, CouplingKernel, double, double)} for {@code layouts}
     * fields of the lattice per call: every array passed to {@link #compute} then holds layout b
     * at [b·N, (b+1)·N). Each layout's result has the same bits as with one layout per call.
     */
    static MeanField of(MeanFieldMethod method, Lattice lattice, CouplingKernel kernel,
                        double scaleXy, double scaleZ, int layouts) {
        double[] table = lattice.kernelTable(kernel);
        if (method == MeanFieldMethod.FFT && FftMeanField.supports(lattice)) {
            return new FftMeanField(lattice, table, scaleXy, scaleZ, layouts);
        }
        MeanField one = method == MeanFieldMethod.FFT
                ? new JTransformsMeanField(lattice, table, scaleXy, scaleZ)
                : new DirectMeanField(lattice, table, scaleXy, scaleZ);
        return layouts == 1 ? one : new LayoutByLayoutMeanField(one, lattice.size(), layouts);
    }
}
