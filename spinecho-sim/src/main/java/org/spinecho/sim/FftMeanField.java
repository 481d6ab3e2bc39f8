package org.spinecho.sim;

import org.jtransforms.fft.DoubleFFT_2D;

/**
 * The mean field as a circular convolution by 2D FFT (convolution theorem):
 * B = IFFT(FFT(J) · FFT(w)). Because J(r) is even on the periodic lattice its transform Ĵ is
 * real, so two real fields ride in one complex transform: (w_x + i·w_y) ⊛ J = B_x + i·B_y.
 * w_z goes alone. Arrays are row-major with rows j and columns i, so the flat index is the
 * spin index k = i + L1·j.
 */
final class FftMeanField implements MeanField {
    private final int n;
    private final DoubleFFT_2D fft;
    /** Ĵ / N: the real transform of the kernel with the inverse transform's 1/N folded in. */
    private final double[] kernelHat;
    private final double[] xy;
    private final double[] z;

    FftMeanField(Lattice lattice, double[] kernelTable) {
        this.n = lattice.size();
        this.fft = new DoubleFFT_2D(lattice.l2(), lattice.l1());
        double[] c = new double[2 * n];
        for (int k = 0; k < n; k++) {
            c[2 * k] = kernelTable[k];
        }
        fft.complexForward(c);
        this.kernelHat = new double[n];
        double maxRe = 0;
        double maxIm = 0;
        for (int f = 0; f < n; f++) {
            kernelHat[f] = c[2 * f] / n; // Ĵ_f / N
            maxRe = Math.max(maxRe, Math.abs(c[2 * f]));
            maxIm = Math.max(maxIm, Math.abs(c[2 * f + 1]));
        }
        if (maxIm > 1e-9 * Math.max(1, maxRe)) {
            throw new IllegalStateException("kernel transform is not real: the kernel table is not even");
        }
        this.xy = new double[2 * n];
        this.z = new double[2 * n];
    }

    @Override
    public void compute(double[] wx, double[] wy, double[] wz, double[] bx, double[] by, double[] bz) {
        boolean doXy = bx != null || by != null;
        boolean doZ = bz != null;
        if (doXy) {
            for (int k = 0; k < n; k++) {
                xy[2 * k] = bx != null ? wx[k] : 0;
                xy[2 * k + 1] = by != null ? wy[k] : 0;
            }
            convolve(xy);
            for (int k = 0; k < n; k++) {
                if (bx != null) {
                    bx[k] = xy[2 * k];
                }
                if (by != null) {
                    by[k] = xy[2 * k + 1];
                }
            }
        }
        if (doZ) {
            for (int k = 0; k < n; k++) {
                z[2 * k] = wz[k];
                z[2 * k + 1] = 0;
            }
            convolve(z);
            for (int k = 0; k < n; k++) {
                bz[k] = z[2 * k];
            }
        }
    }

    private void convolve(double[] c) {
        fft.complexForward(c);
        for (int f = 0; f < n; f++) {
            double s = kernelHat[f];
            c[2 * f] *= s;
            c[2 * f + 1] *= s;
        }
        fft.complexInverse(c, false); // 1/N already in kernelHat
    }
}
