package org.spinecho.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.spinecho.data.FileLock;
import java.util.Objects;
import org.spinecho.data.Sha256;

/**
 * A trained network with everything needed to use it: architecture, normalisation, weights and
 * manifest. Predicts (α, ξ, d) in physical units. Holds native memory once used for prediction:
 * close it when done. {@link #predict} is thread-safe (serialised).
 *
 * <p>Model directory layout ({@link #save}): {@code model.params} (weights, DJL format),
 * {@code architecture.json}, {@code normalisation.json}, {@code manifest.json}, optionally
 * {@code calibration.json}. An ensemble (format version 2, {@link #ensemble}) holds its own
 * {@code manifest.json} (the ensemble's command and scores; its params fields name
 * {@code ensemble.json} and a SHA-256 over the members' weights), its calibration, and
 * {@code ensemble.json}, which names the member subdirectories {@code member-1}, … (each a
 * complete format-1 model directory with the manifest of its training) with their weights'
 * SHA-256; it predicts the mean of its members' predictions.
 */
public final class TrainedModel implements AutoCloseable {
    public static final String PARAMS_FILE = "model.params";
    public static final String ARCHITECTURE_FILE = "architecture.json";
    public static final String NORMALISATION_FILE = "normalisation.json";
    public static final String MANIFEST_FILE = "manifest.json";
    /** Optional: the uncertainty calibration ({@link UncertaintyCalibration}). */
    public static final String CALIBRATION_FILE = "calibration.json";
    /** An ensemble's members: subdirectory → SHA-256 of its weights. */
    public static final String ENSEMBLE_FILE = "ensemble.json";
    private static final List<String> FILES = List.of(MANIFEST_FILE, ARCHITECTURE_FILE, NORMALISATION_FILE,
            PARAMS_FILE);
    private static final int PREDICT_BATCH = 1024;

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // NaN scores (constant targets)
            .build()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    private final ArchitectureSpec architecture;
    private final Normalisation normalisation;
    private final byte[] params;
    private final Manifest manifest;
    private final UncertaintyCalibration calibration;
    /**
     * An ensemble's networks (each a single network with its own manifest; this object's own
     * architecture, normalisation and weights are the first one's); empty for a single network.
     */
    private final List<TrainedModel> members;

    private NDManager manager;
    private Block block;

    TrainedModel(ArchitectureSpec architecture, Normalisation normalisation, byte[] params, Manifest manifest) {
        this(architecture, normalisation, params, manifest, null);
    }

    TrainedModel(ArchitectureSpec architecture, Normalisation normalisation, byte[] params, Manifest manifest,
                 UncertaintyCalibration calibration) {
        this(architecture, normalisation, params, manifest, calibration, List.of());
    }

    private TrainedModel(ArchitectureSpec architecture, Normalisation normalisation, byte[] params, Manifest manifest,
                         UncertaintyCalibration calibration, List<TrainedModel> members) {
        this.members = List.copyOf(members);
        this.calibration = calibration;
        this.architecture = Objects.requireNonNull(architecture);
        this.normalisation = Objects.requireNonNull(normalisation);
        this.params = Objects.requireNonNull(params);
        this.manifest = this.members.isEmpty()
                ? Objects.requireNonNull(manifest).withParams(PARAMS_FILE, Sha256.of(params))
                : Objects.requireNonNull(manifest).withParams(ENSEMBLE_FILE, ensembleSha256(this.members));
        normalisation.validate(architecture.featureCount(), architecture.outputs());
    }

    public ArchitectureSpec architecture() {
        return architecture;
    }

    public Normalisation normalisation() {
        return normalisation;
    }

    public Manifest manifest() {
        return manifest;
    }

    /** Samples per curve the model accepts. */
    public int curveLength() {
        return architecture.curveLength();
    }

