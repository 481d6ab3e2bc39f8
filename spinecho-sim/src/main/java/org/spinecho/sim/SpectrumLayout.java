package org.spinecho.sim;

import java.util.Locale;

/** How the spins' frequency offsets are placed on the lattice (docs/model.md, "The ensemble"). */
public enum SpectrumLayout {
    /** Offsets are Lorentzian quantiles, permuted over the sites by the layout seed; weights 1/N. */
    RANDOM,
    /** Evenly spaced offsets running along i first, weighted by the Lorentzian (SpinEchoSim's layout). */
    ORDERED;

    /** Lower-case name used on the command line and in files. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Layout by its command-line name. */
    public static SpectrumLayout parse(String text) {
        for (SpectrumLayout layout : values()) {
            if (layout.id().equals(text)) {
                return layout;
            }
        }
        throw new IllegalArgumentException("unknown layout '" + text + "': expected random or ordered");
    }
}
