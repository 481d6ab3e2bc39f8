package org.spinecho.sim;

import org.jtransforms.fft.DoubleFFT_2D;

/**
 * The mean field as a circular convolution by 2D FFT (convolution theorem), B = s·IFFT(Ĵ·FFT(w)),
 * with the lattice FFT of {@link LaneFft}: for lattices with an even L2 whose sides have prime
 * factors 2, 3, 5, 7 only (50 × 50, 100 × 100, 200 × 200, …; see {@link #supports}).
 *
 * <p>J(r) is even on the periodic lattice, so its transform Ĵ is real, and a real field
 * convolved with it stays real. Two consequences make one step cost one and a half complex 2D
 * transforms each way:
 * <ul>
 *   <li>w_x and w_y ride in one complex field, (w_x + i·w_y) ⊛ J = B_x + i·B_y, multiplied by the
 *       real Ĵ in the middle;</li>
 *   <li>w_z alone is packed by row pairs, z = w_z(even rows) + i·w_z(odd rows), a complex field of
 *       half the size. Its transform gives the even- and odd-row transforms of w_z; the product
 *       with Ĵ of the full lattice and the way back to the two halves combine into one linear map
 *       Z'(k) = a(k)·Z(k) + i·c(k)·conj Z(−k) with real a, c, so that the inverse half-size
 *       transform yields B_z(even rows) + i·B_z(odd rows) directly.</li>
 * </ul>
 * A 2D transform is a pass along j (each lattice row is one row of {@link LaneFft}, all
 * columns transformed together as lanes), a transpose, and a pass along i (the former columns as
 * lanes). The pass along i is one transform for both fields: its rows hold the L2 lanes of the
 * x–y field followed by the L2/2 lanes of the packed z field.
 *
 * <p>Every buffer is allocated once; a step allocates nothing. Arrays are row-major with rows j
 * and columns i, flat index k = i + L1·j. The scales s (α for x and y, α_z for z) are folded into
 * the kernel's transform.
 */
final class FftMeanField implements MeanField {
    private final int l1;
    private final int l2;
    private final int h2; // L2/2
    private final int layouts; // lattices convolved side by side (lanes), each its own w
    private final int width; // lanes of the pass along i per layout: L2 (x–y) + H2 (packed z)
    private final LaneFft fftI;
    private final LaneFft fftJ;
    private final LaneFft fftJHalf;
    /** Row k1: s_xy·Ĵ(k1, k2)/N at k2 (the transposed layout of the spectrum). */
    private final double[][] kernelXy;
    /** Row k1: the map Z' = a·Z + i·c·conj Z(−k) of the packed z field at k2' &lt; H2. */
    private final double[][] packedA;
    private final double[][] packedC;
    // Rows of the passes along j: x–y (L2 rows of L1) and packed z (H2 rows of L1).
    private final double[][] xyRe;
    private final double[][] xyIm;
    private final double[][] xyOutRe;
    private final double[][] xyOutIm;
    private final double[][] xyScratchRe;
    private final double[][] xyScratchIm;
    private final double[][] zRe;
    private final double[][] zIm;
    private final double[][] zOutRe;
    private final double[][] zOutIm;
    private final double[][] zScratchRe;
    private final double[][] zScratchIm;
    // Rows of the pass along i: L1 rows of L2 + H2 lanes.
    private final double[][] iRe;
    private final double[][] iIm;
    private final double[][] iOutRe;
    private final double[][] iOutIm;
    private final double[][] iScratchRe;
    private final double[][] iScratchIm;

    /** Whether this class handles the lattice: L2 even, both sides with prime factors ≤ 7. */
    static boolean supports(Lattice lattice) {
        return lattice.l2() % 2 == 0 && LaneFft.supports(lattice.l1()) && LaneFft.supports(lattice.l2());
    }

