package org.spinecho.sim;

/**
 * An instantaneous pulse: the right-handed rotation of every Bloch vector by the angle θ about
 * the axis n = (cos φ, sin φ, 0) (docs/model.md, "The Hahn-echo sequence"), i.e. the unitary exp(−iθ n·I).
 */
public record Pulse(double angle, double phase) {

    /**
     * Rotates the vectors in place by Rodrigues' formula
     * v' = v cos θ + (n × v) sin θ + n (n·v)(1 − cos θ).
     */
    public void apply(double[] mx, double[] my, double[] mz) {
        double nx = Math.cos(phase);
        double ny = Math.sin(phase);
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        double u = 1 - c;
        // rotation matrix R = c·I + s·[n]× + u·n nᵀ, with n_z = 0
        double r00 = c + u * nx * nx;
        double r01 = u * nx * ny;
        double r02 = s * ny;
        double r10 = u * ny * nx;
        double r11 = c + u * ny * ny;
        double r12 = -s * nx;
        double r20 = -s * ny;
        double r21 = s * nx;
        double r22 = c;
        for (int k = 0; k < mx.length; k++) {
            double x = mx[k];
            double y = my[k];
            double z = mz[k];
            mx[k] = r00 * x + r01 * y + r02 * z;
            my[k] = r10 * x + r11 * y + r12 * z;
            mz[k] = r20 * x + r21 * y + r22 * z;
        }
    }
}
