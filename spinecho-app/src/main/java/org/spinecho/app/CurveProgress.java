package org.spinecho.app;

import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.spinecho.data.GenerationListener;
import org.spinecho.data.PlainProgressReporter;

/**
 * Progress of a count of curves: a bar with rate and ETA on a terminal, plain periodic lines on
 * stderr otherwise ("generate: 1200/12000 curves (10%), 35.2 curves/s, ETA 5m06s").
 */
class CurveProgress implements GenerationListener, AutoCloseable {
    private final GenerationListener plain;

    private CurveProgress(GenerationListener plain) {
        this.plain = plain;
    }

    /** The display for a task named {@code task} ("generate", "demo"). */
    static CurveProgress create(String task) {
        return System.console() != null ? new Bar(task)
                : new CurveProgress(new PlainProgressReporter(System.err, task + ": ", 5, 10_000_000_000L, System::nanoTime));
    }

    @Override
    public void started(int total, int alreadyDone) {
        plain.started(total, alreadyDone);
    }

    @Override
    public void progressed(int done, int total) {
        plain.progressed(done, total);
    }

    @Override
    public void close() {
    }

    private static final class Bar extends CurveProgress {
        private final String task;
        private ProgressBar bar;

        Bar(String task) {
            super(GenerationListener.NONE);
            this.task = task;
        }

        @Override
        public void started(int total, int alreadyDone) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" curves", 1).showSpeed()
                    .startsFrom(alreadyDone, Duration.ZERO).setUpdateIntervalMillis(500).build();
        }

        @Override
        public synchronized void progressed(int done, int total) {
            if (bar != null) {
                bar.stepTo(done);
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
