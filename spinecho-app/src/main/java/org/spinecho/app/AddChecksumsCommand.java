package org.spinecho.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spinecho.ml.ModelFormatException;
import org.spinecho.ml.ModelDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code spinecho add-checksums}: records the SHA-256 of every file of a model directory saved by
 * an older spinecho (which checksummed only the weights) in its manifest, after loading it with
 * every check. Only manifest.json files change.
 */
@Command(resourceBundle = "org.spinecho.app.AddChecksumsCommand",
        name = "add-checksums", mixinStandardHelpOptions = true,
        header = "Record the SHA-256 of every file of an older model directory in its manifest.")
public final class AddChecksumsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Options.Model models;

    @Override
    public Integer call() throws IOException {
        Path model = models.required();
        if (!Files.isDirectory(model)) {
            throw new UsageError("--model " + model + ": no such model directory");
        }
        boolean added;
        try {
            added = ModelDirectory.addChecksums(model);
        } catch (ModelFormatException e) {
            throw new UsageError("--model " + model + ": " + e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("add-checksums: " + (added ? "recorded the SHA-256 of every file of " + model + " in its manifest"
                : model + " already records the SHA-256 of every file; they match"));
        err.flush();
        return 0;
    }
}
