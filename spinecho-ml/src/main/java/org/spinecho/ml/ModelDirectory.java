package org.spinecho.ml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.spinecho.data.AtomicFiles;
import org.spinecho.data.FileLock;
import org.spinecho.data.Preset;
import org.spinecho.data.Sha256;

/**
 * Reads and writes model directories: the on-disk form of an {@link Estimator}.
 *
 * <p>A single network (format version 1) is {@code model.params} (weights, DJL's format),
 * {@code architecture.json}, {@code normalisation.json}, {@code manifest.json} and optionally
 * {@code calibration.json}. An ensemble (format version 2) is its own {@code manifest.json}
 * (the ensemble's command and scores; its params fields name {@code ensemble.json} and the
 * ensemble's identity, see {@link Ensemble}), its calibration, and {@code ensemble.json}, which
 * names the member subdirectories {@code member-1}, … (each a complete format-1 directory with
 * the manifest of its training) with their weights' SHA-256.
 *
 * <p>Every manifest records the SHA-256 ({@link Sha256}) of every other file of its directory
 * (an ensemble's: of its members' files too), and loading checks them. Every file is written
 * through {@link AtomicFiles}; a new directory is written beside the target and renamed into
 * place when complete; changes in place (scores, calibration) hold the directory's lock.
 */
public final class ModelDirectory {
    /** The weights of one network. */
    public static final String PARAMS_FILE = "model.params";
    /** The architecture of one network ({@link ArchitectureSpec}). */
    public static final String ARCHITECTURE_FILE = "architecture.json";
    /** The input and target normalisation of one network ({@link Normalisation}). */
    public static final String NORMALISATION_FILE = "normalisation.json";
    /** The provenance ({@link Manifest}). */
    public static final String MANIFEST_FILE = "manifest.json";
    /** Optional: the uncertainty calibration ({@link UncertaintyCalibration}). */
    public static final String CALIBRATION_FILE = "calibration.json";
    /** An ensemble's members: subdirectory → SHA-256 of its weights. */
    public static final String ENSEMBLE_FILE = "ensemble.json";
    /** The hidden lock file of a model directory (taken while it is changed in place or replaced). */
    public static final String LOCK_FILE = ".spinecho.lock";
    /** How long a change of a model directory waits for another process's change to finish. */
    static final long LOCK_WAIT_MILLIS = 120_000;

    private static final List<String> NETWORK_FILES = List.of(MANIFEST_FILE, ARCHITECTURE_FILE, NORMALISATION_FILE,
            PARAMS_FILE);
    private static final Pattern RELATIVE_PATH =
            Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

    /** The JSON of every file of a model directory. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // NaN scores (constant targets)
            .build()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    private ModelDirectory() {
    }

    /** {@code ensemble.json}: the members' subdirectories and their weights' SHA-256, in order. */
    record EnsembleFile(Map<String, String> members) {
    }

    // ---------------------------------------------------------------- reading

