package org.spinecho.data;

/**
 * A simulated curve with NaN or infinite samples: its parameters or settings lie outside what the
 * simulator can integrate in double precision (e.g. α of 1e160, or a huge time step, line width
 * or band). The message names the parameters that caused it.
 */
public final class NonFiniteCurveException extends RefusedException {
    private static final long serialVersionUID = 1L;

    public NonFiniteCurveException(String message) {
        super(message);
    }

    /**
     * Throws if a sample of {@code re} or {@code im} is not finite.
     *
     * @param what the curve and its parameters, e.g. "curve 3 (alpha 1e160, xi 5, d 3)"
     */
    public static void check(double[] re, double[] im, String what) {
        int bad = firstNonFinite(re);
        if (bad < 0) {
            bad = firstNonFinite(im);
        }
        if (bad >= 0) {
            throw new NonFiniteCurveException(what + " is not finite from sample " + (bad + 1)
                    + " on (NaN or infinity): these parameters are outside what the simulator can integrate");
        }
    }

    private static int firstNonFinite(double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                return i;
            }
        }
        return -1;
    }
}
