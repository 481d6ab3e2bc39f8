package org.spinecho.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Simulates many curves at once on a fixed pool of threads. Consecutive curves that differ only
 * in their layout seed are integrated in lock-step, up to {@link #LAYOUTS_PER_TASK} per task
 * ({@link MeanFieldIntegrator#runLayouts}); every other curve is a task of its own. A curve's
 * bits depend only on its own parameters, not on the thread count, the grouping or the other
 * curves.
 */
public final class BatchSimulator {
    /**
     * Most layouts one task integrates in lock-step. One: on the 50 × 50 lattice, 2, 4 or 8
     * layouts in lock-step cost as much per curve as one at a time or more (the arrays outgrow
     * the caches as fast as the longer loops gain; README, "Simulator speed"), so the batch runs
     * one curve per task. Raise it where a measurement says lock-step pays; the curves do not
     * change.
     */
    public static final int LAYOUTS_PER_TASK = 1;

    private final int threads;

    /** @param threads worker threads (≥ 1) */
    public BatchSimulator(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
    }

    /** A simulator with one thread per available processor. */
    public static BatchSimulator allCores() {
        return new BatchSimulator(Runtime.getRuntime().availableProcessors());
    }

    public int threads() {
        return threads;
    }

    /** Simulates all curves; results in input order. */
    public List<EchoCurve> simulate(List<SimulationParameters> parameters, MeanFieldMethod method) {
        return simulate(parameters, method, i -> { });
    }

    /**
     * Simulates the point {@code point} on each of the layout seeds, curves in the order of the
     * seeds; as {@link #simulate} on the list of {@code point.withLayoutSeed(seed)}.
     */
    public List<EchoCurve> simulateLayouts(SimulationParameters point, long[] layoutSeeds, MeanFieldMethod method) {
        List<SimulationParameters> list = new ArrayList<>(layoutSeeds.length);
        for (long seed : layoutSeeds) {
            list.add(point.withLayoutSeed(seed));
        }
        return simulate(list, method);
    }

    /**
     * Simulates all curves; results in input order. {@code done} is called (from worker threads)
     * with the index of each finished curve.
     */
    public List<EchoCurve> simulate(List<SimulationParameters> parameters, MeanFieldMethod method,
                                    IntConsumer done) {
        // Groups of consecutive curves differing only in the layout seed; no more per group than
        // keeps every thread busy.
        int perTask = Math.max(1, Math.min(LAYOUTS_PER_TASK,
                (parameters.size() + threads - 1) / Math.max(1, threads)));
        List<int[]> groups = new ArrayList<>(); // [first, end)
        for (int i = 0; i < parameters.size(); ) {
            SimulationParameters first = parameters.get(i);
            int end = i + 1;
            while (end < parameters.size() && end - i < perTask
                    && parameters.get(end).withLayoutSeed(first.layoutSeed()).equals(first)) {
                end++;
            }
            groups.add(new int[] {i, end});
            i = end;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "spinecho-sim");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<EchoCurve>>> futures = new ArrayList<>(groups.size());
            for (int[] group : groups) {
                int from = group[0];
                int to = group[1];
                futures.add(pool.submit(() -> {
                    SimulationParameters p = parameters.get(from);
                    List<EchoCurve> curves;
                    if (to - from == 1) {
                        curves = List.of(new MeanFieldIntegrator(p, method).run());
                    } else {
                        long[] seeds = new long[to - from];
                        for (int i = from; i < to; i++) {
                            seeds[i - from] = parameters.get(i).layoutSeed();
                        }
                        curves = MeanFieldIntegrator.runLayouts(p, seeds, method);
                    }
                    for (int i = from; i < to; i++) {
                        done.accept(i);
                    }
                    return curves;
                }));
            }
            List<EchoCurve> curves = new ArrayList<>(parameters.size());
            for (Future<List<EchoCurve>> f : futures) {
                curves.addAll(f.get());
            }
            return curves;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }
}
