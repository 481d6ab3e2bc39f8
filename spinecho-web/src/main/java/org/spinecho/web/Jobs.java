package org.spinecho.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Long computations (likelihood fits, misfit maps) run one at a time (each uses every simulation
 * thread) on their own thread, so a request only starts one ({@code POST /api/fit} → its id) and
 * the page polls it ({@code GET /api/fit/<id>}) or cancels it ({@code DELETE /api/fit/<id>}). At
 * most {@value #MAX_WAITING} jobs wait; the last {@value #KEPT} are kept for polling.
 */
final class Jobs implements AutoCloseable {
    static final int MAX_WAITING = 4;
    static final int KEPT = 32;

    enum State { QUEUED, RUNNING, DONE, FAILED, CANCELLED }

    /**
     * What {@code GET /api/fit/<id>} answers.
     *
     * @param progress the share done (0 … 1) where the work can tell, else null
     * @param result   the job's answer once done
     */
    record Status(String id, String kind, String state, String phase, double elapsedS,
                  Double progress, Object result, String error) {
    }

    /** What a running job reports. */
    interface Progress {
        /** The share done, 0 … 1. */
        void fraction(double done);

        /** What the job is doing now. */
        void stage(String what);
    }

    /** The work of a job: its answer, computed on the jobs' thread; interrupted when cancelled. */
    @FunctionalInterface
    interface Work {
        Object run(Progress progress);
    }

    private final class Job {
        final String id;
        final String kind;
        volatile double progress = Double.NaN;
        volatile long started;
        volatile long finished;
        volatile State state = State.QUEUED;
        volatile String phase = "waiting for the computations before it";
        volatile String lastStage;
        volatile Object result;
        volatile String error;
        volatile Future<?> future;

        Job(String id, String kind) {
            this.id = id;
            this.kind = kind;
        }

        Status status() {
            long end = finished != 0 ? finished : System.nanoTime();
            double elapsed = started == 0 ? 0 : (end - started) / 1e9;
            return new Status(id, kind, state.name().toLowerCase(java.util.Locale.ROOT), phase, elapsed,
                    Double.isNaN(progress) ? null : progress, result, error);
        }
    }

    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "spinecho-web-job");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    /**
     * Queues a job; 503 when {@value #MAX_WAITING} are already waiting.
     *
     * @param kind  its name, also the prefix of its id ("fit", "misfit")
     * @param phase what it does, shown while it runs
     */
    synchronized Status submit(String kind, String phase, Work work) {
        long waiting = jobs.values().stream().filter(j -> j.state == State.QUEUED).count();
        if (waiting >= MAX_WAITING) {
            throw new ApiError(503, "busy: " + waiting + " long computations are waiting; try again when they are done");
        }
        Job job = new Job(kind + "-" + ids.incrementAndGet(), kind);
        jobs.put(job.id, job);
        while (jobs.size() > KEPT) { // forget the oldest finished ones
            String oldest = jobs.values().stream().filter(j -> j.finished != 0).map(j -> j.id).findFirst().orElse(null);
            if (oldest == null) {
                break;
            }
            jobs.remove(oldest);
        }
        job.future = runner.submit(() -> run(job, phase, work));
        return job.status();
    }

    private void run(Job job, String phase, Work work) {
        if (job.state == State.CANCELLED) {
            return;
        }
        job.started = System.nanoTime();
        job.state = State.RUNNING;
        job.phase = phase;
        try {
            Object r = work.run(new Progress() {
                @Override
                public void fraction(double done) {
                    job.progress = Math.max(0, Math.min(1, done));
                }

                @Override
                public void stage(String what) {
                    job.lastStage = what;
                    job.phase = phase + ": " + what;
                }
            });
            if (Thread.currentThread().isInterrupted() || job.state == State.CANCELLED) {
                job.state = State.CANCELLED;
            } else {
                job.result = r;
                job.state = State.DONE;
                job.phase = job.lastStage == null ? "done" : "done (" + job.lastStage + ")";
            }
        } catch (ApiError e) {
            job.error = e.getMessage();
            job.state = State.FAILED;
        } catch (RuntimeException e) {
            if (job.state == State.CANCELLED || Thread.currentThread().isInterrupted()) {
                job.state = State.CANCELLED;
            } else {
                job.error = job.kind + " failed: " + e.getMessage();
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

    /** Cancels a waiting or running job (a finished one stays as it is). */
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
            throw new ApiError(404, "no job '" + id + "' (the last " + KEPT + " are kept)");
        }
        return job;
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
