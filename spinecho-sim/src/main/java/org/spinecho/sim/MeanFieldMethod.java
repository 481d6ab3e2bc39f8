package org.spinecho.sim;

/** How the mean fields B_k = Σ_k' P_k'·J(r_kk')·m_k' are computed. */
public enum MeanFieldMethod {
    /** Circular convolution by 2D FFT: O(N log N) per step. The default. */
    FFT,
    /** The direct double sum over all pairs: O(N²) per step. The reference implementation. */
    DIRECT
}
