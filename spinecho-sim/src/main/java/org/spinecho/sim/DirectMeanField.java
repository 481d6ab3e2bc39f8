package org.spinecho.sim;

/**
 * The mean field by the direct double sum B_k = Σ_k' J(r_kk')·w_k' over all pairs (docs/model.md, "Dynamics").
 * O(N²) per step: the reference that the FFT path is tested against.
 */
final class DirectMeanField implements MeanField {
    private final int l1;
    private final int l2;
    private final double[] table;
    private final double scaleXy;
    private final double scaleZ;

    DirectMeanField(Lattice lattice, double[] kernelTable, double scaleXy, double scaleZ) {
        this.l1 = lattice.l1();
        this.l2 = lattice.l2();
        this.table = kernelTable;
        this.scaleXy = scaleXy;
        this.scaleZ = scaleZ;
    }

    @Override
    public void compute(double[] wx, double[] wy, double[] wz, double[] bx, double[] by, double[] bz) {
        for (int j = 0; j < l2; j++) {
            for (int i = 0; i < l1; i++) {
                double sx = 0;
                double sy = 0;
                double sz = 0;
                for (int jp = 0; jp < l2; jp++) {
                    int dj = Math.floorMod(j - jp, l2);
                    for (int ip = 0; ip < l1; ip++) {
                        int di = Math.floorMod(i - ip, l1);
                        double coupling = table[di + l1 * dj]; // J(r_kk'), 0 for k = k'
                        int kp = ip + l1 * jp;
                        if (bx != null) {
                            sx += coupling * wx[kp];
                        }
                        if (by != null) {
                            sy += coupling * wy[kp];
                        }
                        if (bz != null) {
                            sz += coupling * wz[kp];
                        }
                    }
                }
                int k = i + l1 * j;
                if (bx != null) {
                    bx[k] = scaleXy * sx;
                }
                if (by != null) {
                    by[k] = scaleXy * sy;
                }
                if (bz != null) {
                    bz[k] = scaleZ * sz;
                }
            }
        }
    }
}
