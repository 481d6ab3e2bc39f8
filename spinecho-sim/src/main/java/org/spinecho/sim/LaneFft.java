package org.spinecho.sim;

/**
 * A complex FFT of one length L applied to many vectors at once ("lanes"), written for the
 * lattice sizes the simulator uses (lengths whose prime factors are 2, 3, 5 and 7).
 *
 * <p>The data are split into real and imaginary parts (structure of arrays) and into rows:
 * element t of lane e is {@code re[t][e]}, i.e. the transform runs across the rows and the lanes
 * are contiguous within a row. Every butterfly is therefore a loop over the lanes with the same
 * twiddle factors, a simple loop that the JIT compiles to SIMD instructions. The algorithm is
 * the Stockham autosort FFT (decimation in frequency, mixed radix 2, 3, 4, 5, 7): each stage reads
 * one buffer and writes the other, and the output is in natural order without a bit-reversal
 * pass. Twiddles are computed once, in the constructor.
 *
 * <p>Each lane's result is computed by the same sequence of floating-point operations whatever
 * the number of lanes, so results do not depend on how many vectors are transformed together.
 * The inverse transform (unnormalised, e^{+2πi…}) is the forward one with real and imaginary
 * parts exchanged on input and output.
 */
final class LaneFft {
    private final int length;
    private final int[] radices;
    /** Per stage: twiddles w^{jk} (w = e^{−2πi/n}), for j &lt; m, 1 ≤ k &lt; p, at [j·(p−1) + k−1]. */
    private final double[][] twiddleRe;
    private final double[][] twiddleIm;

    private static final double C3 = -0.5; // cos(2π/3)
    private static final double S3 = Math.sqrt(3) / 2; // sin(2π/3)
    private static final double C51 = Math.cos(2 * Math.PI / 5);
    private static final double C52 = Math.cos(4 * Math.PI / 5);
    private static final double S51 = Math.sin(2 * Math.PI / 5);
    private static final double S52 = Math.sin(4 * Math.PI / 5);
    private static final double C71 = Math.cos(2 * Math.PI / 7);
    private static final double C72 = Math.cos(4 * Math.PI / 7);
    private static final double C73 = Math.cos(6 * Math.PI / 7);
    private static final double S71 = Math.sin(2 * Math.PI / 7);
    private static final double S72 = Math.sin(4 * Math.PI / 7);
    private static final double S73 = Math.sin(6 * Math.PI / 7);

    /**
     * @throws IllegalArgumentException if {@code length} has a prime factor above 7 (see
     *                                  {@link #supports})
     */
    LaneFft(int length) {
        if (!supports(length)) {
            throw new IllegalArgumentException("no lane FFT for length " + length);
        }
        this.length = length;
        this.radices = factor(length);
        this.twiddleRe = new double[radices.length][];
        this.twiddleIm = new double[radices.length][];
        int n = length;
        for (int stage = 0; stage < radices.length; stage++) {
            int p = radices[stage];
            int m = n / p;
            double[] re = new double[m * (p - 1)];
            double[] im = new double[m * (p - 1)];
            for (int j = 0; j < m; j++) {
                for (int k = 1; k < p; k++) {
                    // w_n^{jk}, reduced mod n so that the angle is accurate
                    long e = ((long) j * k) % n;
                    double angle = -2 * Math.PI * e / n;
                    re[j * (p - 1) + k - 1] = Math.cos(angle);
                    im[j * (p - 1) + k - 1] = Math.sin(angle);
                }
            }
            twiddleRe[stage] = re;
            twiddleIm[stage] = im;
            n = m;
        }
    }

    /** Whether this class transforms vectors of this length: ≥ 1 with prime factors 2, 3, 5, 7 only. */
    static boolean supports(int length) {
        if (length < 1) {
            return false;
        }
        int n = length;
        for (int p : new int[] {2, 3, 5, 7}) {
            while (n % p == 0) {
                n /= p;
            }
        }
        return n == 1;
    }

    /** Radices in stage order: 4s first, then a 2, then 3s, 5s and 7s. */
    private static int[] factor(int length) {
        int[] out = new int[32];
        int count = 0;
        int n = length;
        while (n % 4 == 0) {
            out[count++] = 4;
            n /= 4;
        }
        for (int p : new int[] {2, 3, 5, 7}) {
            while (n % p == 0) {
                out[count++] = p;
                n /= p;
            }
        }
        return java.util.Arrays.copyOf(out, count);
    }

