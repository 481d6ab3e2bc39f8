package org.spinecho.data;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.spinecho.sim.CouplingKernel;

/**
 * The coupling kernels by name, as options and files give them: the one list of kernel names, with
 * whether each has a correlation length ξ and, for the two kernels of the standard data sets, their
 * preset prior (docs/model.md, "Priors of the standard data sets"). The physics of each kernel is
 * {@link CouplingKernel}.
 */
public enum Kernel {
    /** Gaussian, J(r) = exp(−(r/ξ)²); prior α ∈ [0, 1], ξ ∈ [3, 20], d ∈ [2, 5]. */
    GAUSS("gauss", true, new Prior(new Range(0, 1), new Range(3, 20), new Range(2, 5))),
    /** RKKY, J(r) = x⁻⁴(x cos x − sin x), x = 2r/ξ; prior α ∈ [0, 3], ξ ∈ [3, 20], d ∈ [2, 5]. */
    RKKY("rkky", true, new Prior(new Range(0, 3), new Range(3, 20), new Range(2, 5))),
    /** Power law J(r) = r^−p (no ξ, no preset). */
    POWER("power", false, null),
    /** Uniform, J = 1 for every pair (no ξ, no preset). */
    UNIFORM("uniform", false, null);

    private final String id;
    private final boolean hasXi;
    private final Prior prior;

    Kernel(String id, boolean hasXi, Prior prior) {
        this.id = id;
        this.hasXi = hasXi;
        this.prior = prior;
    }

    /** The name on the command line and in files: "gauss", "rkky", "power", "uniform". */
    public String id() {
        return id;
    }

    /** Whether the kernel has a correlation length ξ. */
    public boolean hasXi() {
        return hasXi;
    }

    /** Whether the kernel has a preset prior (a standard data set): gauss and rkky. */
    public boolean hasPreset() {
        return prior != null;
    }

    /**
     * The kernel's preset (name and prior).
     *
     * @throws IllegalArgumentException for a kernel without one
     */
    public Preset preset() {
        if (prior == null) {
            throw new IllegalArgumentException("kernel " + id + " has no preset prior: expected " + names(presets()));
        }
        return new Preset(id, prior);
    }

    /** The kernel J(r) with correlation length {@code xi} (ignored without ξ) and exponent {@code power} (power law). */
    public CouplingKernel coupling(double xi, double power) {
        return switch (this) {
            case GAUSS -> new CouplingKernel.Gaussian(xi);
            case RKKY -> new CouplingKernel.Rkky(xi);
            case POWER -> new CouplingKernel.PowerLaw(power);
            case UNIFORM -> new CouplingKernel.Uniform();
        };
    }

    /** The name. */
    @Override
    public String toString() {
        return id;
    }

    /** The kernels with a preset: gauss and rkky. */
    public static List<Kernel> presets() {
        return Arrays.stream(values()).filter(Kernel::hasPreset).toList();
    }

    /** "gauss, rkky, power, uniform" for messages. */
    public static String names(List<Kernel> kernels) {
        return kernels.stream().map(Kernel::id).collect(Collectors.joining(", "));
    }

    /**
     * The kernel by name.
     *
     * @throws IllegalArgumentException "must be one of gauss, rkky, power, uniform, got 'x'"
     */
    public static Kernel of(String name) {
        for (Kernel k : values()) {
            if (k.id.equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("must be one of " + names(List.of(values())) + ", got '" + name + "'");
    }

    /** The kernel of a coupling. */
    public static Kernel of(CouplingKernel kernel) {
        return of(kernel.name());
    }
}