    /** Size of the weights in bytes. */
    public int parameterBytes() {
        return members.isEmpty() ? params.length : members.stream().mapToInt(TrainedModel::parameterBytes).sum();
    }

    /** A copy recording the kernel of the training data. */
    public TrainedModel withKernel(String kernel) {
        return new TrainedModel(architecture, normalisation, params, manifest.withKernel(kernel), calibration, members);
    }

    /** A copy recording a training data file and its SHA-256 (see {@link Sha256#ofFile(Path)}). */
    public TrainedModel withDataFile(String name, String sha256) {
        return new TrainedModel(architecture, normalisation, params, manifest.withDataFile(name, sha256), calibration,
                members);
    }

    /** A copy carrying an uncertainty calibration (saved as calibration.json). */
    public TrainedModel withCalibration(UncertaintyCalibration value) {
        return new TrainedModel(architecture, normalisation, params, manifest, value, members);
    }

    /** The uncertainty calibration, or null if the model has none. */
    public UncertaintyCalibration calibration() {
        return calibration;
    }

    /** The architecture's name, e.g. "cnn", or for an ensemble "3 x cnn". */
    public String description() {
        if (members.isEmpty()) {
            return manifest.architecture();
        }
        java.util.Set<String> types = new java.util.LinkedHashSet<>();
        members.forEach(m -> types.add(m.manifest.architecture()));
        return memberCount() + " x " + String.join("/", types);
    }

    /** Networks whose predictions are averaged: 1 for a single network. */
    public int memberCount() {
        return members.isEmpty() ? 1 : members.size();
    }

    /** An ensemble's identity: SHA-256 over its members' weight hashes, in order. */
    private static String ensembleSha256(List<TrainedModel> members) {
        StringBuilder sb = new StringBuilder();
        for (TrainedModel m : members) {
            sb.append(m.manifest.paramsSha256()).append('\n');
        }
        return Sha256.ofText(sb.toString());
    }

    /**
     * An ensemble of {@code first} and {@code others}: it predicts the mean of their predictions. All
     * must take curves of the same length and come from data of the same kernel. The ensemble's
     * manifest is the first member's, with the given command, format version 2, and no scores or
     * calibration (evaluate and calibrate the ensemble itself); each member keeps its own manifest.
     *
     * @throws IllegalArgumentException if the members do not match, or are ensembles themselves
     */
    public static TrainedModel ensemble(TrainedModel first, List<TrainedModel> others, String command) {
        if (others.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least two members");
        }
        List<TrainedModel> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(others);
        for (TrainedModel m : all) {
            if (m.memberCount() != 1) {
                throw new IllegalArgumentException("a member is itself an ensemble of " + m.memberCount()
                        + " networks: combine single networks");
            }
            if (m.curveLength() != first.curveLength()) {
                throw new IllegalArgumentException("members take curves of " + first.curveLength() + " and "
                        + m.curveLength() + " samples");
            }
            if (!Objects.equals(m.manifest().kernel(), first.manifest().kernel())) {
                throw new IllegalArgumentException("members were trained on kernels " + first.manifest().kernel()
                        + " and " + m.manifest().kernel());
            }
        }
        List<TrainedModel> networks = new java.util.ArrayList<>();
        for (TrainedModel m : all) { // each member keeps its training manifest, not its calibration
            networks.add(new TrainedModel(m.architecture, m.normalisation, m.params, m.manifest, null));
        }
        Manifest manifest = first.manifest.withoutMetrics().withCommand(command)
                .withFormatVersion(Manifest.ENSEMBLE_FORMAT_VERSION);
        return new TrainedModel(first.architecture, first.normalisation, first.params, manifest, null, networks);
    }

    /** A copy recording the exact command that trained it. */
    public TrainedModel withCommand(String command) {
        return new TrainedModel(architecture, normalisation, params, manifest.withCommand(command), calibration,
                members);
    }