    /**
     * Loads and checks a model directory: its files present and parseable, the format version
     * supported, every file's SHA-256 equal to the manifest's, and the weights loadable into the
     * architecture.
     *
     * @param dir the model directory
     * @return a {@link Network} or an {@link Ensemble}; close it when done
     * @throws ModelFormatException with a message saying what is wrong
     */
    public static Estimator load(Path dir) {
        if (!Files.exists(dir)) {
            throw new ModelFormatException("model directory " + dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new ModelFormatException(dir + " is not a model directory (it is a file)");
        }
        if (!Files.isRegularFile(dir.resolve(MANIFEST_FILE))) {
            throw new ModelFormatException("model directory " + dir + " is incomplete: " + MANIFEST_FILE + " is missing");
        }
        Manifest manifest = readManifest(dir);
        if (!Manifest.FORMAT.equals(manifest.format())) {
            throw new ModelFormatException(dir.resolve(MANIFEST_FILE) + " is not a spinecho model manifest (format '"
                    + manifest.format() + "', expected '" + Manifest.FORMAT + "')");
        }
        if (manifest.formatVersion() != Manifest.FORMAT_VERSION
                && manifest.formatVersion() != Manifest.ENSEMBLE_FORMAT_VERSION) {
            throw new ModelFormatException("model " + dir + " has format version " + manifest.formatVersion()
                    + ", but this version of spinecho reads only format versions " + Manifest.FORMAT_VERSION
                    + " (one network) and " + Manifest.ENSEMBLE_FORMAT_VERSION + " (ensemble)");
        }
        validateManifest(dir, manifest);
        verifyFiles(dir, manifest);
        if (manifest.formatVersion() == Manifest.ENSEMBLE_FORMAT_VERSION) {
            return loadEnsemble(dir, manifest);
        }
        return loadNetwork(dir, manifest);
    }

    /**
     * Whether the model directory's manifests record the SHA-256 of all its files (not only of the
     * weights): false for a directory saved by an older version (see {@link #addChecksums}).
     *
     * @param dir a model directory that {@link #load} accepts
     * @return whether every file is checksummed
     */
    public static boolean filesChecksummed(Path dir) {
        Manifest top = readManifest(dir);
        if (top.files() == null) {
            return false;
        }
        if (top.formatVersion() == Manifest.ENSEMBLE_FORMAT_VERSION) {
            for (String member : memberNames(dir)) {
                if (readManifest(dir.resolve(member)).files() == null) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Network loadNetwork(Path dir, Manifest manifest) {
        if (Files.exists(dir.resolve(ENSEMBLE_FILE))) {
            throw new ModelFormatException("model " + dir + " has an " + ENSEMBLE_FILE
                    + " but its manifest says format version 1 (one network)");
        }
        for (String file : NETWORK_FILES) {
            if (!Files.isRegularFile(dir.resolve(file))) {
                throw new ModelFormatException("model directory " + dir + " is incomplete: " + file + " is missing");
            }
        }
        ArchitectureSpec architecture = readJson(dir, ARCHITECTURE_FILE, ArchitectureSpec.class);
        Normalisation normalisation = readJson(dir, NORMALISATION_FILE, Normalisation.class);
        try {
            normalisation.validate(architecture.featureCount(), architecture.outputs());
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(dir.resolve(NORMALISATION_FILE) + " does not match "
                    + ARCHITECTURE_FILE + ": " + e.getMessage(), e);
        }
        if (!architecture.type().equals(manifest.architecture())) {
            throw new ModelFormatException("model " + dir + " is inconsistent: manifest says architecture "
                    + manifest.architecture() + ", architecture.json says " + architecture.type());
        }
        if (manifest.curveLength() != architecture.curveLength()) {
            throw new ModelFormatException("model " + dir + " is inconsistent: manifest says curves of "
                    + manifest.curveLength() + " samples, architecture.json says " + architecture.curveLength());
        }
        byte[] params;
        try {
            params = Files.readAllBytes(dir.resolve(PARAMS_FILE));
        } catch (IOException e) {
            throw new ModelFormatException("cannot read " + dir.resolve(PARAMS_FILE) + ": " + e.getMessage(), e);
        }
        String actual = Sha256.of(params);
        if (!manifest.paramsSha256().equalsIgnoreCase(actual)) {
            throw new ModelFormatException(dir.resolve(PARAMS_FILE) + " is corrupted or truncated: "
                    + params.length + " bytes with SHA-256 " + actual + ", but the manifest records "
                    + manifest.paramsSha256());
        }
        Network network = new Network(architecture, normalisation, params, manifest, readCalibration(dir));
        try {
            network.load();
        } catch (ModelFormatException e) {
            network.close();
            throw new ModelFormatException("model " + dir + ": " + e.getMessage(), e);
        }
        return network;
    }

    /**
     * An ensemble: the members named in ensemble.json, each loaded as a model directory and checked
     * against its recorded SHA-256, and the whole against the manifest's identity over them.
     */
    private static Ensemble loadEnsemble(Path dir, Manifest manifest) {
        List<Network> members = loadMembers(dir, manifest);
        try {
            if (members.size() < 2) {
                throw new ModelFormatException(dir.resolve(ENSEMBLE_FILE) + " names " + members.size()
                        + " member; an ensemble has at least two");
            }
            String id = Ensemble.identity(members);
            if (!manifest.paramsSha256().equalsIgnoreCase(id)) {
                throw new ModelFormatException(dir.resolve(MANIFEST_FILE) + " records the ensemble SHA-256 "
                        + manifest.paramsSha256() + ", but its members give " + id);
            }
            return new Ensemble(members, manifest, readCalibration(dir));
        } catch (RuntimeException e) {
            members.forEach(Network::close);
            throw e;
        }
    }

    /** The members named in an ensemble's ensemble.json, each checked against its recorded SHA-256. */
    private static List<Network> loadMembers(Path dir, Manifest manifest) {
        if (!Files.isRegularFile(dir.resolve(ENSEMBLE_FILE))) {
            throw new ModelFormatException("model directory " + dir + " is incomplete: " + ENSEMBLE_FILE
                    + " is missing (format version 2 is an ensemble)");
        }
        EnsembleFile file = readJson(dir, ENSEMBLE_FILE, EnsembleFile.class);
        if (file.members() == null || file.members().isEmpty()) {
            throw new ModelFormatException(dir.resolve(ENSEMBLE_FILE) + " names no members");
        }
        List<Network> members = new ArrayList<>();
        try {
            for (Map.Entry<String, String> e : file.members().entrySet()) {
                String name = e.getKey();
                if (!name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
                    throw new ModelFormatException(dir.resolve(ENSEMBLE_FILE) + " names an invalid member directory '"
                            + name + "'");
                }
                Path sub = dir.resolve(name);
                Estimator m = load(sub);
                if (!(m instanceof Network network)) {
                    m.close();
                    throw new ModelFormatException("member " + sub + " is itself an ensemble");
                }
                members.add(network);
                if (!m.manifest().paramsSha256().equalsIgnoreCase(String.valueOf(e.getValue()))) {
                    throw new ModelFormatException("member " + sub + " has weights with SHA-256 "
                            + m.manifest().paramsSha256() + ", but " + ENSEMBLE_FILE + " records " + e.getValue());
                }
                if (m.curveLength() != manifest.curveLength()) {
                    throw new ModelFormatException("member " + sub + " takes curves of " + m.curveLength()
                            + " samples, the ensemble " + manifest.curveLength());
                }
            }
        } catch (RuntimeException ex) {
            members.forEach(Network::close);
            throw ex;
        }
        return members;
    }

    /**
     * calibration.json, or null if absent. Format 2 carries {@code "format"} and {@code "formatVersion"};
     * a file without them is format 1 (noiseless calibration), read strictly and converted
     * ({@link UncertaintyCalibration#ofFormat1}). Unknown fields are refused in both.
     */
    static UncertaintyCalibration readCalibration(Path dir) {
        Path path = dir.resolve(CALIBRATION_FILE);
        if (!Files.exists(path)) {
            return null;
        }
        try {
            JsonNode tree = JSON.readTree(path.toFile());
            if (tree == null || !tree.isObject()) {
                throw new ModelFormatException(path + " is not a valid " + CALIBRATION_FILE + ": not a JSON object");
            }
            ObjectReader strict = JSON.reader().with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
            if (tree.has("format") || tree.has("formatVersion")) {
                JsonNode version = tree.get("formatVersion");
                if (version != null && version.isInt() && version.intValue() > UncertaintyCalibration.FORMAT_VERSION) {
                    throw new ModelFormatException(path + " is a calibration of format version " + version.intValue()
                            + ", written by a newer spinecho; this version reads versions 1 and "
                            + UncertaintyCalibration.FORMAT_VERSION + " (run 'spinecho calibrate' again to replace it)");
                }
                return strict.forType(UncertaintyCalibration.class).readValue(tree);
            }
            return UncertaintyCalibration.ofFormat1(strict.forType(UncertaintyCalibration.Format1.class).readValue(tree));
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new ModelFormatException(path + " is not a valid " + CALIBRATION_FILE + ": "
                    + (cause == e ? e.getOriginalMessage() : cause.getMessage()), e);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(path + " is not a valid " + CALIBRATION_FILE + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ModelFormatException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** manifest.json; one saved before the "files" checksums existed reads with files = null. */
    private static Manifest readManifest(Path dir) {
        Path path = dir.resolve(MANIFEST_FILE);
        JsonNode tree;
        try {
            tree = JSON.readTree(path.toFile());
        } catch (JsonProcessingException e) {
            throw new ModelFormatException(path + " is not a valid " + MANIFEST_FILE + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ModelFormatException("cannot read " + path + ": " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new ModelFormatException(path + " is not a valid " + MANIFEST_FILE + ": not a JSON object");
        }
        if (!tree.has("files")) {
            ((ObjectNode) tree).putNull("files");
        }
        try {
            return JSON.treeToValue(tree, Manifest.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new ModelFormatException(path + " is not a valid " + MANIFEST_FILE + ": "
                    + (cause == e ? e.getOriginalMessage() : cause.getMessage()), e);
        }
    }

    /** Every field of a manifest within its range (the format and version are checked before). */
    private static void validateManifest(Path dir, Manifest m) {
        Path path = dir.resolve(MANIFEST_FILE);
        List<String> kernels = Preset.all().stream().map(Preset::kernel).toList();
        if (!kernels.contains(m.kernel())) {
            throw new ModelFormatException(path + ": kernel must be one of " + kernels + ", got '" + m.kernel() + "'");
        }
        if (m.curveLength() < 1 || m.trainCount() < 0 || m.valCount() < 0 || m.epochsRun() < 0 || m.bestEpoch() < 0
                || m.bestEpoch() > m.epochsRun()) {
            throw new ModelFormatException(path + ": invalid counts (curveLength " + m.curveLength() + ", trainCount "
                    + m.trainCount() + ", valCount " + m.valCount() + ", epochsRun " + m.epochsRun() + ", bestEpoch "
                    + m.bestEpoch() + ")");
        }
        if (m.architecture() == null || m.architecture().isBlank()) {
            throw new ModelFormatException(path + ": no architecture");
        }
        String expectedParams = m.formatVersion() == Manifest.ENSEMBLE_FORMAT_VERSION ? ENSEMBLE_FILE : PARAMS_FILE;
        if (!expectedParams.equals(m.paramsFile())) {
            throw new ModelFormatException(path + ": a model of format version " + m.formatVersion() + " has paramsFile "
                    + expectedParams + ", but this one says '" + m.paramsFile() + "'");
        }
        if (m.paramsSha256() == null || !HEX64.matcher(m.paramsSha256()).matches()) {
            throw new ModelFormatException(path + ": paramsSha256 must be 64 hex digits, got '" + m.paramsSha256() + "'");
        }
        if (m.files() != null) {
            for (Map.Entry<String, String> e : m.files().entrySet()) {
                if (e.getKey() == null || !RELATIVE_PATH.matcher(e.getKey()).matches() || e.getKey().equals(MANIFEST_FILE)
                        || e.getValue() == null || !HEX64.matcher(e.getValue()).matches()) {
                    throw new ModelFormatException(path + ": invalid entry in files: '" + e.getKey() + "': '"
                            + e.getValue() + "'");
                }
            }
        }
    }

    /**
     * Checks every file the manifest lists against its SHA-256, and that every file the model is
     * made of is listed. A manifest without "files" (saved by an older version) is not checked here
     * (its weights still are, by paramsSha256).
     */
    private static void verifyFiles(Path dir, Manifest m) {
        if (m.files() == null) {
            return;
        }
        for (Map.Entry<String, String> e : m.files().entrySet()) {
            Path file = dir.resolve(e.getKey());
            String actual;
            try {
                actual = Sha256.ofFile(file);
            } catch (NoSuchFileException ex) {
                throw new ModelFormatException("model directory " + dir + " is incomplete: " + e.getKey()
                        + " is missing (listed in " + MANIFEST_FILE + ")");
            } catch (IOException ex) {
                throw new ModelFormatException("cannot read " + file + ": " + ex.getMessage(), ex);
            }
            if (!actual.equalsIgnoreCase(e.getValue())) {
                throw new ModelFormatException(file + " is corrupted or truncated, or was changed after the model was "
                        + "saved: its SHA-256 is " + actual + ", " + MANIFEST_FILE + " records " + e.getValue());
            }
        }
        for (String name : modelFiles(dir, m.formatVersion())) {
            if (!m.files().containsKey(name)) {
                throw new ModelFormatException(dir.resolve(name) + " is not covered by the checksums in "
                        + dir.resolve(MANIFEST_FILE) + " (added after the model was saved?)");
            }
        }
    }

    /** The member subdirectories an ensemble's ensemble.json names, checked to be plain names. */
    private static List<String> memberNames(Path dir) {
        EnsembleFile file = readJson(dir, ENSEMBLE_FILE, EnsembleFile.class);
        List<String> names = new ArrayList<>();
        if (file.members() != null) {
            for (String member : file.members().keySet()) {
                if (member == null || !RELATIVE_PATH.matcher(member).matches() || member.contains("/")) {
                    throw new ModelFormatException(dir.resolve(ENSEMBLE_FILE) + " names an invalid member directory '"
                            + member + "'");
                }
                names.add(member);
            }
        }
        return names;
    }

    /**
     * The files a model directory is made of (paths relative to it), the manifest excluded: for one
     * network its architecture, normalisation, weights and calibration (if present); for an
     * ensemble ensemble.json, its calibration (if present) and each member's files with the
     * member's manifest.
     */
    private static List<String> modelFiles(Path dir, int formatVersion) {
        List<String> names = new ArrayList<>();
        if (formatVersion == Manifest.ENSEMBLE_FORMAT_VERSION) {
            names.add(ENSEMBLE_FILE);
            if (Files.exists(dir.resolve(CALIBRATION_FILE))) {
                names.add(CALIBRATION_FILE);
            }
            for (String member : memberNames(dir)) {
                names.add(member + "/" + MANIFEST_FILE);
                for (String f : modelFiles(dir.resolve(member), Manifest.FORMAT_VERSION)) {
                    names.add(member + "/" + f);
                }
            }
        } else {
            names.addAll(List.of(ARCHITECTURE_FILE, NORMALISATION_FILE, PARAMS_FILE));
            if (Files.exists(dir.resolve(CALIBRATION_FILE))) {
                names.add(CALIBRATION_FILE);
            }
        }
        return names;
    }

    /** The SHA-256 of each file of a model directory, as its manifest records them. */
    private static Map<String, String> checksums(Path dir, int formatVersion) throws IOException {
        Map<String, String> files = new TreeMap<>();
        for (String name : modelFiles(dir, formatVersion)) {
            files.put(name, Sha256.ofFile(dir.resolve(name)));
        }
        return files;
    }

    private static <T> T readJson(Path dir, String file, Class<T> type) {
        Path path = dir.resolve(file);
        try (InputStream in = Files.newInputStream(path)) {
            T value = JSON.readValue(in, type);
            if (value == null) {
                throw new ModelFormatException(path + " is empty (null)");
            }
            return value;
        } catch (NoSuchFileException e) {
            throw new ModelFormatException("model directory " + dir + " is incomplete: " + file + " is missing", e);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new ModelFormatException(path + " is not a valid " + file + ": "
                    + (cause == e ? e.getOriginalMessage() : cause.getMessage()), e);
        } catch (IOException e) {
            throw new ModelFormatException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes the model directory. Files go to a temporary sibling directory first (each through
     * {@link AtomicFiles}, its SHA-256 recorded in the manifest, written last), which is renamed
     * to {@code dir} when complete, so {@code dir} is never left half-written. An existing
     * {@code dir} is replaced only if it is empty or is a model directory (has a manifest.json),
     * and not while another process changes it.
     *
     * @param model the network or ensemble
     * @param dir   the directory to write
     * @throws IllegalArgumentException if {@code dir} exists and is not a model directory
     * @throws UncheckedIOException     if writing fails (nothing is left behind)
     */
    public static void save(Estimator model, Path dir) {
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        String name = target.getFileName().toString();
        Path tmp = null;
        FileLock lock = null;
        try {
            Files.createDirectories(parent);
            if (Files.exists(target)) {
                if (!Files.isDirectory(target)) {
                    throw new IllegalArgumentException(target + " exists and is not a directory");
                }
                if (!isEmpty(target) && !Files.exists(target.resolve(MANIFEST_FILE))) {
                    throw new IllegalArgumentException("refusing to replace " + target
                            + ": it is not empty and not a model directory (no manifest.json)");
                }
            }
            tmp = Files.createTempDirectory(parent, "." + name + ".tmp-");
            try { // temporary directories are owner-only; a model directory is meant to be shared
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
            if (model instanceof Network network) {
                writeNetwork(tmp, network);
            } else {
                writeEnsemble(tmp, (Ensemble) model);
            }
            AtomicFiles.syncDirectory(tmp);
            if (Files.exists(target)) { // not while another process changes it in place (evaluate --record)
                lock = FileLock.await(target.resolve(LOCK_FILE), "model directory " + target, "save", LOCK_WAIT_MILLIS);
                Path old = Files.createTempDirectory(parent, "." + name + ".old-");
                Files.delete(old);
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                deleteRecursively(old);
            } else {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
            AtomicFiles.syncDirectory(parent);
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the model to " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    deleteRecursively(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
            if (lock != null) {
                try {
                    lock.close();
                } catch (IOException ignored) {
                    // released when the process ends
                }
            }
        }
    }

    /**
     * The files of one network (and its calibration) into an existing directory, the manifest
     * last with the SHA-256 of the others.
     *
     * @return the SHA-256 of every file written, the manifest included, by name
     */
    private static Map<String, String> writeNetwork(Path dir, Network network) throws IOException {
        Map<String, String> files = new TreeMap<>();
        writeFile(dir, PARAMS_FILE, network.params(), files);
        writeFile(dir, ARCHITECTURE_FILE, JSON.writeValueAsBytes(network.architecture()), files);
        writeFile(dir, NORMALISATION_FILE, JSON.writeValueAsBytes(network.normalisation()), files);
        if (network.calibration() != null) {
            writeFile(dir, CALIBRATION_FILE, JSON.writeValueAsBytes(network.calibration()), files);
        }
        byte[] manifest = JSON.writeValueAsBytes(network.manifest().withFiles(files));
        writeFile(dir, MANIFEST_FILE, manifest, files);
        return files;
    }

    /** An ensemble's files: one subdirectory per member, ensemble.json, its calibration, its manifest last. */
    private static void writeEnsemble(Path dir, Ensemble ensemble) throws IOException {
        Map<String, String> files = new TreeMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        List<Network> members = ensemble.members();
        for (int k = 0; k < members.size(); k++) {
            String sub = "member-" + (k + 1);
            Map<String, String> memberFiles = writeNetwork(Files.createDirectory(dir.resolve(sub)), members.get(k));
            memberFiles.forEach((file, sha) -> files.put(sub + "/" + file, sha));
            AtomicFiles.syncDirectory(dir.resolve(sub));
            names.put(sub, members.get(k).manifest().paramsSha256());
        }
        writeFile(dir, ENSEMBLE_FILE, JSON.writeValueAsBytes(new EnsembleFile(names)), files);
        if (ensemble.calibration() != null) {
            writeFile(dir, CALIBRATION_FILE, JSON.writeValueAsBytes(ensemble.calibration()), files);
        }
        AtomicFiles.write(dir.resolve(MANIFEST_FILE), JSON.writeValueAsBytes(ensemble.manifest().withFiles(files)));
    }

    /** Writes a file atomically and records its SHA-256 under its name. */
    private static void writeFile(Path dir, String name, byte[] bytes, Map<String, String> files) throws IOException {
        AtomicFiles.write(dir.resolve(name), bytes);
        files.put(name, Sha256.of(bytes));
    }

    // ---------------------------------------------------------------- changes in place

    /**
     * Records scores, and the SHA-256 of the files they were computed on, in the manifest of the
     * model directory {@code dir} that {@code loaded} was loaded from: under the directory's lock,
     * the manifest is read again (so that concurrent records all land), changed and written
     * atomically. Nothing else in the directory changes.
     *
     * @param dir       the model directory
     * @param loaded    the estimator loaded from it
     * @param name      the scores' name, e.g. "eval"
     * @param scores    the scores (defined)
     * @param dataFiles data file name → SHA-256, recorded with them
     * @throws IllegalArgumentException if the scores are not defined
     * @throws ModelFormatException     if the directory now holds another model
     * @throws IOException              if the manifest cannot be written
     */
    public static void recordScores(Path dir, Estimator loaded, String name, Scores scores,
                                    Map<String, String> dataFiles) throws IOException {
        if (!scores.defined()) {
            throw new IllegalArgumentException("the scores are not defined (NaN or infinite): nothing recorded");
        }
        updateInPlace(dir, loaded, "record scores", m -> withDataFiles(m.withMetrics(name, scores), dataFiles), null);
    }

    /**
     * Stores an uncertainty calibration in the model directory {@code dir} that {@code loaded} was
     * loaded from (calibration.json, then the manifest with its checksum and the data files'
     * SHA-256), under the directory's lock; each file is replaced atomically.
     *
     * @param dir       the model directory
     * @param loaded    the estimator loaded from it
     * @param value     the calibration
     * @param dataFiles data file name → SHA-256 of the calibration data
     * @throws ModelFormatException if the directory now holds another model
     * @throws IOException          if a file cannot be written
     */
    public static void storeCalibration(Path dir, Estimator loaded, UncertaintyCalibration value,
                                        Map<String, String> dataFiles) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(value);
        updateInPlace(dir, loaded, "calibrate", m -> {
            Manifest changed = withDataFiles(m, dataFiles);
            if (changed.files() != null) {
                Map<String, String> files = new TreeMap<>(changed.files());
                files.put(CALIBRATION_FILE, Sha256.of(bytes));
                changed = changed.withFiles(files);
            }
            return changed;
        }, () -> AtomicFiles.write(dir.resolve(CALIBRATION_FILE), bytes));
    }

    private static Manifest withDataFiles(Manifest m, Map<String, String> dataFiles) {
        Manifest changed = m;
        for (Map.Entry<String, String> e : dataFiles.entrySet()) {
            changed = changed.withDataFile(e.getKey(), e.getValue());
        }
        return changed;
    }

    /** Something to do on disk before the manifest is rewritten. */
    private interface DiskStep {
        void run() throws IOException;
    }

    @SuppressWarnings("try") // the lock is held, not used, in the body
    private static void updateInPlace(Path dir, Estimator loaded, String purpose, UnaryOperator<Manifest> change,
                                      DiskStep before) throws IOException {
        try (FileLock lock = FileLock.await(dir.resolve(LOCK_FILE), "model directory " + dir, purpose,
                LOCK_WAIT_MILLIS)) {
            Manifest now = readManifest(dir);
            String expected = loaded.manifest().paramsSha256();
            if (now.paramsSha256() == null || !now.paramsSha256().equalsIgnoreCase(expected)) {
                throw new ModelFormatException("model directory " + dir + " now holds another model (weights "
                        + now.paramsSha256() + ", loaded " + expected + "): nothing changed");
            }
            Manifest changed = change.apply(now);
            if (before != null) {
                before.run();
            }
            AtomicFiles.write(dir.resolve(MANIFEST_FILE), JSON.writeValueAsBytes(changed));
        }
    }

    /**
     * Adds the SHA-256 of every file to the manifest of a model directory saved by an older
     * version (members first, for an ensemble), after loading it with every check. Only the
     * manifests change; the weights, normalisation and calibration stay byte for byte.
     *
     * @param dir the model directory
     * @return whether anything was added (false if the manifest had them already)
     * @throws ModelFormatException if the directory does not load
     * @throws IOException          if a manifest cannot be written
     */
    @SuppressWarnings("try") // the lock is held and the model loaded (checked), not used, in the body
    public static boolean addChecksums(Path dir) throws IOException {
        try (FileLock lock = FileLock.await(dir.resolve(LOCK_FILE), "model directory " + dir, "add checksums",
                LOCK_WAIT_MILLIS); Estimator model = load(dir)) {
            Manifest top = readManifest(dir);
            if (top.files() != null) {
                return false;
            }
            if (top.formatVersion() == Manifest.ENSEMBLE_FORMAT_VERSION) {
                for (String member : memberNames(dir)) {
                    Path sub = dir.resolve(member);
                    Manifest mm = readManifest(sub);
                    if (mm.files() == null) {
                        AtomicFiles.write(sub.resolve(MANIFEST_FILE), JSON.writeValueAsBytes(
                                mm.withFiles(checksums(sub, Manifest.FORMAT_VERSION))));
                    }
                }
            }
            AtomicFiles.write(dir.resolve(MANIFEST_FILE), JSON.writeValueAsBytes(
                    top.withFiles(checksums(dir, top.formatVersion()))));
            return true;
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        }
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(p)) {
                for (Path c : s) {
                    deleteRecursively(c);
                }
            }
        }
        Files.deleteIfExists(p);
    }
}
