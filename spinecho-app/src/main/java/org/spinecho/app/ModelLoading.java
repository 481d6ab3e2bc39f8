package org.spinecho.app;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spinecho.data.OutputGuard;
import org.spinecho.ml.ModelFormatException;
import org.spinecho.ml.Estimator;
import org.spinecho.ml.ModelDirectory;

/** Loading a model directory given on the command line, with one-line errors. */
public final class ModelLoading {
    private ModelLoading() {
    }

    /** Loads {@code dir}; a missing, truncated, corrupted or foreign directory becomes a {@link UsageError}. */
    static Estimator load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UsageError("--model " + dir + ": no such model directory");
        }
        try {
            return ModelDirectory.load(dir);
        } catch (ModelFormatException e) {
            throw new UsageError("--model " + dir + ": " + e.getMessage());
        }
    }

    /** The checkout's models/ folder: the launcher passes the checkout as spinecho.home. */
    public static Path defaultModels() {
        String home = System.getProperty("spinecho.home");
        return home != null ? Path.of(home, "models") : Path.of("models");
    }

    /**
     * Loads {@code dir} and checks that it was trained for {@code kernel} (the command's
     * --kernel, or the kernel a command expects); a model directory saved before spinecho
     * checksummed all its files gets a one-line warning on {@code err}.
     */
    static Estimator load(Path dir, String kernel, PrintWriter err) {
        Estimator m = load(dir);
        if (kernel != null && !kernel.equals(m.manifest().kernel())) {
            m.close();
            throw new UsageError("--model " + dir + " was trained on kernel " + m.manifest().kernel()
                    + ", but the kernel here is " + kernel + ": give a model of kernel " + kernel);
        }
        warnIfUnchecked(dir, err);
        return m;
    }

    /** The one-line warning for a model directory whose files other than the weights are not checksummed. */
    static void warnIfUnchecked(Path dir, PrintWriter err) {
        if (err != null && !ModelDirectory.filesChecksummed(dir)) {
            err.println("warning: model " + dir + " was saved by an older spinecho: only its weights are checksummed "
                    + "('spinecho add-checksums --model " + dir + "' records the others)");
            err.flush();
        }
    }

    /** The model directory as a protected path for {@link OutputGuard#checkFiles}. */
    static OutputGuard.Named protectedDir(Path dir) {
        return new OutputGuard.Named("--model", dir);
    }

    /** Checks that curves of {@code samples} samples fit the model. */
    static void checkLength(Estimator model, int samples, Path file) {
        if (samples != model.curveLength()) {
            throw new UsageError(file + ": curves have " + samples + " samples, but the model expects "
                    + model.curveLength());
        }
    }
}
