package org.spinecho.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks data files against the manifest that {@code generate} wrote beside them
 * ({@code <kernel>_<split>_manifest.json}, see {@link DataFiles}): a file the manifest lists must
 * have the SHA-256 it records, and a set whose generation is unfinished (a progress file and no
 * manifest) is refused. Files without a manifest (the challenge's own, or made by other tools)
 * are accepted as they are.
 */
public final class DatasetManifest {
    private static final Pattern ECHOS = Pattern.compile("(.+)_echos_(.+)_[ri]\\.txt");
    private static final Pattern PARAMS = Pattern.compile("(.+)_mat_info_(.+)\\.txt");
    private static final ObjectMapper JSON = new ObjectMapper();

    private DatasetManifest() {
    }

    /**
     * Checks each file that belongs to a generated set.
     *
     * @throws RefusedException   if a file differs from its manifest or its generation is unfinished
     * @throws DataFormatException if the manifest cannot be read
     */
    public static void verify(Path... files) throws IOException {
        for (Path file : files) {
            if (file != null) {
                verifyOne(file);
            }
        }
    }

    /** The set's files naming, or null if the name is not in the challenge's layout. */
    static DataFiles setOf(Path file) {
        String name = file.getFileName().toString();
        Matcher m = ECHOS.matcher(name);
        if (!m.matches()) {
            m = PARAMS.matcher(name);
            if (!m.matches()) {
                return null;
            }
        }
        Path dir = file.toAbsolutePath().getParent();
        try {
            return DataFiles.of(dir, m.group(1), m.group(2));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void verifyOne(Path file) throws IOException {
        DataFiles set = setOf(file);
        if (set == null) {
            return;
        }
        String name = file.getFileName().toString();
        if (!Files.exists(set.manifest())) {
            if (Files.exists(set.progress())) {
                throw new RefusedException(file + " belongs to an unfinished generation (" + set.progress().getFileName()
                        + " is present): run the same generate command again to finish it");
            }
            return;
        }
        JsonNode root;
        try {
            root = JSON.readTree(set.manifest().toFile());
        } catch (IOException e) {
            throw new DataFormatException(set.manifest(), 1, 1, "not a readable manifest of the data set ("
                    + e.getClass().getSimpleName() + "); restore it or remove it");
        }
        String expected = root.path("files").path(name).path("sha256").asText("");
        if (expected.isEmpty()) {
            return; // not one of the set's files (another file of the same name pattern)
        }
        String actual = Sha256.ofFile(file);
        if (!expected.equalsIgnoreCase(actual)) {
            throw new RefusedException(file + " differs from the SHA-256 recorded in " + set.manifest().getFileName()
                    + " (changed, truncated or mixed with another set after it was generated): regenerate it or "
                    + "restore the original");
        }
    }
}
