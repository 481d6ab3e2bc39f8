package org.spinecho.app.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Likelihood fits run one at a time (each uses every simulation thread) on their own thread, so a
 * request only starts one ({@code POST /api/fit} → its id) and the page polls it
 * ({@code GET /api/fit/<id>}) or cancels it ({@code DELETE /api/fit/<id>}). At most
 * {@value #MAX_WAITING} fits wait; the last {@value #KEPT} are kept for polling.
 */
final class FitJobs implements AutoCloseable {
    static final int MAX_WAITING = 4;
    static final int KEPT = 32;

    enum State { QUEUED, RUNNING, DONE, FAILED, CANCELLED }

    /** What {@code GET /api/fit/<id>} answers. */
    record Status(String id, String state, String phase, @JsonProperty("elapsed_s") double elapsedSeconds,
                  LikelihoodFitRunner.Outcome result, String error) {
    }

    private final class Job {
        final String id;
        final long created = System.nanoTime();
        volatile long started;
        volatile long finished;
        volatile State state = State.QUEUED;
        volatile String phase = "waiting for the fits before it";
        volatile LikelihoodFitRunner.Outcome result;
        volatile String error;
        volatile Future<?> future;

        Job(String id) {
            this.id = id;
        }

        Status status() {
            long end = finished != 0 ? finished : System.nanoTime();
            double elapsed = started == 0 ? 0 : (end - started) / 1e9;
            return new Status(id, state.name().toLowerCase(java.util.Locale.ROOT), phase, elapsed, result, error);
        }
    }

    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "spinecho-web-fit");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    /** Queues a fit; 503 when {@value #MAX_WAITING} are already waiting. */
    synchronized Status submit(Supplier<LikelihoodFitRunner.Outcome> fit) {
        long waiting = jobs.values().stream().filter(j -> j.state == State.QUEUED).count();
        if (waiting >= MAX_WAITING) {
            throw new ApiError(503, "busy: " + waiting + " fits are waiting; try again when they are done");
        }
        Job job = new Job("fit-" + ids.incrementAndGet());
        jobs.put(job.id, job);
        while (jobs.size() > KEPT) { // forget the oldest finished ones
            String oldest = jobs.values().stream().filter(j -> j.finished != 0).map(j -> j.id).findFirst().orElse(null);
            if (oldest == null) {
                break;
            }
            jobs.remove(oldest);
        }
        job.future = runner.submit(() -> run(job, fit));
        return job.status();
    }

    private void run(Job job, Supplier<LikelihoodFitRunner.Outcome> fit) {
        if (job.state == State.CANCELLED) {
            return;
        }
        job.started = System.nanoTime();
        job.state = State.RUNNING;
        job.phase = "fitting the simulator to the curve (each step simulates the model curve and its derivatives)";
        try {
            LikelihoodFitRunner.Outcome r = fit.get();
            if (Thread.currentThread().isInterrupted() || job.state == State.CANCELLED) {
                job.state = State.CANCELLED;
            } else {
                job.result = r;
                job.state = State.DONE;
                job.phase = "done";
            }
        } catch (ApiError e) {
            job.error = e.getMessage();
            job.state = State.FAILED;
        } catch (RuntimeException e) {
            if (job.state == State.CANCELLED || Thread.currentThread().isInterrupted()) {
                job.state = State.CANCELLED;
            } else {
                job.error = "the fit failed: " + e.getMessage();
                job.state = State.FAILED;
            }
        } finally {
            if (job.state == State.CANCELLED) {
                job.phase = "cancelled";
            } else if (job.state == State.FAILED) {
                job.phase = "failed";
            }
            job.finished = System.nanoTime();
            Thread.interrupted(); // the runner thread goes on with the next fit
        }
    }

    synchronized Status status(String id) {
        return find(id).status();
    }

    /** Cancels a waiting or running fit (a finished one stays as it is). */
    synchronized Status cancel(String id) {
        Job job = find(id);
        if (job.state == State.QUEUED || job.state == State.RUNNING) {
            job.state = State.CANCELLED;
            job.phase = "cancelled";
            Future<?> f = job.future;
            if (f != null) {
                f.cancel(true);
            }
            if (job.started == 0) {
                job.finished = System.nanoTime();
            }
        }
        return job.status();
    }

    private Job find(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            throw new ApiError(404, "no fit '" + id + "' (finished fits are kept for the last " + KEPT + ")");
        }
        return job;
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
