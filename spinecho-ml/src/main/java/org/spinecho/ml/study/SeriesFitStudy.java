package org.spinecho.ml.study;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.spinecho.data.GaussianNoise;
import org.spinecho.data.GenerationSpec;
import org.spinecho.data.NonFiniteCurveException;
import org.spinecho.data.Prior;
import org.spinecho.data.Statistics;
import org.spinecho.ml.Estimator;
import org.spinecho.ml.PerParameter;
import org.spinecho.ml.bound.Experiment;
import org.spinecho.ml.fit.LikelihoodFit;
import org.spinecho.ml.fit.SampleCurves;
import org.spinecho.sim.EchoCurve;
import org.spinecho.sim.MeanFieldIntegrator;
import org.spinecho.sim.SimulationParameters;

/**
 * Does a series of flip angles on one sample, fitted jointly, beat its first curve alone? Samples
 * are drawn as a data set's curves are ({@link GenerationSpec#draw}: sample n's θ and layout seed
 * depend only on the seed and n); each is simulated at every flip angle on its one layout, white
 * noise σ is added to every curve, and the first curve (90°: the network's) is fitted alone and
 * the whole series jointly, both from the network's estimate on the first curve with its
 * calibrated covariance as the prior.
 *
 * <p>The noise of sample n continues the stream of its draw, curve after curve, Re and Im of each
 * sample in turn, so its first curve is byte for byte curve n of {@code generate} with the same
 * preset, seed, count and {@code --noise σ} when the first flip angle is the set's (90°).
 */
public final class SeriesFitStudy {

    /**
     * One drawn sample and its curves as inferred (noise added).
     *
     * @param index      the sample's index (its draw)
     * @param truth      the true α, ξ, d
     * @param layoutSeed the layout shared by all its curves
     * @param re         real parts, one row per flip angle
     * @param im         imaginary parts, one row per flip angle
     */
    public record Sample(int index, double[] truth, long layoutSeed, double[][] re, double[][] im) {
        /** Re then Im of each of the first {@code curves} curves, curve after curve: the fit's data vector. */
        public double[] data(int curves) {
            int n = 0;
            for (int j = 0; j < curves; j++) {
                n += 2 * re[j].length;
            }
            double[] raw = new double[n];
            int off = 0;
            for (int j = 0; j < curves; j++) {
                System.arraycopy(re[j], 0, raw, off, re[j].length);
                System.arraycopy(im[j], 0, raw, off + re[j].length, im[j].length);
                off += 2 * re[j].length;
            }
            return raw;
        }
    }

    /**
     * One sample: the first curve fitted alone and the series fitted jointly (same index, truth and
     * network estimate).
     */
    public record Row(LikelihoodFitStudy.Row single, LikelihoodFitStudy.Row series) {
        public Row {
            Objects.requireNonNull(single, "single");
            Objects.requireNonNull(series, "series");
            if (single.index() != series.index() || !Arrays.equals(single.truth(), series.truth())
                    || !Arrays.equals(single.network(), series.network())) {
                throw new IllegalArgumentException("the single and the series fit of a row must be of one sample");
            }
        }

        public int index() {
            return single.index();
        }

        public double[] truth() {
            return single.truth();
        }

        public double[] network() {
            return single.network();
        }

        /** Whether the series' squared error, standardised by the prior's variance and summed over α, ξ, d, is smaller. */
        public boolean seriesBetter(Prior prior) {
            return standardisedError(series.fit().estimate().toArray(), truth(), prior)
                    < standardisedError(single.fit().estimate().toArray(), truth(), prior);
        }
    }

    /** Called as the study goes. */
    public interface Listener {
        /** A sample is done (both fits). */
        void finished(Row row, int done, int total);

        /** A fit starts: {@code what} is "single" or "series". */
        default void fitting(int index, String what) {
        }

        /** A fit of sample {@code index} moves on (the fit's own stages and simulations so far). */
        default void progressed(int index, String what, String stage, long simulations) {
        }
    }

    private final Estimator model;
    private final LikelihoodFit fit;
    private final GenerationSpec spec;
    private final double[] flipAngles;
    private final double noise;

