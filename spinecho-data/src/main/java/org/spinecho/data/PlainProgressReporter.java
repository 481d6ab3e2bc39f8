package org.spinecho.data;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress as plain lines, for logs and pipes: a line every {@code percentStep} percent or every
 * {@code interval} nanoseconds, whichever comes first, e.g.
 * {@code generate: 1200/12000 curves (10%), 35.2 curves/s, ETA 5m06s}. The rate counts curves
 * computed by this run (not those resumed from an earlier one).
 */
public final class PlainProgressReporter implements GenerationListener {
    private final PrintStream out;
    private final String prefix;
    private final double percentStep;
    private final long intervalNanos;
    private final LongSupplier clock;
    private long startNanos;
    private long lastNanos;
    private int startDone;
    private double lastPercent;

    /** Every 5 % or 10 s, with the prefix "generate: ". */
    public PlainProgressReporter(PrintStream out) {
        this(out, "generate: ", 5, 10_000_000_000L, System::nanoTime);
    }

    public PlainProgressReporter(PrintStream out, String prefix, double percentStep, long intervalNanos,
                                 LongSupplier clock) {
        this.out = out;
        this.prefix = prefix;
        this.percentStep = percentStep;
        this.intervalNanos = intervalNanos;
        this.clock = clock;
    }

    @Override
    public void started(int total, int alreadyDone) {
        startNanos = clock.getAsLong();
        lastNanos = startNanos;
        startDone = alreadyDone;
        lastPercent = 100.0 * alreadyDone / total;
        if (alreadyDone > 0) {
            out.println(prefix + "resuming after " + alreadyDone + "/" + total + " curves");
        }
    }

    @Override
    public void progressed(int done, int total) {
        long now = clock.getAsLong();
        double percent = 100.0 * done / total;
        if (done < total && percent < lastPercent + percentStep && now - lastNanos < intervalNanos) {
            return;
        }
        lastNanos = now;
        lastPercent = percent;
        out.println(prefix + line(done, total, now - startNanos, done - startDone));
    }

    /** {@code 1200/12000 curves (10%), 35.2 curves/s, ETA 5m06s}. */
    public static String line(int done, int total, long elapsedNanos, int doneThisRun) {
        StringBuilder sb = new StringBuilder();
        sb.append(done).append('/').append(total).append(" curves (").append(100L * done / total).append("%)");
        if (doneThisRun > 0 && elapsedNanos > 0) {
            double rate = doneThisRun / (elapsedNanos / 1e9);
            sb.append(String.format(Locale.ROOT, ", %.1f curves/s", rate));
            if (done < total) {
                sb.append(", ETA ").append(duration(Math.round((total - done) / rate)));
            }
        }
        return sb.toString();
    }

    /** 59s, 5m06s, 2h03m. */
    public static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
}
