package org.spinecho.web;

import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;
import org.spinecho.data.GaussianNoise;
import org.spinecho.data.Kernel;
import org.spinecho.sim.CouplingKernel;
import org.spinecho.sim.EchoCurve;
import org.spinecho.sim.EchoSequence;
import org.spinecho.sim.Lattice;
import org.spinecho.sim.LineShape;
import org.spinecho.sim.MeanFieldIntegrator;
import org.spinecho.sim.MeanFieldMethod;
import org.spinecho.sim.SimulationParameters;
import org.spinecho.sim.SpectrumLayout;
import org.spinecho.sim.SplitMix64;

/**
 * A {@code POST /api/simulate} request: the options of {@code spinecho simulate} by their names
 * without the dashes in front ({@code "kernel"}, {@code "alpha"}, {@code "layout-seed"},
 * {@code "flip-angle"}, …, same defaults), plus what only the page needs: {@code "noise"} (σ of
 * complex Gaussian noise per component, default 0) with {@code "noise-seed"}, and {@code "layouts"}
 * (K ≥ 1: the mean of the curves of layout seeds s … s+K−1, the model curve for a sample whose
 * layout is unknown). The web server limits the work of one request (sites, samples, layouts).
 *
 * @param parameters the simulation
 * @param method     how the mean field is computed
 * @param noise      σ per component
 * @param noiseSeed  seed of the noise
 * @param layouts    layouts averaged
 */
record SimulationRequest(SimulationParameters parameters, MeanFieldMethod method, double noise, long noiseSeed,
                         int layouts) {
    /** Most lattice sites one request may simulate (a 200 × 200 curve takes about a second). */
    static final int MAX_SITES = 40_000;
    /** Largest ntau (6000 samples). */
    static final int MAX_NTAU = 2_000;
    /** Most layouts averaged. */
    static final int MAX_LAYOUTS = 16;

    static final Set<String> FIELDS = Set.of("kernel", "alpha", "xi", "d", "power", "lattice", "ntau", "dt",
            "alpha-z-ratio", "layout", "layout-seed", "nu0", "bandwidth", "fwhm", "flip-angle", "method", "noise",
            "noise-seed", "layouts");

    /** Reads and checks the request; every bad value is a 400 naming the field. */
    static SimulationRequest of(JsonNode body) {
        Json.onlyFields(body, FIELDS);
        String kernelName = Json.text(body, "kernel", null);
        Kernel kernelType;
        try {
            kernelType = Kernel.of(kernelName);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("'kernel' " + e.getMessage());
        }
        boolean hasXi = kernelType.hasXi();
        double alpha = Json.number(body, "alpha", null);
        if (alpha < 0) {
            throw ApiError.badRequest("'alpha' must be >= 0 (rad/u), got " + alpha);
        }
        double xi = 1;
        if (hasXi) {
            xi = Json.number(body, "xi", null);
            if (!(xi > 0)) {
                throw ApiError.badRequest("'xi' must be > 0 (lattice spacings), got " + xi);
            }
        }
        double d = Json.number(body, "d", null);
        if (d < -3) {
            throw ApiError.badRequest("'d' must be >= -3 (Gamma = 10^-d), got " + d);
        }
        double power = positive(body, "power", 3);
        Lattice lattice;
        try {
            lattice = Lattice.parse(Json.text(body, "lattice", "50x50"));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("'lattice': " + e.getMessage());
        }
        if ((long) lattice.l1() * lattice.l2() > MAX_SITES) {
            throw ApiError.badRequest("'lattice' may have at most " + MAX_SITES + " sites here (e.g. 200x200), got "
                    + lattice + "; larger lattices with 'spinecho simulate'");
        }
        long ntau = Json.integer(body, "ntau", 157);
        if (ntau < 1 || ntau > MAX_NTAU) {
            throw ApiError.badRequest("'ntau' must be an integer from 1 to " + MAX_NTAU + ", got " + ntau);
        }
        double dt = positive(body, "dt", 2);
        double alphaZRatio = Json.number(body, "alpha-z-ratio", 1.0);
        SpectrumLayout layout;
        try {
            layout = SpectrumLayout.parse(Json.text(body, "layout", "random"));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("'layout': " + e.getMessage());
        }
        long layoutSeed = Json.integer(body, "layout-seed", 0);
        LineShape line;
        try {
            line = new LineShape(Json.number(body, "nu0", 10.0), positive(body, "bandwidth", 0.5),
                    positive(body, "fwhm", 0.05));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        double flipAngle = Json.number(body, "flip-angle", Math.PI / 2);
        MeanFieldMethod method = switch (Json.text(body, "method", "fft")) {
            case "fft" -> MeanFieldMethod.FFT;
            case "direct" -> MeanFieldMethod.DIRECT;
            default -> throw ApiError.badRequest("'method' must be fft or direct, got '" + Json.text(body, "method", "")
                    + "'");
        };
        if (method == MeanFieldMethod.DIRECT && lattice.size() > 2_500) {
            throw ApiError.badRequest("'method' direct is limited to 2500 sites here (it is O(N^2)), got " + lattice);
        }
        double noise = Json.number(body, "noise", 0.0);
        if (noise < 0) {
            throw ApiError.badRequest("'noise' must be >= 0, got " + noise);
        }
        long noiseSeed = Json.integer(body, "noise-seed", 0);
        long layouts = Json.integer(body, "layouts", 1);
        if (layouts < 1 || layouts > MAX_LAYOUTS) {
            throw ApiError.badRequest("'layouts' must be an integer from 1 to " + MAX_LAYOUTS + ", got " + layouts);
        }
        try {
            CouplingKernel kernel = kernelType.coupling(xi, power);
            EchoSequence sequence = EchoSequence.DEFAULT.withNtau((int) ntau).withDt(dt).withFlipAngle(flipAngle);
            SimulationParameters p = new SimulationParameters(kernel, alpha, alphaZRatio, d, lattice, line, layout,
                    layoutSeed, sequence);
            return new SimulationRequest(p, method, noise, noiseSeed, (int) layouts);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    private static double positive(JsonNode body, String name, double fallback) {
        double v = Json.number(body, name, fallback);
        if (!(v > 0)) {
            throw ApiError.badRequest("'" + name + "' must be > 0, got " + v);
        }
        return v;
    }

    /**
     * The curve: one simulation, or the mean over the layouts; then the noise (seeded: the same
     * request gives the same numbers).
     */
    SimulatedCurve run() {
        int n = parameters.sequence().samples();
        double[] re = new double[n];
        double[] im = new double[n];
        for (int l = 0; l < layouts; l++) {
            EchoCurve c = new MeanFieldIntegrator(parameters.withLayoutSeed(parameters.layoutSeed() + l), method).run();
            for (int i = 0; i < n; i++) {
                re[i] += c.re(i) / layouts;
                im[i] += c.im(i) / layouts;
            }
        }
        if (noise > 0) {
            GaussianNoise g = new GaussianNoise(new SplitMix64(noiseSeed));
            g.addTo(re, noise);
            g.addTo(im, noise);
        }
        return SimulatedCurve.of(re, im, parameters.sequence());
    }
}