    /**
     * @param spec       the draws: preset kernel and prior, seed, count, lattice, sequence (nτ; its flip
     *                   angle is replaced by each of {@code flipAngles}); its noise must be 0
     * @param flipAngles first-pulse flip angles in degrees (second pulse twice each), at least two;
     *                   the first is the single curve and the network's input
     * @param noise      σ of the white noise added to each component of every curve (0: none); the fits
     *                   are told it
     */
    public SeriesFitStudy(Estimator model, LikelihoodFit fit, GenerationSpec spec, double[] flipAngles, double noise) {
        this.model = Objects.requireNonNull(model);
        this.fit = Objects.requireNonNull(fit);
        this.spec = Objects.requireNonNull(spec);
        if (spec.noise() != 0) {
            throw new IllegalArgumentException("the study adds its own noise: the spec's must be 0");
        }
        if (flipAngles == null || flipAngles.length < 2) {
            throw new IllegalArgumentException("a series needs at least two flip angles");
        }
        for (double a : flipAngles) {
            if (!(a > 0 && a < 180)) {
                throw new IllegalArgumentException("flip angles must lie in (0, 180) degrees, got " + a);
            }
        }
        if (!(noise >= 0) || !Double.isFinite(noise)) {
            throw new IllegalArgumentException("noise must be a finite number >= 0, got " + noise);
        }
        this.flipAngles = flipAngles.clone();
        this.noise = noise;
    }

    /** The experiment of sample {@code index}: its template and one sequence per flip angle. */
    public Experiment experiment(int index) {
        return Experiment.flipAngles(spec.parameters(spec.draw(index)), flipAngles);
    }

    /** Sample {@code index}: its draw simulated at every flip angle on its layout, noise added. */
    public Sample sample(int index) {
        return sample(spec, flipAngles, noise, index);
    }

    /**
     * Sample {@code index} of a study with these draws, flip angles (degrees) and noise σ: θ and the
     * layout seed of {@code spec}'s curve {@code index}, one curve per flip angle on that layout, then
     * σ times standard normals from the rest of the draw's stream, curve after curve, Re and Im of
     * each sample in turn (the generator's recipe for a curve's noise).
     */
    public static Sample sample(GenerationSpec spec, double[] flipAngles, double noise, int index) {
        GenerationSpec.CurveDraw draw = spec.draw(index);
        SimulationParameters atTheta = spec.parameters(draw);
        Experiment experiment = Experiment.flipAngles(atTheta, flipAngles);
        double[][] re = new double[flipAngles.length][];
        double[][] im = new double[flipAngles.length][];
        GaussianNoise g = noise > 0 ? new GaussianNoise(draw.rng()) : null;
        for (int j = 0; j < flipAngles.length; j++) {
            EchoCurve c = new MeanFieldIntegrator(experiment.curve(atTheta, j, draw.layoutSeed())).run();
            re[j] = c.re();
            im[j] = c.im();
            NonFiniteCurveException.check(re[j], im[j], "sample " + index + " at " + flipAngles[j] + " degrees (alpha "
                    + draw.alpha() + ", xi " + draw.xi() + ", d " + draw.d() + ", layout seed " + draw.layoutSeed() + ")");
            if (g != null) {
                for (int k = 0; k < re[j].length; k++) {
                    re[j][k] += noise * g.next();
                    im[j][k] += noise * g.next();
                }
            }
        }
        return new Sample(index, new double[] {draw.alpha(), draw.xi(), draw.d()}, draw.layoutSeed(), re, im);
    }

    /** Studies samples {@code from} … {@code count − 1} (earlier rows come from a record). */
    public List<Row> run(int from, int count, Listener listener) {
        if (count < 1 || count > spec.count()) {
            throw new IllegalArgumentException("count must be between 1 and " + spec.count() + ", got " + count);
        }
        List<Row> rows = new ArrayList<>();
        for (int i = from; i < count; i++) {
            Row row = study(sample(i), listener);
            rows.add(row);
            listener.finished(row, i + 1, count);
        }
        return rows;
    }

