package org.spinecho.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.spinecho.sim.Theta;

/**
 * Checks data files against the manifest that {@code generate} wrote beside them
 * ({@code <kernel>_<split>_manifest.json}, see {@link DataFiles}): a file the manifest lists must
 * have the SHA-256 it records, and a set whose generation is unfinished (a progress file and no
 * manifest) is refused. Files without a manifest (the challenge's own, or made by other tools)
 * are accepted as they are.
 *
 * <p>It also writes manifests: one builder for {@code generate}, {@code generate --shard}, the
 * parts a cluster job writes and {@code merge}. A whole set has format
 * {@code spinecho-dataset}; a part has format {@value #PART_FORMAT}, a "part" record
 * {@code {part, parts, first, end}} and the setting {@code shard = K/N}, so that a part is never
 * taken for a whole set nor resumed as another part.
 */
public final class DatasetManifest {
    private static final Pattern ECHOS = Pattern.compile("(.+)_echos_(.+)_[ri]\\.txt");
    private static final Pattern PARAMS = Pattern.compile("(.+)_mat_info_(.+)\\.txt");
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Format of a part's manifest. */
    public static final String PART_FORMAT = DatasetGenerator.FORMAT + "-part";
    /** The settings key of the part, "K/N". */
    public static final String SHARD = "shard";


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

    /** The settings that determine a set's (or a part's) bytes: the spec's, plus "shard" for a part. */
    public static Map<String, String> settings(GenerationSpec spec, Shard shard) {
        Map<String, String> s = new LinkedHashMap<>(spec.settings());
        if (shard != null) {
            s.put(SHARD, shard.toString());
        }
        return s;
    }

    /**
     * The manifest of the finished files {@code files} (their SHA-256 are computed here).
     *
     * @param shard      the part, or null for a whole set
     * @param generation how the set was made (threads, wall time, parts merged, ...)
     */
    public static ObjectNode build(GenerationSpec spec, Shard shard, DataFiles files, ObjectNode generation)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", shard == null ? DatasetGenerator.FORMAT : PART_FORMAT);
        root.put("format_version", DatasetGenerator.FORMAT_VERSION);
        root.put("program", "spinecho");
        root.put("version", DatasetGenerator.programVersion());
        root.put("created", Instant.now().toString());
        root.put("kernel", spec.kernel());
        root.put("split", spec.split());
        root.put("count", spec.count());
        root.put("seed", spec.seed());
        root.put("noise", spec.noise());
        if (shard != null) {
            ObjectNode part = root.putObject("part");
            part.put("part", shard.part());
            part.put("parts", shard.parts());
            part.put("first", shard.first(spec.count()));
            part.put("end", shard.end(spec.count()));
        }
        ObjectNode priors = root.putObject("priors");
        priors.put("distribution", "independent uniform");
        for (int k = 0; k < Theta.SIZE; k++) {
            range(priors, Theta.NAMES.get(k), spec.prior().range(k));
        }
        ObjectNode sim = root.putObject("simulation");
        sim.put("lattice", spec.lattice().toString());
        sim.put("ntau", spec.sequence().ntau());
        sim.put("samples", spec.sequence().samples());
        sim.put("dt", spec.sequence().dt());
        sim.put("flip_angle", spec.sequence().flipAngle());
        sim.put("phase1", spec.sequence().phase1());
        sim.put("phase2", spec.sequence().phase2());
        sim.put("layout", "random");
        sim.put("layout_seed", "per curve, drawn from (seed, curve index)");
        ObjectNode line = sim.putObject("line");
        line.put("shape", "truncated lorentzian");
        line.put("nu0", spec.line().nu0());
        line.put("bandwidth", spec.line().bandwidth());
        line.put("fwhm", spec.line().fwhm());
        sim.put("alpha_z_ratio", spec.alphaZRatio());
        sim.put("mean_field", "fft");
        sim.put("recipe", GenerationSpec.RECIPE);
        root.set("generation", generation);
        root.set("settings", JSON.valueToTree(settings(spec, shard)));
        int lines = shard == null ? spec.count() : shard.size(spec.count());
        ObjectNode fileNode = root.putObject("files");
        for (Path f : files.dataFiles()) {
            ObjectNode n = fileNode.putObject(f.getFileName().toString());
            n.put("sha256", Sha256.ofFile(f));
            n.put("bytes", Files.size(f));
            n.put("lines", lines);
        }
        return root;
    }

    /** The "generation" record of a run on one machine. */
    public static ObjectNode localGeneration(int threads, int resumedFrom, int computed, long nanos) {
        ObjectNode gen = JSON.createObjectNode();
        gen.put("threads", threads);
        gen.put("resumed_from", resumedFrom);
        gen.put("wall_time_seconds", nanos / 1e9);
        if (computed > 0 && nanos > 0) {
            gen.put("curves_per_second", computed / (nanos / 1e9));
        }
        return gen;
    }

    /** Writes a manifest atomically. */
    public static void write(Path file, ObjectNode manifest) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(manifest);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** Reads a manifest; a file that is not JSON throws {@link GenerationConflictException} naming it. */
    public static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new GenerationConflictException(file + " is not a readable manifest (" + e.getMessage() + ")");
        }
    }

    /** The "settings" of a manifest as a map, in the file's order. */
    public static Map<String, String> settingsOf(JsonNode root, Path file) {
        JsonNode node = root.path("settings");
        if (!node.isObject()) {
            throw new GenerationConflictException(file + " has no settings; it was not written by spinecho");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            m.put(e.getKey(), e.getValue().asText());
        }
        return m;
    }

    private static void range(ObjectNode parent, String name, Range r) {
        parent.putArray(name).add(r.lo()).add(r.hi());
    }
}
