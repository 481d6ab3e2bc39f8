package org.spinecho.ml.bound;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.spinecho.sim.EchoSequence;
import org.spinecho.sim.SimulationParameters;

/**
 * What a physicist measures on one sample: one or more Hahn-echo sequences, all on the same
 * sample and therefore on the same (unknown) layout of the offsets on the lattice. The template
 * fixes everything but θ = (α, ξ, d) and the sequence: kernel shape, lattice, line, kind of layout.
 *
 * @param template  the settings shared by every curve (its own sequence and layout seed are ignored)
 * @param sequences the sequences, at least one; curve j of the experiment uses sequence j
 */
public record Experiment(SimulationParameters template, List<EchoSequence> sequences) {

    public Experiment {
        Objects.requireNonNull(template, "template");
        if (sequences == null || sequences.isEmpty()) {
            throw new IllegalArgumentException("an experiment needs at least one sequence");
        }
        sequences = List.copyOf(sequences);
    }

    /** One curve with the template's own sequence. */
    public static Experiment single(SimulationParameters template) {
        return new Experiment(template, List.of(template.sequence()));
    }

    /**
     * Hahn echoes with the template's sequence and first-pulse flip angles θ (degrees); the second
     * pulse turns by 2θ as always.
     */
    public static Experiment flipAngles(SimulationParameters template, double... degrees) {
        if (degrees == null || degrees.length == 0) {
            throw new IllegalArgumentException("at least one flip angle is required");
        }
        List<EchoSequence> list = new ArrayList<>();
        for (double deg : degrees) {
            if (!(deg > 0) || !(deg < 180)) {
                throw new IllegalArgumentException("flip angles must lie in (0, 180) degrees, got " + deg);
            }
            list.add(template.sequence().withFlipAngle(Math.toRadians(deg)));
        }
        return new Experiment(template, list);
    }

    /** Number of curves per sample. */
    public int curves() {
        return sequences.size();
    }

    /** First-pulse flip angles in degrees, one per curve. */
    public double[] flipAnglesDegrees() {
        double[] a = new double[sequences.size()];
        for (int j = 0; j < a.length; j++) {
            a[j] = Math.toDegrees(sequences.get(j).flipAngle());
        }
        return a;
    }

    /** Length of the raw data vector: Re then Im of every curve, curve after curve. */
    public int rawLength() {
        int n = 0;
        for (EchoSequence s : sequences) {
            n += 2 * s.samples();
        }
        return n;
    }

    /** Simulation parameters of curve {@code j} of the sample with the given layout seed. */
    public SimulationParameters curve(SimulationParameters atTheta, int j, long layoutSeed) {
        return atTheta.withSequence(sequences.get(j)).withLayoutSeed(layoutSeed);
    }
}
