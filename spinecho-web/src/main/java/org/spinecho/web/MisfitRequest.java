package org.spinecho.web;

import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;
import org.spinecho.data.Kernel;
import org.spinecho.data.Preset;
import org.spinecho.data.Prior;
import org.spinecho.ml.fit.MisfitMap;
import org.spinecho.sim.EchoSequence;
import org.spinecho.sim.Lattice;
import org.spinecho.sim.SimulationParameters;

/**
 * A {@code POST /api/misfit} request: the misfit of a curve over the α–ξ plane of the kernel's prior
 * box (α evenly, ξ evenly in ln ξ) at the given d, the valley the α–ξ plane draws.
 *
 * @param re          the curve's real parts
 * @param im          its imaginary parts
 * @param d           the dephasing exponent of the map (the page sends the estimate's)
 * @param grid        points per axis
 * @param map         the library's map, set up for the curve's kernel, lattice and layouts
 * @param alpha       the α grid
 * @param xi          the ξ grid
 */
record MisfitRequest(double[] re, double[] im, double d, int grid, MisfitMap map, double[] alpha, double[] xi) {
    static final int MAX_GRID = 40;

    /** The answer: the map, rows by ξ, and its lowest point. */
    record Answer(double[] alpha, double[] xi, double d, double[][] rms, double[] minimum) {
    }

    static MisfitRequest of(JsonNode body, int threads) {
        Json.onlyFields(body, Set.of("kernel", "re", "im", "d", "grid", "layout-seeds", "lattice"));
        String kernel = Json.text(body, "kernel", null);
        if (!ModelCatalog.KERNELS.contains(kernel)) {
            throw ApiError.badRequest("'kernel' must be one of " + String.join(", ", ModelCatalog.KERNELS) + ", got '"
                    + kernel + "'");
        }
        double[] re = Json.numbers(body, "re");
        double[] im = Json.numbers(body, "im");
        if (re.length != im.length || re.length < 3 || re.length % 3 != 0) {
            throw ApiError.badRequest("the curve must have 3*ntau samples in 're' and in 'im', got " + re.length + " and "
                    + im.length);
        }
        if (re.length / 3 > SimulationRequest.MAX_NTAU) {
            throw ApiError.badRequest("the curve may have at most " + 3 * SimulationRequest.MAX_NTAU + " samples here");
        }
        double d = Json.number(body, "d", null);
        if (d < -3) {
            throw ApiError.badRequest("'d' must be >= -3, got " + d);
        }
        long grid = Json.integer(body, "grid", 16);
        if (grid < 2 || grid > MAX_GRID) {
            throw ApiError.badRequest("'grid' must be from 2 to " + MAX_GRID + ", got " + grid);
        }
        long seeds = Json.integer(body, "layout-seeds", 1);
        if (seeds < 1 || seeds > SimulationRequest.MAX_LAYOUTS) {
            throw ApiError.badRequest("'layout-seeds' must be from 1 to " + SimulationRequest.MAX_LAYOUTS + ", got "
                    + seeds);
        }
        Lattice lattice;
        try {
            lattice = Lattice.parse(Json.text(body, "lattice", "50x50"));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("'lattice': " + e.getMessage());
        }
        if (lattice.size() > SimulationRequest.MAX_SITES) {
            throw ApiError.badRequest("'lattice' may have at most " + SimulationRequest.MAX_SITES + " sites here");
        }
        long[] layoutSeeds = new long[(int) seeds];
        for (int k = 0; k < layoutSeeds.length; k++) {
            layoutSeeds[k] = k + 1; // the seeds the likelihood fit averages
        }
        SimulationParameters template = SimulationParameters.of(Kernel.of(kernel).coupling(8, 1), 0.5, 3)
                .withLattice(lattice).withSequence(EchoSequence.DEFAULT.withNtau(re.length / 3));
        Prior prior = Preset.of(kernel).prior();
        double[] alpha = MisfitMap.grid(prior.alpha().lo(), prior.alpha().hi(), (int) grid, false);
        double[] xi = MisfitMap.grid(prior.xi().lo(), prior.xi().hi(), (int) grid, true);
        return new MisfitRequest(re, im, d, (int) grid, new MisfitMap(template, layoutSeeds, threads), alpha, xi);
    }

    Answer run(Jobs.Progress progress) {
        int total = alpha.length * xi.length;
        MisfitMap.Result r = map.map(re, im, alpha, xi, d, done -> progress.fraction((double) done / total));
        return new Answer(r.alpha(), r.xi(), r.d(), r.rms(), r.minimum());
    }
}
