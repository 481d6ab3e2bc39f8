package org.spinecho.sim;

import org.jtransforms.fft.DoubleFFT_1D;
import org.jtransforms.fft.DoubleFFT_2D;

/**
 * The mean field as a circular convolution by JTransforms' 2D FFT, for the lattices that
 * {@link FftMeanField} does not handle (odd L2, or a side with a prime factor above 7):
 * B = IFFT(FFT(J) · FFT(w)). J(r) is even on the periodic lattice, so its transform Ĵ is real
 * and even in each frequency index. Two consequences are used:
 * <ul>
 *   <li>two real fields ride in one complex transform: (w_x + i·w_y) ⊛ J = B_x + i·B_y;</li>
 *   <li>the third field w_z, alone, goes through a real-input transform: real FFTs of the
 *       rows, complex FFTs of only the L1/2 + 1 non-redundant columns, the product with Ĵ,
 *       and the way back. This costs about half a complex 2D transform.</li>
 * </ul>
 * Arrays are row-major with rows j and columns i, so the flat index is the spin index
 * k = i + L1·j.
 */
final class JTransformsMeanField implements MeanField {
    private final int l1;
    private final int l2;
    private final int n;
    private final DoubleFFT_2D fft2;
    private final DoubleFFT_1D rowFft;
    private final DoubleFFT_1D columnFft;
    /** Ĵ(k1, k2) / N at index k1 + L1·k2: the kernel's real transform with 1/N folded in. */
    private final double[] kernelHat;
    private final double scaleXy;
    private final double scaleZ;
    /** For each non-redundant row frequency k1 ≤ L1/2: where its Re and Im sit in a packed real row FFT (−1: none). */
    private final int[] packedRe;
    private final int[] packedIm;
    private final double[] xy;
    private final double[] z;
    private final double[] column;

    JTransformsMeanField(Lattice lattice, double[] kernelTable, double scaleXy, double scaleZ) {
        this.scaleXy = scaleXy;
        this.scaleZ = scaleZ;
        this.l1 = lattice.l1();
        this.l2 = lattice.l2();
        this.n = lattice.size();
        this.fft2 = new DoubleFFT_2D(l2, l1);
        this.rowFft = new DoubleFFT_1D(l1);
        this.columnFft = new DoubleFFT_1D(l2);
        this.kernelHat = FftMeanField.kernelTransform(l1, l2, kernelTable);
        for (int f = 0; f < n; f++) {
            kernelHat[f] /= n; // Ĵ_f / N
        }
        // JTransforms' packed layout of a real FFT of length L1: a[2k] = Re_k, a[2k+1] = Im_k for
        // 0 < k < L1/2; a[0] = Re_0; a[1] = Re_{L1/2} (L1 even) or Im_{(L1−1)/2} (L1 odd).
        int columns = l1 / 2 + 1;
        this.packedRe = new int[columns];
        this.packedIm = new int[columns];
        for (int k1 = 0; k1 < columns; k1++) {
            if (k1 == 0) {
                packedRe[k1] = 0;
                packedIm[k1] = -1;
            } else if (l1 % 2 == 0 && k1 == l1 / 2) {
                packedRe[k1] = 1;
                packedIm[k1] = -1;
            } else if (l1 % 2 == 1 && k1 == (l1 - 1) / 2) {
                packedRe[k1] = 2 * k1;
                packedIm[k1] = 1;
            } else {
                packedRe[k1] = 2 * k1;
                packedIm[k1] = 2 * k1 + 1;
            }
        }
        this.xy = new double[2 * n];
        this.z = new double[n];
        this.column = new double[2 * l2];
    }

    @Override
    public void compute(double[] wx, double[] wy, double[] wz, double[] bx, double[] by, double[] bz) {
        if (bx != null || by != null) {
            for (int k = 0; k < n; k++) {
                xy[2 * k] = bx != null ? wx[k] : 0;
                xy[2 * k + 1] = by != null ? wy[k] : 0;
            }
            fft2.complexForward(xy);
            for (int f = 0; f < n; f++) {
                double s = scaleXy * kernelHat[f];
                xy[2 * f] *= s;
                xy[2 * f + 1] *= s;
            }
            fft2.complexInverse(xy, false); // 1/N already in kernelHat
            for (int k = 0; k < n; k++) {
                if (bx != null) {
                    bx[k] = xy[2 * k];
                }
                if (by != null) {
                    by[k] = xy[2 * k + 1];
                }
            }
        }
        if (bz != null) {
            System.arraycopy(wz, 0, z, 0, n);
            convolveReal(z);
            System.arraycopy(z, 0, bz, 0, n);
        }
    }

    /** In place: a ← J ⊛ a for a real field, by row real FFTs and column complex FFTs. */
    private void convolveReal(double[] a) {
        for (int j = 0; j < l2; j++) {
            rowFft.realForward(a, j * l1); // FFT along i of row j, packed
        }
        for (int k1 = 0; k1 < packedRe.length; k1++) {
            int re = packedRe[k1];
            int im = packedIm[k1];
            for (int j = 0; j < l2; j++) {
                column[2 * j] = a[j * l1 + re];
                column[2 * j + 1] = im >= 0 ? a[j * l1 + im] : 0;
            }
            columnFft.complexForward(column); // FFT along j
            for (int k2 = 0; k2 < l2; k2++) {
                double s = scaleZ * kernelHat[k1 + l1 * k2] * l1; // Ĵ(k1, k2) / L2 (the row inverse divides by L1)
                column[2 * k2] *= s;
                column[2 * k2 + 1] *= s;
            }
            columnFft.complexInverse(column, false);
            for (int j = 0; j < l2; j++) {
                a[j * l1 + re] = column[2 * j];
                if (im >= 0) {
                    a[j * l1 + im] = column[2 * j + 1];
                }
            }
        }
        for (int j = 0; j < l2; j++) {
            // scaled inverse: JTransforms' unscaled real inverse is off by a factor 2 for some lengths
            rowFft.realInverse(a, j * l1, true);
        }
    }
}
