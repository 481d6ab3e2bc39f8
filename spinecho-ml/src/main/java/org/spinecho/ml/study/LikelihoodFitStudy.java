package org.spinecho.ml.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.spinecho.data.EchoDataset;
import org.spinecho.data.GaussianNoise;
import org.spinecho.data.Preset;
import org.spinecho.ml.PerParameter;
import org.spinecho.ml.Scores;
import org.spinecho.ml.Estimator;
import org.spinecho.ml.UncertaintyCalibration;
import org.spinecho.ml.bound.Experiment;
import org.spinecho.ml.fit.LikelihoodFit;
import org.spinecho.ml.fit.SampleCurves;
import org.spinecho.sim.EchoSequence;
import org.spinecho.sim.SimulationParameters;
import org.spinecho.sim.SplitMix64;
import org.spinecho.sim.Theta;

/**
 * The likelihood fit scored on the first curves of a labelled set: noise of a given σ added (its
 * own seed), the network's estimate and calibrated covariance as start and prior, the fit, and both
 * against the truth. Usable from Java; the {@code fit} command prints and records it.
 */
public final class LikelihoodFitStudy {

    /**
     * One fitted curve.
     *
     * @param index    the curve's index in the set
     * @param truth    the true θ
     * @param network  the network's estimate
     * @param fit      the fit's result
     * @param seconds  wall time of the fit
     */
    public record Row(int index, double[] truth, double[] network, LikelihoodFit.Result fit, double seconds) {
        /** Whether the fit's 90% interval of parameter k holds the truth. */
        public boolean covered(int k) {
            double[] iv = fit.interval90()[k];
            return truth[k] >= iv[0] && truth[k] <= iv[1];
        }
    }

    /** Called after each curve (e.g. to record or print progress). */
    public interface Listener {
        void finished(Row row, int done, int total);
    }

    private final EchoDataset data;
    private final Estimator model;
    private final LikelihoodFit fit;
    private final Preset preset;
    private final SimulationParameters template;
    private final double noise;
    private final long noiseSeed;

    /**
     * @param template  the simulation settings of the set (kernel shape, lattice, sequence)
     * @param noise     σ of the white noise added to every component before inference (0: none)
     * @param noiseSeed seed of that noise
     */
    public LikelihoodFitStudy(EchoDataset data, Estimator model, LikelihoodFit fit, Preset preset,
                              SimulationParameters template, double noise, long noiseSeed) {
        this.data = Objects.requireNonNull(data);
        this.model = Objects.requireNonNull(model);
        this.fit = Objects.requireNonNull(fit);
        this.preset = Objects.requireNonNull(preset);
        this.template = Objects.requireNonNull(template);
        if (!(noise >= 0) || !Double.isFinite(noise)) {
            throw new IllegalArgumentException("noise must be a finite number >= 0, got " + noise);
        }
        this.noise = noise;
        this.noiseSeed = noiseSeed;
        if (!data.hasParams()) {
            throw new IllegalArgumentException("the study needs a labelled set (true alpha, xi, d)");
        }
    }

    /** The curves as inferred: the set's curves plus the study's noise (deterministic in the seed). */
    public double[][][] noisyCurves(int count) {
        double[][] re = new double[count][];
        double[][] im = new double[count][];
        GaussianNoise g = new GaussianNoise(new SplitMix64(noiseSeed));
        for (int i = 0; i < count; i++) {
            re[i] = data.re()[i].clone();
            im[i] = data.im()[i].clone();
            if (noise > 0) {
                for (int s = 0; s < re[i].length; s++) {
                    re[i][s] += noise * g.next();
                    im[i][s] += noise * g.next();
                }
            }
        }
        return new double[][][] {re, im};
    }

    /** Fits the curves {@code from} … {@code count − 1} (earlier rows come from a record). */
    public List<Row> run(int from, int count, Listener listener) {
        if (count < 1 || count > data.size()) {
            throw new IllegalArgumentException("count must be between 1 and " + data.size() + ", got " + count);
        }
        double[][][] curves = noisyCurves(count);
        double[][] network = model.predict(curves[0], curves[1]);
        UncertaintyCalibration cal = model.calibration();
        Experiment experiment = Experiment.single(template.withSequence(
                EchoSequence.DEFAULT.withNtau(data.samples() / 3)));
        List<Row> rows = new ArrayList<>();
        for (int i = from; i < count; i++) {
            double[] raw = new double[2 * data.samples()];
            System.arraycopy(curves[0][i], 0, raw, 0, data.samples());
            System.arraycopy(curves[1][i], 0, raw, data.samples(), data.samples());
            SampleCurves.NetworkStart net = SampleCurves.NetworkStart.of(network[i], cal, noise);
            LikelihoodFit.GaussianPrior prior = net.prior();
            Theta start = net.start();
            long t0 = System.nanoTime();
            LikelihoodFit.Result r = fit.fit(experiment, raw, noise, start, prior, preset.prior(),
                    LikelihoodFit.Listener.NONE);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double[] truth = {data.alpha(i), data.xi(i), data.d(i)};
            Row row = new Row(i, truth, network[i], r, seconds);
            rows.add(row);
            listener.finished(row, i + 1, count);
        }
        return rows;
    }

    /**
     * The scores of a study: NMSE of the network and of the fit over the rows (standardised with the
     * rows' true values), the fit's 90% coverage per parameter.
     *
     * @param network   the network's scores
     * @param fit       the fit's scores
     * @param coverage  share of rows whose 90% interval holds the truth, per parameter
     * @param warned    rows with a fit warning
     * @param seconds   median seconds per fit
     */
    public record Summary(Scores network, Scores fit, PerParameter coverage, int warned, double seconds) {
    }

    public static Summary summarise(List<Row> rows) {
        int n = rows.size();
        double[][] truth = new double[n][];
        double[][] net = new double[n][];
        double[][] fitted = new double[n][];
        double[] cov = new double[3];
        double[] secs = new double[n];
        int warned = 0;
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            truth[i] = r.truth();
            net[i] = r.network();
            fitted[i] = r.fit().estimate().toArray();
            for (int k = 0; k < 3; k++) {
                cov[k] += r.covered(k) ? 1.0 / n : 0;
            }
            secs[i] = r.seconds();
            if (r.fit().warning() != null) {
                warned++;
            }
        }
        double median = org.spinecho.data.Statistics.median(secs);
        return new Summary(Scores.compute(truth, net), Scores.compute(truth, fitted), PerParameter.of(cov), warned,
                median);
    }
}
