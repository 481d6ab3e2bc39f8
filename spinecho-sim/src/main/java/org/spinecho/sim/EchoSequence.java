package org.spinecho.sim;

/**
 * The Hahn-echo pulse sequence and its sampling (docs/model.md, "The Hahn-echo sequence"): pulse 1
 * (flip angle θ about the axis at phase φ1), nτ steps of length dt, pulse 2 (angle 2θ, phase φ2), 2·nτ steps. The
 * magnetisation is recorded after every step: 3·nτ samples, sample s (1-based) at time s·dt.
 */
public record EchoSequence(int ntau, double dt, double flipAngle, double phase1, double phase2) {

    /** nτ = 157, dt = 2 u, θ = π/2, φ1 = 0, φ2 = π/2. */
    public static final EchoSequence DEFAULT = new EchoSequence(157, 2, Math.PI / 2, 0, Math.PI / 2);

    public EchoSequence {
        if (ntau < 1) {
            throw new IllegalArgumentException("ntau must be an integer >= 1, got " + ntau);
        }
        if (ntau > 1_000_000) {
            throw new IllegalArgumentException("ntau must be at most 1000000, got " + ntau);
        }
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw new IllegalArgumentException("dt must be a finite number > 0, got " + dt);
        }
        if (!Double.isFinite(flipAngle) || !Double.isFinite(phase1) || !Double.isFinite(phase2)) {
            throw new IllegalArgumentException("flip angle and pulse phases must be finite");
        }
    }

    public EchoSequence withNtau(int value) {
        return new EchoSequence(value, dt, flipAngle, phase1, phase2);
    }

    public EchoSequence withDt(double value) {
        return new EchoSequence(ntau, value, flipAngle, phase1, phase2);
    }

    public EchoSequence withFlipAngle(double value) {
        return new EchoSequence(ntau, dt, value, phase1, phase2);
    }

    public EchoSequence withPhases(double first, double second) {
        return new EchoSequence(ntau, dt, flipAngle, first, second);
    }

    /** Number of recorded samples, 3·nτ. */
    public int samples() {
        return 3 * ntau;
    }

    /** 1-based index of the echo of a non-interacting ensemble, 2·nτ. */
    public int echoSample() {
        return 2 * ntau;
    }
}
