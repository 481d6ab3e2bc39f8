package org.spinecho.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.spinecho.data.Kernel;
import org.spinecho.ml.Estimator;
import org.spinecho.ml.ModelDirectory;
import org.spinecho.ml.ModelFormatException;

/**
 * The calibrated models the page infers with, one per kernel ({@code <root>/gauss}, {@code <root>/rkky},
 * the shipped ensembles by default), each loaded on first use and shared by all requests
 * ({@link Estimator#predict} is safe to call concurrently).
 */
final class ModelCatalog implements AutoCloseable {
    /** Kernels with a shipped model. */
    static final List<String> KERNELS = Kernel.presets().stream().map(Kernel::id).toList();

    private final Path root;
    private final Map<String, Estimator> loaded = new ConcurrentHashMap<>();

    ModelCatalog(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** The model of {@code kernel}; 400 for an unknown kernel, 404 when its directory is missing or broken. */
    Estimator model(String kernel) {
        if (!KERNELS.contains(kernel)) {
            throw ApiError.badRequest("'kernel' must be one of " + String.join(", ", KERNELS) + " (the kernels with a "
                    + "trained model), got '" + kernel + "'");
        }
        return loaded.computeIfAbsent(kernel, k -> {
            Path dir = root.resolve(k);
            if (!Files.isDirectory(dir)) {
                throw new ApiError(404, "no model for kernel " + k + ": " + dir + " is not a directory");
            }
            try {
                return ModelDirectory.load(dir);
            } catch (ModelFormatException e) {
                throw new ApiError(404, "the model " + dir + " cannot be used: " + e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        loaded.values().forEach(Estimator::close);
        loaded.clear();
    }
}