    /**
     * @param kernelTable J at index δi + L1·δj (see {@link Lattice#kernelTable})
     * @param scaleXy     factor of B_x and B_y
     * @param scaleZ      factor of B_z
     * @param layouts     how many fields of one lattice each call convolves (≥ 1): the arrays
     *                    passed to {@link #compute} hold layout b at [b·N, (b+1)·N)
     */
    FftMeanField(Lattice lattice, double[] kernelTable, double scaleXy, double scaleZ, int layouts) {
        if (layouts < 1) {
            throw new IllegalArgumentException("layouts must be >= 1, got " + layouts);
        }
        this.layouts = layouts;
        if (!supports(lattice)) {
            throw new IllegalArgumentException("lattice " + lattice + " needs the general FFT");
        }
        this.l1 = lattice.l1();
        this.l2 = lattice.l2();
        this.h2 = l2 / 2;
        this.width = l2 + h2;
        int n = lattice.size();
        this.fftI = new LaneFft(l1);
        this.fftJ = new LaneFft(l2);
        this.fftJHalf = new LaneFft(h2);
        double[] jHat = kernelTransform(l1, l2, kernelTable);
        this.kernelXy = new double[l1][l2];
        this.packedA = new double[l1][h2];
        this.packedC = new double[l1][h2];
        double norm = scaleZ / (l1 * h2); // the inverse half-size transform is unnormalised
        for (int k1 = 0; k1 < l1; k1++) {
            for (int k2 = 0; k2 < l2; k2++) {
                kernelXy[k1][k2] = scaleXy * jHat[k1 + l1 * k2] / n;
            }
            for (int k2 = 0; k2 < h2; k2++) {
                double low = jHat[k1 + l1 * k2];
                double high = jHat[k1 + l1 * (k2 + h2)];
                double p = 0.5 * (low + high);
                double q = 0.5 * (low - high);
                double theta = 2 * Math.PI * k2 / l2;
                packedA[k1][k2] = norm * (p - q * Math.sin(theta));
                packedC[k1][k2] = norm * (q * Math.cos(theta));
            }
        }
        int jLanes = layouts * l1;
        int iLanes = layouts * width;
        this.xyRe = new double[l2][jLanes];
        this.xyIm = new double[l2][jLanes];
        this.xyOutRe = new double[l2][jLanes];
        this.xyOutIm = new double[l2][jLanes];
        this.xyScratchRe = new double[l2][jLanes];
        this.xyScratchIm = new double[l2][jLanes];
        this.zRe = new double[h2][jLanes];
        this.zIm = new double[h2][jLanes];
        this.zOutRe = new double[h2][jLanes];
        this.zOutIm = new double[h2][jLanes];
        this.zScratchRe = new double[h2][jLanes];
        this.zScratchIm = new double[h2][jLanes];
        this.iRe = new double[l1][iLanes];
        this.iIm = new double[l1][iLanes];
        this.iOutRe = new double[l1][iLanes];
        this.iOutIm = new double[l1][iLanes];
        this.iScratchRe = new double[l1][iLanes];
        this.iScratchIm = new double[l1][iLanes];
    }

    /** Ĵ(k1, k2) at k1 + L1·k2: the kernel table's 2D transform, real because J is even. */
    static double[] kernelTransform(int l1, int l2, double[] kernelTable) {
        int n = l1 * l2;
        double[] c = new double[2 * n];
        for (int k = 0; k < n; k++) {
            c[2 * k] = kernelTable[k];
        }
        new DoubleFFT_2D(l2, l1).complexForward(c);
        double[] re = new double[n];
        double maxRe = 0;
        double maxIm = 0;
        for (int f = 0; f < n; f++) {
            re[f] = c[2 * f];
            maxRe = Math.max(maxRe, Math.abs(c[2 * f]));
            maxIm = Math.max(maxIm, Math.abs(c[2 * f + 1]));
        }
        if (maxIm > 1e-9 * Math.max(1, maxRe)) {
            throw new IllegalStateException("kernel transform is not real: the kernel table is not even");
        }
        return re;
    }

    @Override
    public void compute(double[] wx, double[] wy, double[] wz, double[] bx, double[] by, double[] bz) {
        convolve(null, wx, wy, wz, null, bx, by, bz);
    }

    /** As the default, with P·m formed while packing the transform's input and Δ added while unpacking B_z. */
    @Override
    public void computeFromState(double[] weights, double[] mx, double[] my, double[] mz, double[] offsets,
                                 double[] bx, double[] by, double[] bz,
                                 double[] wx, double[] wy, double[] wz) {
        convolve(weights, mx, my, mz, offsets, bx, by, bz);
    }