    /** A copy recording scores under a name (e.g. "validation", "test"). */
    public TrainedModel withMetrics(String name, Scores scores) {
        return new TrainedModel(architecture, normalisation, params, manifest.withMetrics(name, scores), calibration,
                members);
    }

    /**
     * Predicts (α, ξ, d) in physical units for each curve; rows of {@code re} and {@code im} are
     * curves of {@link #curveLength()} samples.
     *
     * @throws IllegalArgumentException if a curve's length does not match the model
     */
    public double[][] predict(double[][] re, double[][] im) {
        if (members.isEmpty()) {
            return predictNetwork(re, im);
        }
        // the members run in parallel (each network single-threaded, on its own native memory);
        // the mean is summed in member order, so the result does not depend on the threads
        List<double[][]> predictions = members.parallelStream().map(m -> m.predictNetwork(re, im)).toList();
        double[][] out = predictions.get(0);
        for (double[][] p : predictions.subList(1, predictions.size())) { // the ensemble's prediction: the mean
            for (int i = 0; i < out.length; i++) {
                for (int k = 0; k < out[i].length; k++) {
                    out[i][k] += p[i][k];
                }
            }
        }
        for (double[] row : out) {
            for (int k = 0; k < row.length; k++) {
                row[k] /= memberCount();
            }
        }
        return out;
    }

    /** This network's own prediction (not for an ensemble). */
    private double[][] predictNetwork(double[][] re, double[][] im) {
        if (re.length != im.length) {
            throw new IllegalArgumentException("re has " + re.length + " curves but im has " + im.length);
        }
        int n = re.length;
        int len = architecture.curveLength();
        for (int i = 0; i < n; i++) {
            if (re[i].length != len || im[i].length != len) {
                throw new IllegalArgumentException("curve " + i + " has " + re[i].length + " samples (re) and "
                        + im[i].length + " (im), but this model expects curves of " + len
                        + " samples (3·ntau with ntau = " + (len % 3 == 0 ? len / 3 : "?") + ")");
            }
        }
        int f = architecture.featureCount();
        int outputs = architecture.outputs();
        double[][] out = new double[n][outputs];
        synchronized (this) {
            ensureLoaded();
            // batches of PREDICT_BATCH curves run in parallel, each on one PyTorch thread with its
            // own parameter store and native memory; a curve's batch does not depend on the threads
            int batches = (n + PREDICT_BATCH - 1) / PREDICT_BATCH;
            java.util.stream.IntStream.range(0, batches).parallel().forEach(b -> {
                int from = b * PREDICT_BATCH;
                int m = Math.min(PREDICT_BATCH, n - from);
                float[] x = new float[m * f];
                for (int r = 0; r < m; r++) {
                    architecture.features(re[from + r], im[from + r], x, r * f);
                }
                normalisation.normaliseInPlace(x, 0, m);
                try (NDManager bm = manager.newSubManager()) {
                    NDArray xa = bm.create(FloatBuffer.wrap(x, 0, m * f), architecture.inputShape(m));
                    ParameterStore ps = new ParameterStore(bm, false);
                    float[] y = block.forward(ps, new NDList(xa), false).singletonOrThrow().toFloatArray();
                    for (int r = 0; r < m; r++) {
                        for (int k = 0; k < outputs; k++) {
                            out[from + r][k] = normalisation.unscaleTarget(k, y[r * outputs + k]);
                        }
                    }
                }
            });
        }
        return out;
    }

    /** Predicts and scores against the true parameters (rows α, ξ, d). */
    public Scores evaluate(double[][] re, double[][] im, double[][] truth) {
        return Scores.compute(truth, predict(re, im));
    }

