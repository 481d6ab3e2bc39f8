package org.spinecho.ml.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.spinecho.sim.EchoCurve;
import org.spinecho.sim.MeanFieldIntegrator;
import org.spinecho.sim.SimulationParameters;

/**
 * How well the simulator matches a measured curve across the α–ξ plane at a fixed d: the RMS of
 * data − model over Re and Im of all samples, the model curve being the mean over K layouts (as in
 * the likelihood fit). The curve fixes a combination of α and ξ much better than each alone, so
 * the low-misfit region is a long curved valley; drawn beside an estimate it shows which other
 * (α, ξ) explain the curve about as well.
 *
 * <p>Grid points are simulated in parallel; the result does not depend on the thread count.
 */
public final class MisfitMap {
    /**
     * The map: {@code rms[j][i]} at (α_i, ξ_j).
     *
     * @param alpha the α grid (rad/u), increasing
     * @param xi    the ξ grid (lattice spacings), increasing
     * @param d     the dephasing exponent of every grid point
     * @param rms   misfit per point, rows by ξ
     */
    public record Result(double[] alpha, double[] xi, double d, double[][] rms) {
        /** The grid point of least misfit, as (α, ξ). */
        public double[] minimum() {
            double best = Double.POSITIVE_INFINITY;
            double[] at = new double[2];
            for (int j = 0; j < xi.length; j++) {
                for (int i = 0; i < alpha.length; i++) {
                    if (rms[j][i] < best) {
                        best = rms[j][i];
                        at = new double[] {alpha[i], xi[j]};
                    }
                }
            }
            return at;
        }
    }

    private final SimulationParameters template;
    private final long[] layoutSeeds;
    private final int threads;

    /**
     * @param template    every setting but α, ξ and d (kernel type, lattice, line, sequence)
     * @param layoutSeeds the layouts averaged per model curve (1 … 64 of them)
     * @param threads     simulation threads
     */
    public MisfitMap(SimulationParameters template, long[] layoutSeeds, int threads) {
        if (layoutSeeds.length < 1 || layoutSeeds.length > 64) {
            throw new IllegalArgumentException("layout seeds must be between 1 and 64, got " + layoutSeeds.length);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.template = template;
        this.layoutSeeds = layoutSeeds.clone();
        this.threads = threads;
    }

    /** n points from lo to hi, evenly spaced ({@code log}: evenly in ln). */
    public static double[] grid(double lo, double hi, int n, boolean log) {
        if (n < 2 || !(lo < hi) || (log && !(lo > 0))) {
            throw new IllegalArgumentException("a grid needs n >= 2 and lo < hi (lo > 0 on a log scale), got n = " + n
                    + ", " + lo + " .. " + hi);
        }
        double[] g = new double[n];
        for (int k = 0; k < n; k++) {
            double u = (double) k / (n - 1);
            g[k] = log ? Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo))) : lo + u * (hi - lo);
        }
        return g;
    }

    /**
     * Maps the misfit of the curve (re, im) over the grid.
     *
     * @param progress called with the number of grid points done after each (from worker threads)
     * @throws IllegalStateException when the calling thread is interrupted (the map is cancelled)
     */
    public Result map(double[] re, double[] im, double[] alpha, double[] xi, double d, IntConsumer progress) {
        int n = re.length;
        if (im.length != n || n != template.sequence().samples()) {
            throw new IllegalArgumentException("the curve has " + re.length + " (re) / " + im.length
                    + " (im) samples, the simulation " + template.sequence().samples());
        }
        double[][] rms = new double[xi.length][alpha.length];
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "spinecho-misfit");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger done = new AtomicInteger();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int j = 0; j < xi.length; j++) {
                for (int i = 0; i < alpha.length; i++) {
                    int jj = j;
                    int ii = i;
                    futures.add(pool.submit(() -> {
                        rms[jj][ii] = misfit(re, im, alpha[ii], xi[jj], d);
                        progress.accept(done.incrementAndGet());
                    }));
                }
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Result(alpha.clone(), xi.clone(), d, rms);
    }

    /** RMS of data − (mean over the layouts of the model curve at α, ξ, d). */
    double misfit(double[] re, double[] im, double alpha, double xi, double d) {
        int n = re.length;
        double[] mre = new double[n];
        double[] mim = new double[n];
        SimulationParameters p = template.withKernel(template.kernel().withXi(xi))
                .withAlpha(alpha).withD(d);
        for (long seed : layoutSeeds) {
            EchoCurve c = new MeanFieldIntegrator(p.withLayoutSeed(seed)).run();
            for (int k = 0; k < n; k++) {
                mre[k] += c.re(k) / layoutSeeds.length;
                mim[k] += c.im(k) / layoutSeeds.length;
            }
        }
        double s = 0;
        for (int k = 0; k < n; k++) {
            double a = re[k] - mre[k];
            double b = im[k] - mim[k];
            s += a * a + b * b;
        }
        return Math.sqrt(s / (2.0 * n));
    }
}
