package org.spinecho.sim;

/**
 * Several layouts per call for a mean field that computes one at a time: each layout's slice is
 * copied out, convolved and copied back.
 */
final class LayoutByLayoutMeanField implements MeanField {
    private final MeanField one;
    private final int n;
    private final int layouts;
    private final double[][] in = new double[3][];
    private final double[][] out = new double[3][];

    LayoutByLayoutMeanField(MeanField one, int n, int layouts) {
        this.one = one;
        this.n = n;
        this.layouts = layouts;
        for (int c = 0; c < 3; c++) {
            in[c] = new double[n];
            out[c] = new double[n];
        }
    }

    @Override
    public void compute(double[] wx, double[] wy, double[] wz, double[] bx, double[] by, double[] bz) {
        double[][] w = {wx, wy, wz};
        double[][] b = {bx, by, bz};
        for (int layout = 0; layout < layouts; layout++) {
            for (int c = 0; c < 3; c++) {
                if (b[c] != null) {
                    System.arraycopy(w[c], layout * n, in[c], 0, n);
                }
            }
            one.compute(in[0], in[1], in[2], bx != null ? out[0] : null, by != null ? out[1] : null,
                    bz != null ? out[2] : null);
            for (int c = 0; c < 3; c++) {
                if (b[c] != null) {
                    System.arraycopy(out[c], 0, b[c], layout * n, n);
                }
            }
        }
    }
}