    private void ensureLoaded() {
        if (block != null) {
            return;
        }
        MlEngine.init();
        NDManager m = NDManager.newBaseManager();
        try {
            Block b = architecture.buildBlock();
            b.initialize(m, DataType.FLOAT32, architecture.inputShape(1));
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(params))) {
                b.loadParameters(m, in);
                if (in.read() != -1) {
                    throw new ModelFormatException("the weights file has trailing data after the last parameter");
                }
            }
            manager = m;
            block = b;
        } catch (ModelFormatException e) {
            m.close();
            throw e;
        } catch (Exception e) {
            m.close();
            throw new ModelFormatException("the weights do not fit the architecture " + architecture.type()
                    + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    @Override
    public synchronized void close() {
        for (TrainedModel m : members) {
            m.close();
        }
        if (manager != null) {
            manager.close();
            manager = null;
            block = null;
        }
    }

    /**
     * Writes the model directory. Files go to a temporary sibling directory first, which is
     * renamed to {@code dir} when complete, so {@code dir} is never left half-written. An existing
     * {@code dir} is replaced only if it is empty or is a model directory (has a manifest.json).
     */
    public void save(Path dir) {
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
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
            if (members.isEmpty()) {
                writeFiles(tmp);
            } else {
                java.util.Map<String, String> names = new java.util.LinkedHashMap<>();
                for (int k = 0; k < members.size(); k++) {
                    String sub = "member-" + (k + 1);
                    members.get(k).writeFiles(Files.createDirectory(tmp.resolve(sub)));
                    names.put(sub, members.get(k).manifest.paramsSha256());
                }
                JSON.writeValue(tmp.resolve(ENSEMBLE_FILE).toFile(), new EnsembleFile(names));
                if (calibration != null) {
                    JSON.writeValue(tmp.resolve(CALIBRATION_FILE).toFile(), calibration);
                }
                JSON.writeValue(tmp.resolve(MANIFEST_FILE).toFile(), manifest.withFiles(checksums(tmp)));
            }
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

    /** The files of this network (and its calibration) into an existing directory. */
    private void writeFiles(Path dir) throws IOException {
        Files.write(dir.resolve(PARAMS_FILE), params);
        JSON.writeValue(dir.resolve(ARCHITECTURE_FILE).toFile(), architecture);
        JSON.writeValue(dir.resolve(NORMALISATION_FILE).toFile(), normalisation);
        if (calibration != null) {
            JSON.writeValue(dir.resolve(CALIBRATION_FILE).toFile(), calibration);
        }
        JSON.writeValue(dir.resolve(MANIFEST_FILE).toFile(), manifest.withFiles(checksums(dir)));
    }

    /** {@code ensemble.json}: the members' subdirectories and their weights' SHA-256, in order. */
    record EnsembleFile(java.util.Map<String, String> members) {
    }

    /**
     * Loads and checks a model directory: all four files present and parseable, the format
     * version supported, the weights' SHA-256 equal to the manifest's, and the weights loadable
     * into the architecture.
     *
     * @throws ModelFormatException with a message saying what is wrong
     */
    public static TrainedModel load(Path dir) {
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
        if (Files.exists(dir.resolve(ENSEMBLE_FILE))) {
            throw new ModelFormatException("model " + dir + " has an " + ENSEMBLE_FILE
                    + " but its manifest says format version 1 (one network)");
        }
        for (String file : FILES) {
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
        if (manifest.paramsSha256() == null) {
            throw new ModelFormatException(dir.resolve(MANIFEST_FILE) + " has no paramsSha256");
        }
        if (!manifest.paramsSha256().equalsIgnoreCase(actual)) {
            throw new ModelFormatException(dir.resolve(PARAMS_FILE) + " is corrupted or truncated: "
                    + params.length + " bytes with SHA-256 " + actual + ", but the manifest records "
                    + manifest.paramsSha256());
        }
        TrainedModel model = new TrainedModel(architecture, normalisation, params, manifest, calibration(dir));
        model.filesChecksummed = manifest.files() != null;
        try {
            synchronized (model) {
                model.ensureLoaded();
            }
        } catch (ModelFormatException e) {
            model.close();
            throw new ModelFormatException("model " + dir + ": " + e.getMessage(), e);
        }
        return model;
    }

    private static UncertaintyCalibration calibration(Path dir) {
        return Files.exists(dir.resolve(CALIBRATION_FILE))
                ? readJson(dir, CALIBRATION_FILE, UncertaintyCalibration.class) : null;
    }

    /**
     * An ensemble: the members named in ensemble.json, each loaded as a model directory and checked
     * against its recorded SHA-256, and the whole against the manifest's SHA-256 over them.
     */
    private static TrainedModel loadEnsemble(Path dir, Manifest manifest) {
        List<TrainedModel> members = loadMembers(dir, manifest);
        try {
            if (members.size() < 2) {
                throw new ModelFormatException(dir.resolve(ENSEMBLE_FILE) + " names " + members.size()
                        + " member; an ensemble has at least two");
            }
            String id = ensembleSha256(members);
            if (manifest.paramsSha256() == null || !manifest.paramsSha256().equalsIgnoreCase(id)) {
                throw new ModelFormatException(dir.resolve(MANIFEST_FILE) + " records the ensemble SHA-256 "
                        + manifest.paramsSha256() + ", but its members give " + id);
            }
            TrainedModel first = members.get(0);
            TrainedModel ensemble = new TrainedModel(first.architecture, first.normalisation, first.params, manifest,
                    calibration(dir), members);
            ensemble.filesChecksummed = manifest.files() != null && members.stream().allMatch(m -> m.filesChecksummed);
            return ensemble;
        } catch (RuntimeException e) {
            members.forEach(TrainedModel::close);
            throw e;
        }
    }

    /** The members named in an ensemble's ensemble.json, each checked against its recorded SHA-256. */
    private static List<TrainedModel> loadMembers(Path dir, Manifest manifest) {
        if (!Files.isRegularFile(dir.resolve(ENSEMBLE_FILE))) {
            throw new ModelFormatException("model directory " + dir + " is incomplete: " + ENSEMBLE_FILE
                    + " is missing (format version 2 is an ensemble)");
        }
        EnsembleFile file = readJson(dir, ENSEMBLE_FILE, EnsembleFile.class);
        if (file.members() == null || file.members().isEmpty()) {
            throw new ModelFormatException(dir.resolve(ENSEMBLE_FILE) + " names no members");
        }
        List<TrainedModel> members = new java.util.ArrayList<>();
        try {
            for (java.util.Map.Entry<String, String> e : file.members().entrySet()) {
                String name = e.getKey();
                if (!name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
                    throw new ModelFormatException(dir.resolve(ENSEMBLE_FILE) + " names an invalid member directory '"
                            + name + "'");
                }
                Path sub = dir.resolve(name);
                TrainedModel m = load(sub);
                members.add(m);
                if (m.memberCount() != 1) {
                    throw new ModelFormatException("member " + sub + " is itself an ensemble");
                }
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
            members.forEach(TrainedModel::close);
            throw ex;
        }
        return members;
    }

    /** The hidden lock file of a model directory (taken while it is changed in place or replaced). */
    public static final String LOCK_FILE = ".spinecho.lock";
    /** How long a change of a model directory waits for another process's change to finish. */
    static final long LOCK_WAIT_MILLIS = 120_000;
    /** Kernels a model can be trained for. */
    public static final List<String> KERNELS = List.of("gauss", "rkky");
    private static final java.util.regex.Pattern RELATIVE_PATH =
            java.util.regex.Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");

    /** manifest.json; one saved before the "files" checksums existed reads with files = null. */
    private static Manifest readManifest(Path dir) {
        Path path = dir.resolve(MANIFEST_FILE);
        com.fasterxml.jackson.databind.JsonNode tree;
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
            ((com.fasterxml.jackson.databind.node.ObjectNode) tree).putNull("files");
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
        if (!KERNELS.contains(m.kernel())) {
            throw new ModelFormatException(path + ": kernel must be one of " + KERNELS + ", got '" + m.kernel() + "'");
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
        if (m.paramsSha256() == null || !m.paramsSha256().matches("[0-9a-fA-F]{64}")) {
            throw new ModelFormatException(path + ": paramsSha256 must be 64 hex digits, got '" + m.paramsSha256() + "'");
        }
        if (m.files() != null) {
            for (Map.Entry<String, String> e : m.files().entrySet()) {
                if (e.getKey() == null || !RELATIVE_PATH.matcher(e.getKey()).matches() || e.getKey().equals(MANIFEST_FILE)
                        || e.getValue() == null || !e.getValue().matches("[0-9a-fA-F]{64}")) {
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

    /**
     * The files a model directory is made of (paths relative to it), the manifest excluded: for one
     * network its architecture, normalisation, weights and calibration (if present); for an
     * ensemble ensemble.json, its calibration (if present) and each member's files with the
     * member's manifest.
     */
    private static List<String> modelFiles(Path dir, int formatVersion) {
        List<String> names = new java.util.ArrayList<>();
        if (formatVersion == Manifest.ENSEMBLE_FORMAT_VERSION) {
            names.add(ENSEMBLE_FILE);
            if (Files.exists(dir.resolve(CALIBRATION_FILE))) {
                names.add(CALIBRATION_FILE);
            }
            EnsembleFile file = readJson(dir, ENSEMBLE_FILE, EnsembleFile.class);
            if (file.members() != null) {
                for (String member : file.members().keySet()) {
                    if (member == null || !RELATIVE_PATH.matcher(member).matches() || member.contains("/")) {
                        throw new ModelFormatException(dir.resolve(ENSEMBLE_FILE) + " names an invalid member directory '"
                                + member + "'");
                    }
                    names.add(member + "/" + MANIFEST_FILE);
                    for (String f : modelFiles(dir.resolve(member), Manifest.FORMAT_VERSION)) {
                        names.add(member + "/" + f);
                    }
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

    /** The SHA-256 of each file of the (complete, just written) model directory. */
    private Map<String, String> checksums(Path dir) throws IOException {
        Map<String, String> files = new java.util.TreeMap<>();
        for (String name : modelFiles(dir, members.isEmpty() ? Manifest.FORMAT_VERSION : Manifest.ENSEMBLE_FORMAT_VERSION)) {
            files.put(name, Sha256.ofFile(dir.resolve(name)));
        }
        return files;
    }

    /** Whether the model directory's manifest records the SHA-256 of all its files (not only of the weights). */
    public boolean filesChecksummed() {
        return filesChecksummed;
    }

    private boolean filesChecksummed;

    /**
     * Records scores, and the SHA-256 of the files they were computed on, in the manifest of the
     * model directory {@code dir} this model was loaded from: under the directory's lock, the
     * manifest is read again (so that concurrent records all land), changed and written
     * atomically. Nothing else in the directory changes.
     *
     * @throws ModelFormatException if the directory now holds another model
     */
    public void recordScores(Path dir, String name, Scores scores, Map<String, String> dataFiles) throws IOException {
        if (!scores.defined()) {
            throw new IllegalArgumentException("the scores are not defined (NaN or infinite): nothing recorded");
        }
        updateInPlace(dir, "record scores", m -> {
            Manifest changed = m.withMetrics(name, scores);
            for (Map.Entry<String, String> e : dataFiles.entrySet()) {
                changed = changed.withDataFile(e.getKey(), e.getValue());
            }
            return changed;
        }, null);
    }

    /**
     * Stores an uncertainty calibration in the model directory {@code dir} this model was loaded
     * from (calibration.json, then the manifest with its checksum and the data files' SHA-256),
     * under the directory's lock; each file is replaced atomically.
     */
    public void storeCalibration(Path dir, UncertaintyCalibration value, Map<String, String> dataFiles)
            throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(value);
        updateInPlace(dir, "calibrate", m -> {
            Manifest changed = m;
            for (Map.Entry<String, String> e : dataFiles.entrySet()) {
                changed = changed.withDataFile(e.getKey(), e.getValue());
            }
            if (changed.files() != null) {
                Map<String, String> files = new java.util.TreeMap<>(changed.files());
                files.put(CALIBRATION_FILE, Sha256.of(bytes));
                changed = changed.withFiles(files);
            }
            return changed;
        }, () -> org.spinecho.data.AtomicFiles.write(dir.resolve(CALIBRATION_FILE), bytes));
    }

    /** Something to do on disk before the manifest is rewritten. */
    private interface DiskStep {
        void run() throws IOException;
    }

    @SuppressWarnings("try") // the lock is held, not used, in the body
    private void updateInPlace(Path dir, String purpose, java.util.function.UnaryOperator<Manifest> change,
                               DiskStep before) throws IOException {
        try (FileLock lock = FileLock.await(dir.resolve(LOCK_FILE), "model directory " + dir, purpose,
                LOCK_WAIT_MILLIS)) {
            Manifest now = readManifest(dir);
            if (now.paramsSha256() == null || !now.paramsSha256().equalsIgnoreCase(manifest.paramsSha256())) {
                throw new ModelFormatException("model directory " + dir + " now holds another model (weights "
                        + now.paramsSha256() + ", loaded " + manifest.paramsSha256() + "): nothing changed");
            }
            Manifest changed = change.apply(now);
            if (before != null) {
                before.run();
            }
            byte[] bytes = JSON.writeValueAsBytes(changed);
            org.spinecho.data.AtomicFiles.write(dir.resolve(MANIFEST_FILE), bytes);
        }
    }

    /**
     * Adds the SHA-256 of every file to the manifest of a model directory saved by an older
     * version (members first, for an ensemble), after loading it with every check. Only the
     * manifests change; the weights, normalisation and calibration stay byte for byte.
     *
     * @return whether anything was added (false if the manifest had them already)
     */
    @SuppressWarnings("try") // the lock is held and the model loaded (checked), not used, in the body
    public static boolean addChecksums(Path dir) throws IOException {
        try (FileLock lock = FileLock.await(dir.resolve(LOCK_FILE), "model directory " + dir, "add checksums",
                LOCK_WAIT_MILLIS); TrainedModel model = load(dir)) {
            Manifest top = readManifest(dir);
            if (top.files() != null) {
                return false;
            }
            if (top.formatVersion() == Manifest.ENSEMBLE_FORMAT_VERSION) {
                EnsembleFile file = readJson(dir, ENSEMBLE_FILE, EnsembleFile.class);
                for (String member : file.members().keySet()) {
                    Path sub = dir.resolve(member);
                    Manifest mm = readManifest(sub);
                    if (mm.files() == null) {
                        Map<String, String> files = new java.util.TreeMap<>();
                        for (String name : modelFiles(sub, Manifest.FORMAT_VERSION)) {
                            files.put(name, Sha256.ofFile(sub.resolve(name)));
                        }
                        org.spinecho.data.AtomicFiles.write(sub.resolve(MANIFEST_FILE),
                                JSON.writeValueAsBytes(mm.withFiles(files)));
                    }
                }
            }
            Map<String, String> files = new java.util.TreeMap<>();
            for (String name : modelFiles(dir, top.formatVersion())) {
                files.put(name, Sha256.ofFile(dir.resolve(name)));
            }
            org.spinecho.data.AtomicFiles.write(dir.resolve(MANIFEST_FILE), JSON.writeValueAsBytes(top.withFiles(files)));
            return true;
        }
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

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        }
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(p)) {
                for (Path c : s) {
                    deleteRecursively(c);
                }
            }
        }
        Files.deleteIfExists(p);
    }
}
