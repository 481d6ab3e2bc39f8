package org.spinecho.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spinecho.data.Preset;
import org.spinecho.ml.PerParameter;
import org.spinecho.ml.bound.BoundFiles;
import org.spinecho.ml.bound.BoundMapSpec;
import org.spinecho.ml.bound.FisherBound;
import org.spinecho.ml.bound.PriorBoundMap;
import org.spinecho.sim.Lattice;

/**
 * The bound mapped over N draws from a prior ({@code bound --prior P --count N}) as a sweep: item n
 * is point n of the map ({@link BoundMapSpec#point}), its result the point's JSON
 * ({@link BoundFiles#pointNode}); the output is the map's file ({@link BoundFiles#mapJson}), the same
 * as {@code bound --prior P --count N --json FILE} writes but for the recorded command line.
 */
final class BoundSweep implements Sweep {
    private static final long serialVersionUID = 1L;

    private final String preset;
    private final int count;
    private final long seed;
    private final double[] noises;
    private final double[] flipAngles;
    private final int layouts;
    private final int binSize;
    private final String lattice;
    private final int ntau;
    private final int threads;

    /**
     * @param threads simulation threads of each task (the result does not depend on it)
     * @throws IllegalArgumentException if a setting is invalid (the message names the option)
     */
    BoundSweep(BoundMapSpec spec, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads: must be >= 1, got " + threads);
        }
        this.preset = spec.preset().kernel();
        this.count = spec.count();
        this.seed = spec.seed();
        this.noises = spec.noises();
        this.flipAngles = spec.flipAngles();
        this.layouts = spec.layouts();
        this.binSize = spec.binSize();
        this.lattice = spec.lattice().toString();
        this.ntau = spec.ntau();
        this.threads = threads;
        spec.fisherBound(threads); // checks the bins against the experiment, here and not on an executor
    }

    /** The map's settings (rebuilt on an executor from plain values). */
    BoundMapSpec spec() {
        return new BoundMapSpec(Preset.of(preset), count, seed, noises, flipAngles, layouts, binSize,
                Lattice.parse(lattice), ntau);
    }

    @Override
    public String name() {
        return "bound";
    }

    @Override
    public int items() {
        return count;
    }

    @Override
    public Map<String, String> settings() {
        return spec().settings();
    }

    @Override
    public Worker worker() {
        BoundMapSpec spec = spec();
        Preset p = spec.preset();
        FisherBound bound = spec.fisherBound(threads);
        return i -> BoundFiles.pointNode(p.prior(), spec.point(bound, i, s -> { }));
    }

    @Override
    public byte[] assemble(List<JsonNode> results, String command) {
        return BoundFiles.bytes(BoundFiles.mapJson(map(results), layouts, flipAngles), command);
    }

    @Override
    public String summary(List<JsonNode> results) {
        PriorBoundMap map = map(results);
        StringBuilder sb = new StringBuilder("prior-averaged NMSE alpha / xi / d (mean):");
        for (int i = 0; i < noises.length; i++) {
            PerParameter m = map.meanNmse(i);
            sb.append(String.format(Locale.ROOT, "%s noise %s: %.4g / %.4g / %.4g (%.4g)", i > 0 ? ";" : "",
                    org.spinecho.data.DelimitedText.format(noises[i]), m.alpha(), m.xi(), m.d(), m.mean()));
        }
        return sb.toString();
    }

    private PriorBoundMap map(List<JsonNode> results) {
        List<PriorBoundMap.Point> points = new ArrayList<>(results.size());
        for (JsonNode n : results) {
            points.add(BoundFiles.pointFromJson(n));
        }
        return spec().map(points);
    }
}