    /**
     * B = s·J ⊛ (P·m), the input multiplied by {@code weights} while packed (none if null), and
     * {@code offsets} (if not null) added to B_z while unpacked.
     */
    private void convolve(double[] weights, double[] wx, double[] wy, double[] wz, double[] offsets,
                          double[] bx, double[] by, double[] bz) {
        boolean xy = bx != null || by != null;
        boolean z = bz != null;
        if (!xy && !z) {
            return;
        }
        int n = l1 * l2;
        int jLanes = layouts * l1;
        // Forward along j, into the rows of the pass along i (transposed). Layout b occupies
        // lanes [b·L1, (b+1)·L1) along j and [b·W, (b+1)·W) along i, W = L2 + H2.
        if (xy) {
            for (int j = 0; j < l2; j++) {
                for (int b = 0; b < layouts; b++) {
                    copyRow(bx != null ? wx : null, weights, b * n + j * l1, xyRe[j], b * l1);
                    copyRow(by != null ? wy : null, weights, b * n + j * l1, xyIm[j], b * l1);
                }
            }
            fftJ.forward(xyRe, xyIm, xyOutRe, xyOutIm, xyScratchRe, xyScratchIm, jLanes); // [k2][i]
            for (int b = 0; b < layouts; b++) {
                transposeInto(xyOutRe, b * l1, iRe, b * width, l2, l1);
                transposeInto(xyOutIm, b * l1, iIm, b * width, l2, l1); // [i][k2]
            }
        }
        if (z) {
            for (int j = 0; j < h2; j++) { // z = wz(row 2j') + i·wz(row 2j'+1)
                for (int b = 0; b < layouts; b++) {
                    copyRow(wz, weights, b * n + 2 * j * l1, zRe[j], b * l1);
                    copyRow(wz, weights, b * n + (2 * j + 1) * l1, zIm[j], b * l1);
                }
            }
            fftJHalf.forward(zRe, zIm, zOutRe, zOutIm, zScratchRe, zScratchIm, jLanes); // [k2'][i]
            for (int b = 0; b < layouts; b++) {
                transposeInto(zOutRe, b * l1, iRe, b * width + l2, h2, l1);
                transposeInto(zOutIm, b * l1, iIm, b * width + l2, h2, l1); // [i][L2 + k2']
            }
        }
        // Along i for both fields at once (a field not computed rides along as stale numbers,
        // lane by lane independent of the other).
        fftI.forward(iRe, iIm, iOutRe, iOutIm, iScratchRe, iScratchIm, layouts * width); // [k1][·]
        multiplyByKernel(xy, z);
        // Inverse (the forward transform with real and imaginary parts exchanged) along i …
        fftI.forward(iIm, iRe, iOutIm, iOutRe, iScratchIm, iScratchRe, layouts * width); // [i][·]
        // … and along j, back into the lattice rows.
        if (xy) {
            for (int b = 0; b < layouts; b++) {
                transposeFrom(iOutRe, b * width, xyRe, b * l1, l2, l1);
                transposeFrom(iOutIm, b * width, xyIm, b * l1, l2, l1); // [k2][i]
            }
            fftJ.forward(xyIm, xyRe, xyOutIm, xyOutRe, xyScratchIm, xyScratchRe, jLanes); // [j][i]
            for (int j = 0; j < l2; j++) {
                for (int b = 0; b < layouts; b++) {
                    if (bx != null) {
                        System.arraycopy(xyOutRe[j], b * l1, bx, b * n + j * l1, l1);
                    }
                    if (by != null) {
                        System.arraycopy(xyOutIm[j], b * l1, by, b * n + j * l1, l1);
                    }
                }
            }
        }
        if (z) {
            for (int b = 0; b < layouts; b++) {
                transposeFrom(iOutRe, b * width + l2, zRe, b * l1, h2, l1);
                transposeFrom(iOutIm, b * width + l2, zIm, b * l1, h2, l1); // [k2'][i]
            }
            fftJHalf.forward(zIm, zRe, zOutIm, zOutRe, zScratchIm, zScratchRe, jLanes); // [j'][i]
            for (int j = 0; j < h2; j++) { // even rows from the real part, odd rows from the imaginary part
                for (int b = 0; b < layouts; b++) {
                    unpackRow(zOutRe[j], b * l1, offsets, bz, b * n + 2 * j * l1);
                    unpackRow(zOutIm[j], b * l1, offsets, bz, b * n + (2 * j + 1) * l1);
                }
            }
        }
    }

