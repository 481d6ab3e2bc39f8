package org.spinecho.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a finished part of a data set from curves computed elsewhere (e.g. by a Spark task): the
 * same three files and part manifest that {@code generate --shard K/N} writes, so that
 * {@link DatasetMerge} takes either. Each file goes through a temporary file and an atomic rename;
 * the manifest comes last, so a part directory with a manifest is complete.
 */
public final class DatasetPart {
    private DatasetPart() {
    }

    /**
     * Writes part {@code shard} of {@code spec} into {@code dir}.
     *
     * @param curves     the part's curves in index order, {@code shard.size(spec.count())} of them
     * @param generation how they were made (goes into the manifest's "generation")
     */
    public static DataFiles write(GenerationSpec spec, Shard shard, List<GenerationSpec.Curve> curves, Path dir,
                                  ObjectNode generation) throws IOException {
        if (curves.size() != shard.size(spec.count())) {
            throw new IllegalArgumentException("part " + shard + " of " + spec.count() + " curves holds "
                    + shard.size(spec.count()) + " curves, got " + curves.size());
        }
        DataFiles files = spec.files(dir);
        Files.createDirectories(dir);
        Files.deleteIfExists(files.manifest()); // a manifest always describes the files beside it
        for (int k = 0; k < 3; k++) {
            int column = k;
            AtomicFiles.write(files.dataFiles().get(k), out -> {
                for (GenerationSpec.Curve c : curves) {
                    out.write(c.line(column).getBytes(StandardCharsets.US_ASCII));
                }
            });
        }
        DatasetManifest.write(files.manifest(), DatasetManifest.build(spec, shard, files, generation));
        return files;
    }

    /** True if {@code dir} holds a finished part {@code shard} of {@code spec} (manifest with these settings). */
    public static boolean isComplete(GenerationSpec spec, Shard shard, Path dir) {
        Path manifest = spec.files(dir).manifest();
        if (!Files.isRegularFile(manifest)) {
            return false;
        }
        try {
            return DatasetManifest.settingsOf(DatasetManifest.read(manifest), manifest)
                    .equals(DatasetManifest.settings(spec, shard));
        } catch (GenerationConflictException e) {
            return false;
        }
    }
}