    /** Both fits of one sample. */
    Row study(Sample s, Listener listener) {
        double[] network = model.predict(new double[][] {s.re()[0]}, new double[][] {s.im()[0]})[0];
        SampleCurves.NetworkStart net = SampleCurves.NetworkStart.of(network, model.calibration(), noise);
        Experiment series = experiment(s.index());
        Experiment single = new Experiment(series.template(), series.sequences().subList(0, 1));
        listener.fitting(s.index(), "single");
        LikelihoodFitStudy.Row one = fitted(s, network, net, single,
                (stage, sims) -> listener.progressed(s.index(), "single", stage, sims));
        listener.fitting(s.index(), "series");
        LikelihoodFitStudy.Row all = fitted(s, network, net, series,
                (stage, sims) -> listener.progressed(s.index(), "series", stage, sims));
        return new Row(one, all);
    }

    private LikelihoodFitStudy.Row fitted(Sample s, double[] network, SampleCurves.NetworkStart net, Experiment e,
                                          LikelihoodFit.Listener progress) {
        long t0 = System.nanoTime();
        LikelihoodFit.Result r = fit.fit(e, s.data(e.curves()), noise, net.start(), net.prior(), spec.prior(),
                progress);
        return new LikelihoodFitStudy.Row(s.index(), s.truth(), network, r, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The scores of a series study, NMSE standardised by the prior's variance (uniform: width²/12),
     * so that they do not depend on how the few drawn truths spread.
     *
     * @param network          the network's NMSE per parameter
     * @param single           the single fit's
     * @param series           the series fit's
     * @param singleCoverage   share of samples whose single-fit 90% interval holds the truth
     * @param seriesCoverage   the same for the series fit
     * @param seriesBetter     samples where the series fit's standardised error (summed over α, ξ, d) is smaller
     * @param samples          number of samples
     * @param singleWarned     single fits with a warning
     * @param seriesWarned     series fits with a warning
     * @param singleSeconds    median seconds of a single fit
     * @param seriesSeconds    median seconds of a series fit
     */
    public record Summary(PerParameter network, PerParameter single, PerParameter series, PerParameter singleCoverage,
                          PerParameter seriesCoverage, int seriesBetter, int samples, int singleWarned,
                          int seriesWarned, double singleSeconds, double seriesSeconds) {
    }

    public static Summary summarise(List<Row> rows, Prior prior) {
        int n = rows.size();
        if (n == 0) {
            throw new IllegalArgumentException("cannot summarise an empty study");
        }
        double[][] err = new double[3][3]; // network, single, series × α, ξ, d
        double[][] cov = new double[2][3];
        double[][] secs = new double[2][n];
        int better = 0;
        int[] warned = new int[2];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            LikelihoodFitStudy.Row[] fits = {r.single(), r.series()};
            for (int k = 0; k < 3; k++) {
                double var = variance(prior, k);
                err[0][k] += sq(r.network()[k] - r.truth()[k]) / var / n;
                for (int m = 0; m < 2; m++) {
                    err[m + 1][k] += sq(fits[m].fit().estimate().get(k) - r.truth()[k]) / var / n;
                    cov[m][k] += fits[m].covered(k) ? 1.0 / n : 0;
                }
            }
            for (int m = 0; m < 2; m++) {
                secs[m][i] = fits[m].seconds();
                warned[m] += fits[m].fit().warning() != null ? 1 : 0;
            }
            better += r.seriesBetter(prior) ? 1 : 0;
        }
        return new Summary(PerParameter.of(err[0]), PerParameter.of(err[1]), PerParameter.of(err[2]),
                PerParameter.of(cov[0]), PerParameter.of(cov[1]), better, n, warned[0], warned[1],
                Statistics.median(secs[0]), Statistics.median(secs[1]));
    }

    /** Σ_k (estimate_k − truth_k)² / prior variance_k. */
    static double standardisedError(double[] estimate, double[] truth, Prior prior) {
        double s = 0;
        for (int k = 0; k < 3; k++) {
            s += sq(estimate[k] - truth[k]) / variance(prior, k);
        }
        return s;
    }

    /** The variance of the prior's uniform range of parameter k (the bound's prior sd, squared). */
    static double variance(Prior prior, int k) {
        return sq(org.spinecho.ml.bound.Bound.priorSd(prior, k));
    }

    private static double sq(double x) {
        return x * x;
    }
}