    int length() {
        return length;
    }

    /**
     * Floating-point operations per lane of one transform, as the butterflies below do them
     * (per butterfly and lane: radix 2: 4, 3: 28 with its twiddles, 4: 16, 5: 48, 7: 108 with its
     * twiddles; plus 6 per twiddle of radices 2, 4 and 5
     * where j ≠ 0). For measured rates (GFLOP/s).
     */
    long flopsPerLane() {
        long flops = 0;
        int n = length;
        int s = 1;
        for (int p : radices) {
            int m = n / p;
            long butterflies = (long) m * s;
            long twiddled = (long) (m - 1) * s;
            switch (p) {
                case 2 -> flops += 4 * butterflies + 6 * twiddled;
                case 3 -> flops += (16 + 12) * butterflies; // radix 3 multiplies by its twiddles at j = 0 too
                case 4 -> flops += 16 * butterflies + 18 * twiddled;
                case 5 -> flops += 48 * butterflies + 24 * twiddled;
                default -> flops += (72 + 36) * butterflies;
            }
            n = m;
            s *= p;
        }
        return flops;
    }

    /** How many stages (each one pass over the data). */
    int stages() {
        return radices.length;
    }

    /**
     * The forward transform along the rows: row t of the input is {@code inRe[t]}, {@code inIm[t]}
     * (t &lt; L), each holding {@code lanes} values (one per vector) from index 0; the result goes to
     * the rows {@code outRe[f]}, {@code outIm[f]}. The input rows are only read; the scratch rows
     * (L each, at least {@code lanes} long) are overwritten. Output and scratch rows must be
     * distinct arrays, and distinct from the input rows.
     *
     * <p>Rows are separate arrays, and every loop reads and writes them at the same index, the
     * lane: a loop the JIT can vectorise without proving that arrays do not overlap.
     *
     * <p>For the inverse, pass the im rows for re and the re rows for im, on input and output.
     */
    void forward(double[][] inRe, double[][] inIm, double[][] outRe, double[][] outIm,
                 double[][] scratchRe, double[][] scratchIm, int lanes) {
        int stages = radices.length;
        if (stages == 0) { // length 1: copy
            System.arraycopy(inRe[0], 0, outRe[0], 0, lanes);
            System.arraycopy(inIm[0], 0, outIm[0], 0, lanes);
            return;
        }
        // Ping-pong so that the last stage writes the output: stage i writes the output if
        // (stages − 1 − i) is even, the scratch otherwise.
        double[][] xr = inRe;
        double[][] xi = inIm;
        int n = length;
        int s = 1;
        for (int stage = 0; stage < stages; stage++) {
            boolean toOutput = (stages - 1 - stage) % 2 == 0;
            double[][] yr = toOutput ? outRe : scratchRe;
            double[][] yi = toOutput ? outIm : scratchIm;
            int p = radices[stage];
            int m = n / p;
            double[] tr = twiddleRe[stage];
            double[] ti = twiddleIm[stage];
            // Stockham DIF stage: row q + s·(j + k·m) → row q + s·(p·j + k), q < s, k < p
            for (int j = 0; j < m; j++) {
                for (int q = 0; q < s; q++) {
                    int in = s * j + q;
                    int inStep = s * m;
                    int out = s * p * j + q;
                    switch (p) {
                        case 2 -> radix2(xr, xi, in, inStep, yr, yi, out, s, lanes, tr, ti, j);
                        case 3 -> radix3(xr, xi, in, inStep, yr, yi, out, s, lanes, tr, ti, j);
                        case 4 -> radix4(xr, xi, in, inStep, yr, yi, out, s, lanes, tr, ti, j);
                        case 5 -> radix5(xr, xi, in, inStep, yr, yi, out, s, lanes, tr, ti, j);
                        default -> radix7(xr, xi, in, inStep, yr, yi, out, s, lanes, tr, ti, j);
                    }
                }
            }
            xr = yr;
            xi = yi;
            n = m;
            s *= p;
        }
    }

