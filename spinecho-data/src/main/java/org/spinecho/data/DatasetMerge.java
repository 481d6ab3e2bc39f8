package org.spinecho.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the parts of a data set ({@code generate --shard K/N}, or the text parts of the Spark job)
 * back together into the standard files, byte-identical to a run on one machine.
 *
 * <p>Before writing anything it checks that the parts belong to one set: every part has a
 * finished part manifest, all were made with the same settings and the same N, every part 1 … N
 * is present exactly once (so the index ranges cover the set without gap or overlap), and every
 * file matches its SHA-256. A violation throws {@link GenerationConflictException} naming the
 * part. The output's files are the parts' files concatenated in order, each written through a
 * temporary file and an atomic rename; the manifest (format {@value DatasetGenerator#FORMAT},
 * "generation" naming the merged parts) comes last, so {@code generate} with the same options
 * reports the merged set as complete.
 */
public final class DatasetMerge {
    /** What a merge did. */
    public enum Status { MERGED, ALREADY_COMPLETE }

    /**
     * @param status   what happened
     * @param files    the merged set's files
     * @param parts    number of parts
     * @param count    number of curves
     * @param wallTime duration of the merge
     */
    public record Outcome(Status status, DataFiles files, int parts, int count, Duration wallTime) {
    }

    /** A checked part: its directory, which part it is, its manifest and files. */
    record Part(Path dir, Shard shard, GenerationSpec spec, Map<String, String> settings, JsonNode manifest,
                DataFiles files) {
    }

    private DatasetMerge() {
    }

    /**
     * Checks the parts and writes the merged set into {@code out}.
     *
     * @param partDirs one directory per part, in any order
     * @param method   how the parts were made, for the manifest (e.g. "generate --shard")
     * @throws GenerationConflictException naming the missing, duplicated, foreign or damaged part,
     *                                     or an output that holds something else
     */
    public static Outcome merge(List<Path> partDirs, Path out, String method) throws IOException {
        long t0 = System.nanoTime();
        if (partDirs.isEmpty()) {
            throw new GenerationConflictException("no parts given");
        }
        List<Part> parts = new ArrayList<>();
        for (Path dir : partDirs) {
            parts.add(readPart(dir));
        }
        Part reference = parts.get(0);
        for (Part p : parts) {
            checkSameSet(reference, p);
        }
        List<Part> sorted = new ArrayList<>(parts);
        sorted.sort(Comparator.comparingInt(p -> p.shard().part()));
        int n = reference.shard().parts();
        int count = reference.spec().count();
        for (int i = 0; i < sorted.size(); i++) {
            Part p = sorted.get(i);
            if (i > 0 && sorted.get(i - 1).shard().part() == p.shard().part()) {
                throw new GenerationConflictException("duplicated part " + p.shard() + ": " + sorted.get(i - 1).dir()
                        + " and " + p.dir() + " are the same part; give each part once");
            }
        }
        for (int k = 1, i = 0; k <= n; k++) {
            if (i < sorted.size() && sorted.get(i).shard().part() == k) {
                i++;
                continue;
            }
            Shard missing = new Shard(k, n);
            throw new GenerationConflictException("missing part " + missing + " (curves " + missing.first(count)
                    + " to " + (missing.end(count) - 1) + " of " + count + "): no directory given holds it");
        }
        for (Part p : sorted) {
            checkFiles(p);
        }

        GenerationSpec spec = reference.spec();
        DataFiles files = spec.files(out);
        for (Part p : sorted) {
            if (Files.exists(out) && Files.exists(p.dir()) && Files.isSameFile(out, p.dir())) {
                throw new GenerationConflictException("--out: " + out + " is part " + p.shard()
                        + "; write the merged set to another directory");
            }
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new GenerationConflictException("--out: " + out + " is not a directory");
        }
        if (Files.isRegularFile(files.manifest()) && isSameComplete(spec, files)) {
            return new Outcome(Status.ALREADY_COMPLETE, files, n, count, Duration.ofNanos(System.nanoTime() - t0));
        }
        for (Path f : List.of(files.re(), files.im(), files.params(), files.manifest(), files.progress())) {
            if (Files.exists(f)) {
                throw new GenerationConflictException("--out: " + f + " already exists and is not this merged set; "
                        + "remove it or use another --out");
            }
        }
        Files.createDirectories(out);
        for (int k = 0; k < 3; k++) {
            int column = k;
            AtomicFiles.write(files.dataFiles().get(k), stream -> {
                for (Part p : sorted) {
                    Files.copy(p.files().dataFiles().get(column), stream);
                }
            });
        }
        ObjectNode generation = DatasetManifest.JSON.createObjectNode();
        generation.put("method", method);
        generation.put("parts", n);
        double wall = 0;
        ArrayNode list = generation.putArray("merged_parts");
        for (Part p : sorted) {
            ObjectNode e = list.addObject();
            e.put("part", p.shard().toString());
            e.put("first", p.shard().first(count));
            e.put("end", p.shard().end(count));
            e.put("dir", p.dir().toString());
            e.set("generation", p.manifest().path("generation"));
            wall += p.manifest().path("generation").path("wall_time_seconds").asDouble(0);
        }
        generation.put("parts_wall_time_seconds", wall);
        DatasetManifest.write(files.manifest(), DatasetManifest.build(spec, null, files, generation));
        AtomicFiles.syncDirectory(out);
        return new Outcome(Status.MERGED, files, n, count, Duration.ofNanos(System.nanoTime() - t0));
    }

    /** Reads a part directory's manifest; names the directory in every complaint. */
    static Part readPart(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new GenerationConflictException("part " + dir + ": no such directory");
        }
        List<Path> manifests = new ArrayList<>();
        boolean unfinished = false;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) {
                String name = f.getFileName().toString();
                if (name.endsWith("_manifest.json")) {
                    manifests.add(f);
                } else if (name.endsWith(".progress.json")) {
                    unfinished = true;
                }
            }
        }
        if (manifests.isEmpty()) {
            throw new GenerationConflictException("part " + dir + (unfinished
                    ? " is unfinished: re-run its generate command to complete it"
                    : " holds no part manifest: not a part made by generate --shard"));
        }
        if (manifests.size() > 1) {
            manifests.sort(Comparator.naturalOrder());
            throw new GenerationConflictException("part " + dir + " holds several data sets (" + manifests.get(0)
                    .getFileName() + ", " + manifests.get(1).getFileName() + "); give one directory per part");
        }
        Path file = manifests.get(0);
        JsonNode m = DatasetManifest.read(file);
        String format = m.path("format").asText("");
        if (format.equals(DatasetGenerator.FORMAT)) {
            throw new GenerationConflictException("part " + dir + " holds a whole data set (made without --shard), "
                    + "not a part");
        }
        if (!format.equals(DatasetManifest.PART_FORMAT)) {
            throw new GenerationConflictException("part " + dir + ": " + file.getFileName()
                    + " is not a part manifest (format '" + format + "')");
        }
        Map<String, String> settings = DatasetManifest.settingsOf(m, file);
        Map<String, String> setSettings = new LinkedHashMap<>(settings);
        String shardText = setSettings.remove(DatasetManifest.SHARD);
        Shard shard;
        GenerationSpec spec;
        try {
            shard = Shard.parse(shardText == null ? "" : shardText);
            spec = GenerationSpec.fromSettings(setSettings);
        } catch (IllegalArgumentException e) {
            throw new GenerationConflictException("part " + dir + ": " + file.getFileName() + ": " + e.getMessage());
        }
        JsonNode range = m.path("part");
        if (range.path("first").asInt(-1) != shard.first(spec.count())
                || range.path("end").asInt(-1) != shard.end(spec.count())) {
            throw new GenerationConflictException("part " + dir + ": the range in " + file.getFileName()
                    + " does not match part " + shard + " of " + spec.count() + " curves");
        }
        DataFiles files = spec.files(dir);
        if (!files.manifest().equals(file)) {
            throw new GenerationConflictException("part " + dir + ": " + file.getFileName() + " describes "
                    + files.manifest().getFileName());
        }
        return new Part(dir, shard, spec, setSettings, m, files);
    }

    /** Throws naming {@code p} if it was made with other settings or another number of parts than {@code ref}. */
    private static void checkSameSet(Part ref, Part p) {
        for (Map.Entry<String, String> e : ref.settings().entrySet()) {
            String v = p.settings().get(e.getKey());
            if (!e.getValue().equals(v)) {
                throw new GenerationConflictException("foreign part " + p.dir() + ": made with "
                        + GenerationSpec.optionOf(e.getKey()) + " " + v + ", but " + ref.dir() + " with "
                        + e.getValue() + "; all parts must come from one set");
            }
        }
        if (p.settings().size() != ref.settings().size()) {
            throw new GenerationConflictException("foreign part " + p.dir() + ": its settings differ from those of "
                    + ref.dir());
        }
        if (p.shard().parts() != ref.shard().parts()) {
            throw new GenerationConflictException("foreign part " + p.dir() + ": part " + p.shard() + ", but "
                    + ref.dir() + " is part " + ref.shard() + "; all parts must come from one split into N parts");
        }
    }

    /** Throws naming the part if a data file is missing or differs from its SHA-256. */
    private static void checkFiles(Part p) throws IOException {
        JsonNode listed = p.manifest().path("files");
        for (Path f : p.files().dataFiles()) {
            if (!Files.isRegularFile(f)) {
                throw new GenerationConflictException("part " + p.dir() + " (" + p.shard() + "): " + f.getFileName()
                        + " is missing");
            }
            String expected = listed.path(f.getFileName().toString()).path("sha256").asText("");
            if (!expected.equals(Sha256.ofFile(f))) {
                throw new GenerationConflictException("part " + p.dir() + " (" + p.shard() + "): " + f.getFileName()
                        + " differs from its SHA-256 in the manifest (changed or damaged); generate the part again");
            }
        }
    }

    /** True if {@code files} is a complete set with these settings whose files match their SHA-256. */
    private static boolean isSameComplete(GenerationSpec spec, DataFiles files) throws IOException {
        JsonNode m = DatasetManifest.read(files.manifest());
        if (!DatasetGenerator.FORMAT.equals(m.path("format").asText(""))
                || !DatasetManifest.settingsOf(m, files.manifest()).equals(spec.settings())) {
            return false;
        }
        for (Path f : files.dataFiles()) {
            if (!Files.isRegularFile(f) || !m.path("files").path(f.getFileName().toString()).path("sha256")
                    .asText("").equals(Sha256.ofFile(f))) {
                return false;
            }
        }
        return true;
    }
}
