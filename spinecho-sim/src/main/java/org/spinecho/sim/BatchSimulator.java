package org.spinecho.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Simulates many curves at once, one task per curve on a fixed pool of threads. Each curve is
 * computed by its own single-threaded integrator, so results do not depend on the thread count.
 */
public final class BatchSimulator {
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
     * Simulates all curves; results in input order. {@code done} is called (from worker threads)
     * with the index of each finished curve.
     */
    public List<EchoCurve> simulate(List<SimulationParameters> parameters, MeanFieldMethod method,
                                    IntConsumer done) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "spinecho-sim");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<EchoCurve>> futures = new ArrayList<>(parameters.size());
            for (int i = 0; i < parameters.size(); i++) {
                SimulationParameters p = parameters.get(i);
                int index = i;
                futures.add(pool.submit(() -> {
                    EchoCurve curve = new MeanFieldIntegrator(p, method).run();
                    done.accept(index);
                    return curve;
                }));
            }
            List<EchoCurve> curves = new ArrayList<>(parameters.size());
            for (Future<EchoCurve> f : futures) {
                curves.add(f.get());
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
