package org.spinecho.sim;

import java.util.Locale;

/**
 * What a simulation will cost, estimated before it starts, so that a huge lattice is refused with
 * a clear message instead of dying with an OutOfMemoryError, and a slow one says how long it
 * takes. Measured on the 2-core development machine: the simulator holds at most about 310 bytes
 * per site per curve being simulated (1000 × 1000 sites ran with a heap of 300 MB, not with
 * 240 MB; 2000 × 2000 with 1250 MB; 4000 × 4000 with the default 6.3 GB heap, peak resident
 * 6.0 GB), and takes about 0.7 µs per site and time step on one core (200 × 200: 17 s,
 * 400 × 400: 49 s for 471 steps).
 *
 * @param sites      sites of the lattice
 * @param steps      time steps of one curve (3·ntau)
 * @param concurrent curves simulated at the same time (threads)
 */
public record SimulationCost(long sites, long steps, int concurrent) {
    /** Bytes per site per curve in flight (measured at most about 310). */
    public static final double BYTES_PER_SITE = 330;
    /** Fixed heap use besides the lattices. */
    public static final double BASE_BYTES = 64e6;
    /** Seconds per site and time step on one core (measured 0.65–0.9 µs). */
    public static final double SECONDS_PER_SITE_STEP = 0.7e-6;

    /** The cost of curves on {@code lattice} with {@code ntau} steps between the pulses, {@code concurrent} at a time. */
    public static SimulationCost of(Lattice lattice, int ntau, int concurrent) {
        return new SimulationCost((long) lattice.l1() * lattice.l2(), 3L * ntau, Math.max(1, concurrent));
    }

    /** Estimated heap needed, bytes. */
    public double bytes() {
        return BASE_BYTES + BYTES_PER_SITE * sites * concurrent;
    }

    /** Estimated seconds per curve on one core. */
    public double secondsPerCurve() {
        return SECONDS_PER_SITE_STEP * sites * steps;
    }

    /**
     * Refuses (IllegalArgumentException) when the estimate exceeds this JVM's maximum heap, with a
     * message that says how much it needs and what to change.
     *
     * @param lattice the lattice as given, e.g. "4000x4000"
     * @return a one-line note with the time per curve when one curve takes more than a minute, else null
     */
    public String check(String lattice) {
        double heap = Runtime.getRuntime().maxMemory();
        if (bytes() > heap) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--lattice %s needs about %s of memory%s, "
                            + "more than the %s this Java may use: give it more (e.g. JAVA_OPTS=-Xmx%dg)%s or a smaller "
                            + "lattice", lattice, size(bytes()), concurrent > 1 ? " for " + concurrent + " curves at a time"
                            : "", size(heap), (long) Math.ceil(bytes() * 1.25 / 1e9), concurrent > 1 ? ", fewer --threads" : ""));
        }
        return secondsPerCurve() > 60 ? String.format(Locale.ROOT, "a %s lattice takes about %s per curve on one core "
                + "(estimate)", lattice, duration(secondsPerCurve())) : null;
    }

    /** Bytes as "1.2 GB" or "300 MB". */
    public static String size(double bytes) {
        return bytes >= 1e9 ? String.format(Locale.ROOT, "%.1f GB", bytes / 1e9)
                : String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }

    /** Seconds as "40 s", "12 min" or "1.5 h". */
    public static String duration(double seconds) {
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 7200) {
            return String.format(Locale.ROOT, "%.0f min", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }
}
