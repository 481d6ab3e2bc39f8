package org.spinecho.data;

import java.util.List;

/**
 * A kernel with the prior its parameters are drawn from: a standard data set of docs/model.md,
 * "Priors of the standard data sets" ({@link Kernel#preset()}), or one with ranges overridden.
 *
 * @param kernel the coupling kernel's name ("gauss" or "rkky"), also the data set's file name
 * @param prior  the default ranges of α, ξ and d
 */
public record Preset(String kernel, Prior prior) {
    /** gauss with its prior ({@link Kernel#GAUSS}). */
    public static final Preset GAUSS = Kernel.GAUSS.preset();
    /** rkky with its prior ({@link Kernel#RKKY}). */
    public static final Preset RKKY = Kernel.RKKY.preset();

    public Preset {
        if (kernel == null || prior == null) {
            throw new NullPointerException("kernel and prior are required");
        }
    }

    /** The kernel as a {@link Kernel}. */
    public Kernel kernelType() {
        return Kernel.of(kernel);
    }

    /** The presets of the standard data sets. */
    public static List<Preset> all() {
        return Kernel.presets().stream().map(Kernel::preset).toList();
    }

    /**
     * The preset by name.
     *
     * @throws IllegalArgumentException naming the option {@code --preset} and the choices
     */
    public static Preset of(String name) {
        for (Preset p : all()) {
            if (p.kernel.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("--preset: unknown preset '" + name + "': expected "
                + Kernel.names(Kernel.presets()));
    }
}
