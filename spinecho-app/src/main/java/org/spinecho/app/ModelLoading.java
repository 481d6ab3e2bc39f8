package org.spinecho.app;

import java.nio.file.Files;
import java.nio.file.Path;
import org.spinecho.ml.ModelFormatException;
import org.spinecho.ml.TrainedModel;

/** Loading a model directory given on the command line, with one-line errors. */
final class ModelLoading {
    private ModelLoading() {
    }

    /** Loads {@code dir}; a missing, truncated, corrupted or foreign directory becomes a {@link UsageError}. */
    static TrainedModel load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UsageError("--model " + dir + ": no such model directory");
        }
        try {
            return TrainedModel.load(dir);
        } catch (ModelFormatException e) {
            throw new UsageError("--model " + dir + ": " + e.getMessage());
        }
    }

    /** The checkout's models/ folder: the launcher passes the checkout as spinecho.home. */
    static Path defaultModels() {
        String home = System.getProperty("spinecho.home");
        return home != null ? Path.of(home, "models") : Path.of("models");
    }

    /** Checks that curves of {@code samples} samples fit the model. */
    static void checkLength(TrainedModel model, int samples, Path file) {
        if (samples != model.curveLength()) {
            throw new UsageError(file + ": curves have " + samples + " samples, but the model expects "
                    + model.curveLength());
        }
    }
}