    /**
     * The product with the kernel's transform, iOut → i rows: s·Ĵ for the x–y lanes, the map
     * Z' = a·Z + i·c·conj Z(−k) for the packed z lanes. (Its own method: smaller compilations
     * for the JIT.)
     */
    private void multiplyByKernel(boolean xy, boolean z) {
        for (int k1 = 0; k1 < l1; k1++) {
            double[] inRe = iOutRe[k1];
            double[] inIm = iOutIm[k1];
            double[] outRe = iRe[k1];
            double[] outIm = iIm[k1];
            int minus = (l1 - k1) % l1; // −k1
            double[] partnerRe = iOutRe[minus];
            double[] partnerIm = iOutIm[minus];
            double[] kernel = kernelXy[k1];
            double[] a = packedA[k1];
            double[] c = packedC[k1];
            for (int b = 0; b < layouts; b++) {
                int base = b * width;
                if (xy) {
                    for (int k2 = 0; k2 < l2; k2++) {
                        double s = kernel[k2];
                        outRe[base + k2] = s * inRe[base + k2];
                        outIm[base + k2] = s * inIm[base + k2];
                    }
                }
                if (z) {
                    int zBase = base + l2;
                    // Z' = a·Z + i·c·conj Z(−k), −k2' = 0 at k2' = 0 and H2 − k2' otherwise
                    outRe[zBase] = a[0] * inRe[zBase] + c[0] * partnerIm[zBase];
                    outIm[zBase] = a[0] * inIm[zBase] + c[0] * partnerRe[zBase];
                    for (int k2 = 1; k2 < h2; k2++) {
                        int g = zBase + h2 - k2;
                        outRe[zBase + k2] = a[k2] * inRe[zBase + k2] + c[k2] * partnerIm[g];
                        outIm[zBase + k2] = a[k2] * inIm[zBase + k2] + c[k2] * partnerRe[g];
                    }
                }
            }
        }
    }

    /**
     * row[at … at + L1) ← source[from … from + L1), times weights[from …] if not null, or zeros
     * for a null source.
     */
    private void copyRow(double[] source, double[] weights, int from, double[] row, int at) {
        if (source == null) {
            java.util.Arrays.fill(row, at, at + l1, 0);
        } else if (weights == null) {
            System.arraycopy(source, from, row, at, l1);
        } else {
            for (int i = 0; i < l1; i++) {
                row[at + i] = weights[from + i] * source[from + i]; // w = P·m
            }
        }
    }

    /** out[to … to + L1) ← row[from … from + L1), plus offsets[to …] if not null. */
    private void unpackRow(double[] row, int from, double[] offsets, double[] out, int to) {
        if (offsets == null) {
            System.arraycopy(row, from, out, to, l1);
        } else {
            for (int i = 0; i < l1; i++) {
                out[to + i] = offsets[to + i] + row[from + i]; // Ω_z = Δ + α_z·B_z
            }
        }
    }

    /**
     * dst[c][to + r] = src[r][from + c] for r &lt; rows, c &lt; cols: four source rows at a time,
     * so that each destination row is fetched once for four stores.
     */
    static void transposeInto(double[][] src, int from, double[][] dst, int to, int rows, int cols) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            double[] s0 = src[r];
            double[] s1 = src[r + 1];
            double[] s2 = src[r + 2];
            double[] s3 = src[r + 3];
            int d = to + r;
            for (int c = 0; c < cols; c++) {
                double[] row = dst[c];
                row[d] = s0[from + c];
                row[d + 1] = s1[from + c];
                row[d + 2] = s2[from + c];
                row[d + 3] = s3[from + c];
            }
        }
        for (; r < rows; r++) {
            double[] s0 = src[r];
            int d = to + r;
            for (int c = 0; c < cols; c++) {
                dst[c][d] = s0[from + c];
            }
        }
    }

    /** dst[r][to + c] = src[c][from + r] for r &lt; rows, c &lt; cols: four destination rows at a time. */
    static void transposeFrom(double[][] src, int from, double[][] dst, int to, int rows, int cols) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            double[] d0 = dst[r];
            double[] d1 = dst[r + 1];
            double[] d2 = dst[r + 2];
            double[] d3 = dst[r + 3];
            int f = from + r;
            for (int c = 0; c < cols; c++) {
                double[] row = src[c];
                d0[to + c] = row[f];
                d1[to + c] = row[f + 1];
                d2[to + c] = row[f + 2];
                d3[to + c] = row[f + 3];
            }
        }
        for (; r < rows; r++) {
            double[] d0 = dst[r];
            int f = from + r;
            for (int c = 0; c < cols; c++) {
                d0[to + c] = src[c][f];
            }
        }
    }
}
