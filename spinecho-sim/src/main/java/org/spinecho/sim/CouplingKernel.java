package org.spinecho.sim;

/**
 * The shape J(r) of the spin-spin coupling T(k, k') = α·J(r) between two nuclear spins a
 * distance r apart (lattice units). J(0) is 0 by convention (no self-coupling); implementations
 * are only asked for r &gt; 0.
 *
 * <p>docs/model.md, "The ensemble": {@link Gaussian} and {@link Rkky} are the two kernels of the standard data sets;
 * {@link PowerLaw} and {@link Uniform} are extensions.
 */
public sealed interface CouplingKernel
        permits CouplingKernel.Gaussian, CouplingKernel.Rkky, CouplingKernel.PowerLaw,
                CouplingKernel.Uniform {

    /** J(r) for a distance r &gt; 0. */
    double at(double r);

    /** Short lower-case name used on the command line and in files ("gauss", "rkky", ...). */
    String name();

    /** The correlation length ξ (lattice units), or NaN where the kernel has none. */
    double xi();

    /** This kernel with another correlation length (kernels without ξ return themselves). */
    CouplingKernel withXi(double xi);

    /** Kernel by its command-line name, with the given ξ (and exponent p for the power law). */
    static CouplingKernel of(String name, double xi, double power) {
        return switch (name) {
            case "gauss" -> new Gaussian(xi);
            case "rkky" -> new Rkky(xi);
            case "power" -> new PowerLaw(power);
            case "uniform" -> new Uniform();
            default -> throw new IllegalArgumentException(
                    "unknown kernel '" + name + "': expected gauss, rkky, power or uniform");
        };
    }

    private static double requirePositiveXi(double xi) {
        if (!(xi > 0) || !Double.isFinite(xi)) {
            throw new IllegalArgumentException("xi must be a finite number > 0, got " + xi);
        }
        return xi;
    }

    /** Gaussian coupling J(r) = exp(−(r/ξ)²). */
    record Gaussian(double xi) implements CouplingKernel {
        public Gaussian {
            requirePositiveXi(xi);
        }

        @Override
        public double at(double r) {
            double u = r / xi;
            return Math.exp(-u * u); // J(r) = exp(-(r/ξ)^2)
        }

        @Override
        public String name() {
            return "gauss";
        }

        @Override
        public Gaussian withXi(double newXi) {
            return new Gaussian(newXi);
        }
    }

    /** RKKY coupling J(r) = x⁻⁴·(x·cos x − sin x) with x = 2r/ξ. */
    record Rkky(double xi) implements CouplingKernel {
        public Rkky {
            requirePositiveXi(xi);
        }

        @Override
        public double at(double r) {
            double x = 2 * r / xi; // x = 2 r / ξ
            if (x < 0.02) {
                // Taylor series of (x cos x − sin x)/x⁴ = −1/(3x) + x/30 − x³/840 + x⁵/45360,
                // which avoids the cancellation of x cos x − sin x ≈ −x³/3 at small x.
                double x2 = x * x;
                return -1.0 / (3 * x) + x / 30 - x * x2 / 840 + x * x2 * x2 / 45360;
            }
            double x2 = x * x;
            return (x * Math.cos(x) - Math.sin(x)) / (x2 * x2); // J = x^-4 (x cos x - sin x)
        }

        @Override
        public String name() {
            return "rkky";
        }

        @Override
        public Rkky withXi(double newXi) {
            return new Rkky(newXi);
        }
    }

    /** Power-law coupling J(r) = r⁻ᵖ (extension; has no correlation length). */
    record PowerLaw(double power) implements CouplingKernel {
        public PowerLaw {
            if (!(power > 0) || !Double.isFinite(power)) {
                throw new IllegalArgumentException("power must be a finite number > 0, got " + power);
            }
        }

        @Override
        public double at(double r) {
            return Math.pow(r, -power); // J(r) = r^-p
        }

        @Override
        public String name() {
            return "power";
        }

        @Override
        public double xi() {
            return Double.NaN;
        }

        @Override
        public PowerLaw withXi(double newXi) {
            return this;
        }
    }

    /** Uniform, all-to-all coupling J(r) = 1 for every r &gt; 0 (extension: the infinite-range limit). */
    record Uniform() implements CouplingKernel {
        @Override
        public double at(double r) {
            return 1.0; // J(r) = 1 for all pairs
        }

        @Override
        public String name() {
            return "uniform";
        }

        @Override
        public double xi() {
            return Double.NaN;
        }

        @Override
        public Uniform withXi(double newXi) {
            return this;
        }
    }
}
