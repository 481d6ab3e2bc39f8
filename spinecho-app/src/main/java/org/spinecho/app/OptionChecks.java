package org.spinecho.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Checks of command-line values. Each throws {@link UsageError} with a message that names the
 * option and the accepted range, e.g. "--xi must be a finite number > 0, got -1".
 */
final class OptionChecks {
    /** Largest --ntau (the simulator's limit). */
    static final int MAX_NTAU = 1_000_000;

    private OptionChecks() {
    }

    static double positive(String option, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new UsageError(option + " must be a finite number > 0, got " + format(value));
        }
        return value;
    }

    static double nonNegative(String option, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new UsageError(option + " must be a finite number >= 0, got " + format(value));
        }
        return value;
    }

    static double finite(String option, double value) {
        if (!Double.isFinite(value)) {
            throw new UsageError(option + " must be a finite number, got " + format(value));
        }
        return value;
    }

    static double dephasingExponent(String option, double value) {
        if (!Double.isFinite(value) || value < -3) {
            throw new UsageError(option + " must be a finite number >= -3 (Gamma = 10^-d), got "
                    + format(value));
        }
        return value;
    }

    static int intInRange(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new UsageError(option + " must be an integer from " + min + " to " + max + ", got " + value);
        }
        return value;
    }

    /** An output path: must not be an existing directory. */
    static Path outputFile(String option, Path path) {
        if (path != null && Files.isDirectory(path)) {
            throw new UsageError(option + " must name a file, not a directory, got '" + path + "'");
        }
        return path;
    }

    private static String format(double value) {
        if (value == Math.rint(value) && Double.isFinite(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%d", (long) value);
        }
        return Double.toString(value);
    }
}