    private static void radix2(double[][] xr, double[][] xi, int in, int is, double[][] yr, double[][] yi,
                               int out, int os, int len, double[] tr, double[] ti, int j) {
        double[] x0r = xr[in];
        double[] x0i = xi[in];
        double[] x1r = xr[in + is];
        double[] x1i = xi[in + is];
        double[] y0r = yr[out];
        double[] y0i = yi[out];
        double[] y1r = yr[out + os];
        double[] y1i = yi[out + os];
        for (int e = 0; e < len; e++) {
            double ar = x0r[e];
            double ai = x0i[e];
            double br = x1r[e];
            double bi = x1i[e];
            y0r[e] = ar + br;
            y0i[e] = ai + bi;
            y1r[e] = ar - br;
            y1i[e] = ai - bi;
        }
        if (j == 0) {
            return;
        }
        // the twiddles w^{jk} in separate loops: a fused loop is too large for the JIT to vectorise
        twiddle(y1r, y1i, tr[j], ti[j], len);
    }

    private static void radix3(double[][] xr, double[][] xi, int in, int is, double[][] yr, double[][] yi,
                               int out, int os, int len, double[] tr, double[] ti, int j) {
        double[] x0r = xr[in];
        double[] x0i = xi[in];
        double[] x1r = xr[in + is];
        double[] x1i = xi[in + is];
        double[] x2r = xr[in + 2 * is];
        double[] x2i = xi[in + 2 * is];
        double[] y0r = yr[out];
        double[] y0i = yi[out];
        double[] y1r = yr[out + os];
        double[] y1i = yi[out + os];
        double[] y2r = yr[out + 2 * os];
        double[] y2i = yi[out + 2 * os];
        double w1r = tr[2 * j];
        double w1i = ti[2 * j];
        double w2r = tr[2 * j + 1];
        double w2i = ti[2 * j + 1];
        for (int e = 0; e < len; e++) {
            double a0r = x0r[e];
            double a0i = x0i[e];
            double a1r = x1r[e];
            double a1i = x1i[e];
            double a2r = x2r[e];
            double a2i = x2i[e];
            double t1r = a1r + a2r;
            double t1i = a1i + a2i;
            double t2r = S3 * (a1r - a2r);
            double t2i = S3 * (a1i - a2i);
            double mr = a0r + C3 * t1r;
            double mi = a0i + C3 * t1i;
            double b1r = mr + t2i; // m − i·t2
            double b1i = mi - t2r;
            double b2r = mr - t2i; // m + i·t2
            double b2i = mi + t2r;
            y0r[e] = a0r + t1r;
            y0i[e] = a0i + t1i;
            y1r[e] = b1r * w1r - b1i * w1i;
            y1i[e] = b1r * w1i + b1i * w1r;
            y2r[e] = b2r * w2r - b2i * w2i;
            y2i[e] = b2r * w2i + b2i * w2r;
        }
    }

    private static void radix4(double[][] xr, double[][] xi, int in, int is, double[][] yr, double[][] yi,
                               int out, int os, int len, double[] tr, double[] ti, int j) {
        double[] x0r = xr[in];
        double[] x0i = xi[in];
        double[] x1r = xr[in + is];
        double[] x1i = xi[in + is];
        double[] x2r = xr[in + 2 * is];
        double[] x2i = xi[in + 2 * is];
        double[] x3r = xr[in + 3 * is];
        double[] x3i = xi[in + 3 * is];
        double[] y0r = yr[out];
        double[] y0i = yi[out];
        double[] y1r = yr[out + os];
        double[] y1i = yi[out + os];
        double[] y2r = yr[out + 2 * os];
        double[] y2i = yi[out + 2 * os];
        double[] y3r = yr[out + 3 * os];
        double[] y3i = yi[out + 3 * os];
        for (int e = 0; e < len; e++) {
            double a0r = x0r[e];
            double a0i = x0i[e];
            double a1r = x1r[e];
            double a1i = x1i[e];
            double a2r = x2r[e];
            double a2i = x2i[e];
            double a3r = x3r[e];
            double a3i = x3i[e];
            double s02r = a0r + a2r;
            double s02i = a0i + a2i;
            double d02r = a0r - a2r;
            double d02i = a0i - a2i;
            double s13r = a1r + a3r;
            double s13i = a1i + a3i;
            double d13r = a1r - a3r;
            double d13i = a1i - a3i;
            y0r[e] = s02r + s13r;
            y0i[e] = s02i + s13i;
            y1r[e] = d02r + d13i; // d02 − i·d13
            y1i[e] = d02i - d13r;
            y2r[e] = s02r - s13r;
            y2i[e] = s02i - s13i;
            y3r[e] = d02r - d13i; // d02 + i·d13
            y3i[e] = d02i + d13r;
        }
        if (j == 0) {
            return;
        }
        // the twiddles w^{jk} in separate loops: a fused loop is too large for the JIT to vectorise
        twiddle(y1r, y1i, tr[3 * j + 0], ti[3 * j + 0], len);
        twiddle(y2r, y2i, tr[3 * j + 1], ti[3 * j + 1], len);
        twiddle(y3r, y3i, tr[3 * j + 2], ti[3 * j + 2], len);
    }

