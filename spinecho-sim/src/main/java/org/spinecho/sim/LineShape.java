package org.spinecho.sim;

/**
 * The inhomogeneous NMR line (docs/model.md, "The ensemble"): a Lorentzian of full width at half maximum {@code fwhm}
 * centred on the carrier ν0, truncated to a band of width {@code bandwidth}. Frequencies in
 * rad/u.
 */
public record LineShape(double nu0, double bandwidth, double fwhm) {

    /** ν0 = 10, bw = 0.5, w = 0.05. */
    public static final LineShape DEFAULT = new LineShape(10, 0.5, 0.05);

    public LineShape {
        if (!Double.isFinite(nu0)) {
            throw new IllegalArgumentException("nu0 must be finite, got " + nu0);
        }
        if (!(bandwidth > 0) || !Double.isFinite(bandwidth)) {
            throw new IllegalArgumentException("bandwidth must be a finite number > 0, got " + bandwidth);
        }
        if (!(fwhm > 0) || !Double.isFinite(fwhm)) {
            throw new IllegalArgumentException("line width must be a finite number > 0, got " + fwhm);
        }
    }

    public LineShape withNu0(double value) {
        return new LineShape(value, bandwidth, fwhm);
    }

    public LineShape withBandwidth(double value) {
        return new LineShape(nu0, value, fwhm);
    }

    public LineShape withFwhm(double value) {
        return new LineShape(nu0, bandwidth, value);
    }

    /** The normalised Lorentzian Lor(x) = (1/π)·(w/2)/((x − ν0)² + (w/2)²). */
    public double lorentzian(double x) {
        double halfWidth = fwhm / 2;
        double u = x - nu0;
        return halfWidth / (Math.PI * (u * u + halfWidth * halfWidth));
    }
}
