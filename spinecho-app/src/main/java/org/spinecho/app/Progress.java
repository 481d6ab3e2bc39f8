package org.spinecho.app;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.spinecho.data.GenerationListener;
import org.spinecho.data.PlainProgressReporter;
import org.spinecho.ml.TrainingListener;

/**
 * Progress of a long command: a bar with rate and ETA on a terminal; otherwise plain periodic lines
 * on stderr for curves ("generate: 1200/12000 curves (10%), 35.2 curves/s, ETA 5m06s") and one line
 * per epoch for training.
 */
final class Progress implements GenerationListener, TrainingListener, AutoCloseable {
    private final String task;
    private final String unit;
    private final GenerationListener plainCurves;
    private final PrintWriter plainEpochs;
    private ProgressBar bar;

    private Progress(String task, String unit, GenerationListener plainCurves, PrintWriter plainEpochs) {
        this.task = task;
        this.unit = unit;
        this.plainCurves = plainCurves;
        this.plainEpochs = plainEpochs;
    }

    private static boolean terminal() {
        return System.console() != null;
    }

    /** Curves of a task named {@code task} ("generate", "demo", "bound"). */
    static Progress curves(String task) {
        return new Progress(task, " curves", terminal() ? null
                : new PlainProgressReporter(System.err, task + ": ", 5, 10_000_000_000L, System::nanoTime), null);
    }

    /** The epochs of training; plain lines go to {@code err}. */
    static Progress epochs(PrintWriter err) {
        return new Progress("train", " epochs", null, terminal() ? null : err);
    }

    @Override
    public void started(int total, int alreadyDone) {
        if (plainCurves != null) {
            plainCurves.started(total, alreadyDone);
        } else if (plainEpochs == null) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setUnit(unit, 1).showSpeed().startsFrom(alreadyDone, Duration.ZERO).setUpdateIntervalMillis(500)
                    .build();
        }
    }

    @Override
    public synchronized void progressed(int done, int total) {
        if (plainCurves != null) {
            plainCurves.progressed(done, total);
        } else if (bar != null) {
            bar.stepTo(done);
        }
    }

    @Override
    public void onStart(int trainCount, int valCount, int epochs) {
        started(epochs, 0);
    }

    @Override
    public void onEpoch(EpochReport r) {
        if (plainEpochs != null) {
            plainEpochs.println("train: " + r);
            plainEpochs.flush();
        } else if (bar != null) {
            bar.stepTo(r.epoch());
            bar.setExtraMessage(String.format(Locale.ROOT, " train %.4f val %.4f best %.4f@%d", r.trainLoss(),
                    r.valLoss(), r.bestValLoss(), r.bestEpoch()));
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
