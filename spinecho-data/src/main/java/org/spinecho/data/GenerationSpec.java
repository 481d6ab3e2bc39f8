package org.spinecho.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.spinecho.sim.EchoCurve;
import org.spinecho.sim.EchoSequence;
import org.spinecho.sim.Lattice;
import org.spinecho.sim.LineShape;
import org.spinecho.sim.MeanFieldIntegrator;
import org.spinecho.sim.SimulationParameters;
import org.spinecho.sim.SpectrumLayout;
import org.spinecho.sim.SplitMix64;

/**
 * Everything that determines the bytes of a generated data set: the preset's kernel and the
 * prior, the split (file names), the number of curves, the seed, the noise and the simulation
 * settings. The thread count is not part of it: curve {@code n} depends only on
 * {@code (seed, n)}.
 *
 * <p>Curve {@code n}: a SplitMix64 stream seeded with the {@code (n+1)}-th output of
 * SplitMix64(seed) draws, in this order, u_α, u_ξ, u_d (α = lo + (hi − lo)·u, uniform), the
 * layout seed (one 64-bit output), then, if noise &gt; 0, standard normals (Marsaglia's polar
 * method with {@link StrictMath#log}) added as σ·z to Re and Im of each sample in turn.
 *
 * @param kernel      kernel name ("gauss", "rkky"), also the data set's file name
 * @param split       "model" or "eval"
 * @param prior       ranges of α, ξ, d
 * @param count       number of curves (≥ 1)
 * @param seed        the data set's seed
 * @param noise       standard deviation of the Gaussian noise added to Re and Im (≥ 0)
 * @param lattice     the lattice of every curve
 * @param sequence    the echo sequence (nτ, dt, pulses)
 * @param line        the inhomogeneous line
 * @param alphaZRatio α_z/α
 */
