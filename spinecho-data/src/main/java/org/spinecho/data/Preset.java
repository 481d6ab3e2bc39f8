package org.spinecho.data;

import java.util.List;

/**
 * A standard data set of docs/model.md, "Priors of the standard data sets": a kernel with its prior.
 *
 * @param kernel the coupling kernel's name ("gauss" or "rkky"), also the data set's file name
 * @param prior  the default ranges of α, ξ and d
 */
public record Preset(String kernel, Prior prior) {
    /** gauss: α ∈ [0, 1], ξ ∈ [3, 20], d ∈ [2, 5]. */
    public static final Preset GAUSS = new Preset("gauss",
            new Prior(new Range(0, 1), new Range(3, 20), new Range(2, 5)));
    /** rkky: α ∈ [0, 3], ξ ∈ [3, 20], d ∈ [2, 5]. */
    public static final Preset RKKY = new Preset("rkky",
            new Prior(new Range(0, 3), new Range(3, 20), new Range(2, 5)));

    public Preset {
        if (kernel == null || prior == null) {
            throw new NullPointerException("kernel and prior are required");
        }
    }

    public static List<Preset> all() {
        return List.of(GAUSS, RKKY);
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
        throw new IllegalArgumentException("--preset: unknown preset '" + name + "': expected gauss or rkky");
    }
}