    private static void radix5(double[][] xr, double[][] xi, int in, int is, double[][] yr, double[][] yi,
                               int out, int os, int len, double[] tr, double[] ti, int j) {
        double[] x0r = xr[in];
        double[] x0i = xi[in];
        double[] x1r = xr[in + is];
        double[] x1i = xi[in + is];
        double[] x2r = xr[in + 2 * is];
        double[] x2i = xi[in + 2 * is];
        double[] x3r = xr[in + 3 * is];
        double[] x3i = xi[in + 3 * is];
        double[] x4r = xr[in + 4 * is];
        double[] x4i = xi[in + 4 * is];
        double[] y0r = yr[out];
        double[] y0i = yi[out];
        double[] y1r = yr[out + os];
        double[] y1i = yi[out + os];
        double[] y2r = yr[out + 2 * os];
        double[] y2i = yi[out + 2 * os];
        double[] y3r = yr[out + 3 * os];
        double[] y3i = yi[out + 3 * os];
        double[] y4r = yr[out + 4 * os];
        double[] y4i = yi[out + 4 * os];
        for (int e = 0; e < len; e++) {
            double a0r = x0r[e];
            double a0i = x0i[e];
            double a1r = x1r[e];
            double a1i = x1i[e];
            double a2r = x2r[e];
            double a2i = x2i[e];
            double a3r = x3r[e];
            double a3i = x3i[e];
            double a4r = x4r[e];
            double a4i = x4i[e];
            double t1r = a1r + a4r;
            double t1i = a1i + a4i;
            double t2r = a2r + a3r;
            double t2i = a2i + a3i;
            double t3r = a1r - a4r;
            double t3i = a1i - a4i;
            double t4r = a2r - a3r;
            double t4i = a2i - a3i;
            double m1r = a0r + C51 * t1r + C52 * t2r;
            double m1i = a0i + C51 * t1i + C52 * t2i;
            double m2r = a0r + C52 * t1r + C51 * t2r;
            double m2i = a0i + C52 * t1i + C51 * t2i;
            double u1r = S51 * t3r + S52 * t4r;
            double u1i = S51 * t3i + S52 * t4i;
            double u2r = S52 * t3r - S51 * t4r;
            double u2i = S52 * t3i - S51 * t4i;
            y0r[e] = a0r + t1r + t2r;
            y0i[e] = a0i + t1i + t2i;
            y1r[e] = m1r + u1i; // m1 − i·u1
            y1i[e] = m1i - u1r;
            y2r[e] = m2r + u2i; // m2 − i·u2
            y2i[e] = m2i - u2r;
            y3r[e] = m2r - u2i; // m2 + i·u2
            y3i[e] = m2i + u2r;
            y4r[e] = m1r - u1i; // m1 + i·u1
            y4i[e] = m1i + u1r;
        }
        if (j == 0) {
            return;
        }
        // the twiddles w^{jk} in separate loops: a fused loop is too large for the JIT to vectorise
        twiddle(y1r, y1i, tr[4 * j + 0], ti[4 * j + 0], len);
        twiddle(y2r, y2i, tr[4 * j + 1], ti[4 * j + 1], len);
        twiddle(y3r, y3i, tr[4 * j + 2], ti[4 * j + 2], len);
        twiddle(y4r, y4i, tr[4 * j + 3], ti[4 * j + 3], len);
    }