public record GenerationSpec(String kernel, String split, Prior prior, int count, long seed, double noise,
                             Lattice lattice, EchoSequence sequence, LineShape line, double alphaZRatio) {

    /** Version of the curve-drawing recipe above; part of the settings fingerprint. */
    public static final String RECIPE = "splitmix64-v1";

    public GenerationSpec {
        if (kernel == null || split == null || prior == null || lattice == null || sequence == null || line == null) {
            throw new NullPointerException("kernel, split, prior, lattice, sequence and line are required");
        }
        Kernel.of(kernel); // validates the name
        if (!split.equals(DataFiles.MODEL) && !split.equals(DataFiles.EVAL)) {
            throw new IllegalArgumentException("--split: expected model or eval, got '" + split + "'");
        }
        if (count < 1) {
            throw new IllegalArgumentException("--count: must be >= 1, got " + count);
        }
        if (!(noise >= 0) || !Double.isFinite(noise)) {
            throw new IllegalArgumentException("--noise: must be a finite number >= 0, got " + noise);
        }
        if (!Double.isFinite(alphaZRatio)) {
            throw new IllegalArgumentException("alpha-z ratio must be finite, got " + alphaZRatio);
        }
    }

    /** The preset's kernel and prior with the model's defaults: 50×50, nτ = 157, no noise. */
    public static GenerationSpec of(Preset preset, String split, int count, long seed) {
        return new GenerationSpec(preset.kernel(), split, preset.prior(), count, seed, 0.0,
                Lattice.DEFAULT, EchoSequence.DEFAULT, LineShape.DEFAULT, 1.0);
    }

    public GenerationSpec withPrior(Prior value) {
        return new GenerationSpec(kernel, split, value, count, seed, noise, lattice, sequence, line, alphaZRatio);
    }

    public GenerationSpec withCount(int value) {
        return new GenerationSpec(kernel, split, prior, value, seed, noise, lattice, sequence, line, alphaZRatio);
    }

    public GenerationSpec withSeed(long value) {
        return new GenerationSpec(kernel, split, prior, count, value, noise, lattice, sequence, line, alphaZRatio);
    }

    public GenerationSpec withNoise(double value) {
        return new GenerationSpec(kernel, split, prior, count, seed, value, lattice, sequence, line, alphaZRatio);
    }

    public GenerationSpec withLattice(Lattice value) {
        return new GenerationSpec(kernel, split, prior, count, seed, noise, value, sequence, line, alphaZRatio);
    }

    public GenerationSpec withSequence(EchoSequence value) {
        return new GenerationSpec(kernel, split, prior, count, seed, noise, lattice, value, line, alphaZRatio);
    }

    public GenerationSpec withNtau(int ntau) {
        return withSequence(sequence.withNtau(ntau));
    }

    public GenerationSpec withLine(LineShape value) {
        return new GenerationSpec(kernel, split, prior, count, seed, noise, lattice, sequence, value, alphaZRatio);
    }

    public GenerationSpec withAlphaZRatio(double value) {
        return new GenerationSpec(kernel, split, prior, count, seed, noise, lattice, sequence, line, value);
    }

    /** The data set's files in {@code dir}. */
    public DataFiles files(Path dir) {
        return DataFiles.of(dir, kernel, split);
    }

    /**
     * The settings that determine the output, as canonical strings (doubles in their exact
     * shortest form), in a fixed order. Two runs with equal settings write identical bytes.
     */
    public Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("recipe", RECIPE);
        s.put("preset", kernel);
        s.put("split", split);
        s.put("count", Integer.toString(count));
        s.put("seed", Long.toString(seed));
        s.put("noise", DelimitedText.format(noise));
        s.put("alpha", prior.alpha().toString());
        s.put("xi", prior.xi().toString());
        s.put("d", prior.d().toString());
        s.put("lattice", lattice.toString());
        s.put("ntau", Integer.toString(sequence.ntau()));
        s.put("dt", DelimitedText.format(sequence.dt()));
        s.put("flip_angle", DelimitedText.format(sequence.flipAngle()));
        s.put("phase1", DelimitedText.format(sequence.phase1()));
        s.put("phase2", DelimitedText.format(sequence.phase2()));
        s.put("layout", SpectrumLayout.RANDOM.id());
        s.put("nu0", DelimitedText.format(line.nu0()));
        s.put("bandwidth", DelimitedText.format(line.bandwidth()));
        s.put("fwhm", DelimitedText.format(line.fwhm()));
        s.put("alpha_z_ratio", DelimitedText.format(alphaZRatio));
        s.put("method", "fft");
        return s;
    }

    /**
     * The spec whose {@link #settings()} are {@code settings} (a manifest's "settings"): the
     * inverse of {@link #settings()}, so that a data set's settings are all a remote worker needs.
     *
     * @throws IllegalArgumentException naming the missing or malformed setting, or a recipe,
     *                                  layout or method this version does not generate
     */
    public static GenerationSpec fromSettings(Map<String, String> settings) {
        java.util.function.Function<String, String> get = key -> {
            String v = settings.get(key);
            if (v == null) {
                throw new IllegalArgumentException("setting '" + key + "' is missing");
            }
            return v;
        };
        require(get.apply("recipe"), RECIPE, "recipe");
        require(get.apply("layout"), SpectrumLayout.RANDOM.id(), "layout");
        require(get.apply("method"), "fft", "method");
        try {
            Prior prior = new Prior(Range.parse(get.apply("alpha"), "alpha"), Range.parse(get.apply("xi"), "xi"),
                    Range.parse(get.apply("d"), "d"));
            EchoSequence sequence = new EchoSequence(Integer.parseInt(get.apply("ntau")),
                    Double.parseDouble(get.apply("dt")), Double.parseDouble(get.apply("flip_angle")),
                    Double.parseDouble(get.apply("phase1")), Double.parseDouble(get.apply("phase2")));
            LineShape line = new LineShape(Double.parseDouble(get.apply("nu0")),
                    Double.parseDouble(get.apply("bandwidth")), Double.parseDouble(get.apply("fwhm")));
            return new GenerationSpec(get.apply("preset"), get.apply("split"), prior,
                    Integer.parseInt(get.apply("count")), Long.parseLong(get.apply("seed")),
                    Double.parseDouble(get.apply("noise")), Lattice.parse(get.apply("lattice")), sequence, line,
                    Double.parseDouble(get.apply("alpha_z_ratio")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("settings hold a malformed number: " + e.getMessage(), e);
        }
    }

    private static void require(String have, String want, String key) {
        if (!have.equals(want)) {
            throw new IllegalArgumentException("setting '" + key + "' is " + have + "; this version generates " + want);
        }
    }

    /** The command-line option that sets a settings key, for messages ("--seed"), or the key itself. */
    public static String optionOf(String key) {
        return switch (key) {
            case "preset", "split", "count", "seed", "noise", "alpha", "xi", "d", "lattice", "ntau", "shard" -> "--" + key;
            default -> key;
        };
    }

    /** The draw of curve {@code n}: its parameters, layout seed and the state for its noise. */
    public record CurveDraw(int index, double alpha, double xi, double d, long layoutSeed, SplitMix64 rng) {
    }

    /** Draws curve {@code n}'s parameters; depends only on (seed, n). */
    public CurveDraw draw(int n) {
        if (n < 0 || n >= count) {
            throw new IndexOutOfBoundsException("curve " + n + " of " + count);
        }
        SplitMix64 rng = new SplitMix64(curveSeed(seed, n));
        double alpha = prior.alpha().at(rng.nextDouble());
        double xi = prior.xi().at(rng.nextDouble());
        double d = prior.d().at(rng.nextDouble());
        long layoutSeed = rng.nextLong();
        return new CurveDraw(n, alpha, xi, d, layoutSeed, rng);
    }

    /** The seed of curve n's stream: output n+1 of SplitMix64(seed). */
    static long curveSeed(long seed, long n) {
        long z = seed + (n + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The simulation parameters of a draw. */
    public SimulationParameters parameters(CurveDraw draw) {
        return new SimulationParameters(Kernel.of(kernel).coupling(draw.xi(), 1), draw.alpha(), alphaZRatio, draw.d(),
                lattice, line, SpectrumLayout.RANDOM, draw.layoutSeed(), sequence);
    }

    /** One generated curve: its parameters (α, ξ, d) and samples, noise included. */
    public record Curve(double[] params, double[] re, double[] im) {
        /**
         * The curve's lines in the three challenge files, each ending in '\n': real parts,
         * imaginary parts, {@code α ξ d}.
         */
        public String[] lines() {
            return new String[] {line(0), line(1), line(2)};
        }

        /** The curve's line in challenge file {@code file}: 0 real parts, 1 imaginary parts, 2 {@code α ξ d}. */
        public String line(int file) {
            double[] row = switch (file) {
                case 0 -> re;
                case 1 -> im;
                case 2 -> params;
                default -> throw new IndexOutOfBoundsException("file " + file + " of 3");
            };
            return DelimitedText.appendRow(new StringBuilder(row.length * 22), row).toString();
        }
    }

    /** Simulates curve {@code n} (single-threaded) and adds its noise. */
    public Curve curve(int n) {
        CurveDraw draw = draw(n);
        EchoCurve echo = new MeanFieldIntegrator(parameters(draw)).run();
        double[] re = echo.re();
        double[] im = echo.im();
        NonFiniteCurveException.check(re, im, "curve " + (n + 1) + " (line " + (n + 1) + " of the files; alpha "
                + draw.alpha() + ", xi " + draw.xi() + ", d " + draw.d() + ", layout seed " + draw.layoutSeed() + ", " + lattice + ", ntau "
                + sequence.ntau() + ")");
        if (noise > 0) {
            GaussianNoise g = new GaussianNoise(draw.rng());
            for (int k = 0; k < re.length; k++) {
                re[k] += noise * g.next();
                im[k] += noise * g.next();
            }
        }
        return new Curve(new double[] {draw.alpha(), draw.xi(), draw.d()}, re, im);
    }
}
