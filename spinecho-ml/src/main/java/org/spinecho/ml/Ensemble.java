package org.spinecho.ml;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.spinecho.data.Sha256;

/**
 * An ensemble of networks: it predicts the mean of its members' predictions. It has its own
 * manifest (the command that made it, its scores) and calibration; each member keeps the manifest
 * of its training. Its identity ({@link Manifest#paramsSha256()}) is the SHA-256 over its
 * members' weight hashes, in order.
 */
public final class Ensemble implements Estimator {
    private final List<Network> members;
    private final Manifest manifest;
    private final UncertaintyCalibration calibration;

    /**
     * An ensemble; the manifest's weights file and SHA-256 are set from the members.
     *
     * @throws IllegalArgumentException if there are fewer than two members
     */
    Ensemble(List<Network> members, Manifest manifest, UncertaintyCalibration calibration) {
        this.members = List.copyOf(members);
        if (this.members.size() < 2) {
            throw new IllegalArgumentException("an ensemble needs at least two members");
        }
        this.manifest = Objects.requireNonNull(manifest).withParams(ModelDirectory.ENSEMBLE_FILE, identity(this.members));
        this.calibration = calibration;
    }

    /**
     * An ensemble of {@code first} and {@code others}. All must be single networks that take curves
     * of the same length and come from data of the same kernel. The ensemble's manifest is the
     * first member's, with the given command, format version 2, and no scores or calibration
     * (evaluate and calibrate the ensemble itself); each member keeps its own manifest, not its
     * calibration.
     *
     * @param first   the first member
     * @param others  the other members, at least one
     * @param command the command that made the ensemble
     * @return the ensemble
     * @throws IllegalArgumentException if the members do not match, or are ensembles themselves
     */
    public static Ensemble of(Estimator first, List<? extends Estimator> others, String command) {
        if (others.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least two members");
        }
        List<Estimator> all = new ArrayList<>();
        all.add(first);
        all.addAll(others);
        List<Network> networks = new ArrayList<>();
        for (Estimator m : all) {
            if (!(m instanceof Network network)) {
                throw new IllegalArgumentException("a member is itself an ensemble of " + m.memberCount()
                        + " networks: combine single networks");
            }
            if (m.curveLength() != first.curveLength()) {
                throw new IllegalArgumentException("members take curves of " + first.curveLength() + " and "
                        + m.curveLength() + " samples");
            }
            if (!Objects.equals(m.manifest().kernel(), first.manifest().kernel())) {
                throw new IllegalArgumentException("members were trained on kernels " + first.manifest().kernel()
                        + " and " + m.manifest().kernel());
            }
            networks.add(network.withCalibration(null));
        }
        Manifest manifest = first.manifest().withoutMetrics().withCommand(command)
                .withFormatVersion(Manifest.ENSEMBLE_FORMAT_VERSION);
        return new Ensemble(networks, manifest, null);
    }

    /**
     * An ensemble's identity: the SHA-256 over its members' weight hashes, each followed by a newline.
     *
     * @param members the members in order
     * @return 64 lower-case hex digits
     */
    static String identity(List<Network> members) {
        StringBuilder sb = new StringBuilder();
        for (Network m : members) {
            sb.append(m.manifest().paramsSha256()).append('\n');
        }
        return Sha256.ofText(sb.toString());
    }

    /**
     * The networks, in order.
     *
     * @return the members
     */
    public List<Network> members() {
        return members;
    }

    /** A copy with another manifest (same members). */
    Ensemble withManifest(Manifest value) {
        return new Ensemble(members, value, calibration);
    }

    /** A copy carrying an uncertainty calibration (null: none). */
    public Ensemble withCalibration(UncertaintyCalibration value) {
        return new Ensemble(members, manifest, value);
    }

    @Override
    public Manifest manifest() {
        return manifest;
    }

    @Override
    public UncertaintyCalibration calibration() {
        return calibration;
    }

    @Override
    public int curveLength() {
        return members.get(0).curveLength();
    }

    @Override
    public int parameterBytes() {
        return members.stream().mapToInt(Network::parameterBytes).sum();
    }

    @Override
    public String description() {
        Set<String> types = new LinkedHashSet<>();
        members.forEach(m -> types.add(m.manifest().architecture()));
        return memberCount() + " x " + String.join("/", types);
    }

    @Override
    public int memberCount() {
        return members.size();
    }

    @Override
    public double[][] predict(double[][] re, double[][] im) {
        // the members run in parallel (each network single-threaded, on its own native memory);
        // the mean is summed in member order, so the result does not depend on the threads
        List<double[][]> predictions = members.parallelStream().map(m -> m.predict(re, im)).toList();
        double[][] out = predictions.get(0);
        for (double[][] p : predictions.subList(1, predictions.size())) {
            for (int i = 0; i < out.length; i++) {
                for (int k = 0; k < out[i].length; k++) {
                    out[i][k] += p[i][k];
                }
            }
        }
        for (double[] row : out) {
            for (int k = 0; k < row.length; k++) {
                row[k] /= members.size();
            }
        }
        return out;
    }

    @Override
    public void close() {
        members.forEach(Network::close);
    }
}