    /** y ← y·w for one row, in place. */
    private static void twiddle(double[] yr, double[] yi, double wr, double wi, int len) {
        for (int e = 0; e < len; e++) {
            double a = yr[e];
            double b = yi[e];
            yr[e] = a * wr - b * wi;
            yi[e] = a * wi + b * wr;
        }
    }

    /** Radix 7, for lattices with a factor 7 (rare): straightforward, not tuned. */
    private static void radix7(double[][] xr, double[][] xi, int in, int is, double[][] yr, double[][] yi,
                               int out, int os, int len, double[] tr, double[] ti, int j) {
        double[] wr = new double[7];
        double[] wi = new double[7];
        wr[0] = 1;
        for (int k = 1; k < 7; k++) {
            wr[k] = tr[6 * j + k - 1];
            wi[k] = ti[6 * j + k - 1];
        }
        double[] br = new double[7];
        double[] bi = new double[7];
        for (int e = 0; e < len; e++) {
            double a0r = xr[in][e];
            double a0i = xi[in][e];
            double t1r = xr[in + is][e] + xr[in + 6 * is][e];
            double t1i = xi[in + is][e] + xi[in + 6 * is][e];
            double t2r = xr[in + 2 * is][e] + xr[in + 5 * is][e];
            double t2i = xi[in + 2 * is][e] + xi[in + 5 * is][e];
            double t3r = xr[in + 3 * is][e] + xr[in + 4 * is][e];
            double t3i = xi[in + 3 * is][e] + xi[in + 4 * is][e];
            double d1r = xr[in + is][e] - xr[in + 6 * is][e];
            double d1i = xi[in + is][e] - xi[in + 6 * is][e];
            double d2r = xr[in + 2 * is][e] - xr[in + 5 * is][e];
            double d2i = xi[in + 2 * is][e] - xi[in + 5 * is][e];
            double d3r = xr[in + 3 * is][e] - xr[in + 4 * is][e];
            double d3i = xi[in + 3 * is][e] - xi[in + 4 * is][e];
            // b_k = a0 + Σ_r cos(2πrk/7)·t_r − i·Σ_r sin(2πrk/7)·d_r, r = 1..3
            double m1r = a0r + C71 * t1r + C72 * t2r + C73 * t3r;
            double m1i = a0i + C71 * t1i + C72 * t2i + C73 * t3i;
            double m2r = a0r + C72 * t1r + C73 * t2r + C71 * t3r;
            double m2i = a0i + C72 * t1i + C73 * t2i + C71 * t3i;
            double m3r = a0r + C73 * t1r + C71 * t2r + C72 * t3r;
            double m3i = a0i + C73 * t1i + C71 * t2i + C72 * t3i;
            double u1r = S71 * d1r + S72 * d2r + S73 * d3r;
            double u1i = S71 * d1i + S72 * d2i + S73 * d3i;
            double u2r = S72 * d1r - S73 * d2r - S71 * d3r;
            double u2i = S72 * d1i - S73 * d2i - S71 * d3i;
            double u3r = S73 * d1r - S71 * d2r + S72 * d3r;
            double u3i = S73 * d1i - S71 * d2i + S72 * d3i;
            br[0] = a0r + t1r + t2r + t3r;
            bi[0] = a0i + t1i + t2i + t3i;
            br[1] = m1r + u1i;
            bi[1] = m1i - u1r;
            br[2] = m2r + u2i;
            bi[2] = m2i - u2r;
            br[3] = m3r + u3i;
            bi[3] = m3i - u3r;
            br[4] = m3r - u3i;
            bi[4] = m3i + u3r;
            br[5] = m2r - u2i;
            bi[5] = m2i + u2r;
            br[6] = m1r - u1i;
            bi[6] = m1i + u1r;
            yr[out][e] = br[0];
            yi[out][e] = bi[0];
            for (int k = 1; k < 7; k++) {
                yr[out + k * os][e] = br[k] * wr[k] - bi[k] * wi[k];
                yi[out + k * os][e] = br[k] * wi[k] + bi[k] * wr[k];
            }
        }
    }
}
