package org.spinecho.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.SparkSession;
import org.spinecho.data.AtomicFiles;
import org.spinecho.data.DatasetGenerator;
import org.spinecho.data.DatasetManifest;
import org.spinecho.data.GenerationConflictException;
import org.spinecho.data.Sha256;
import org.spinecho.data.Shard;

/**
 * Maps a {@link Sweep} over its items across the executors of a Spark application.
 *
 * <p>The items are cut into M parts as {@code generate --shard K/M} cuts a set ({@link Shard}:
 * contiguous, in order); part K is one Spark task, which computes its items and writes their
 * results, one JSON line each, to {@code <out>/<name>_parts/part-0000K-of-0000M.jsonl} under a
 * temporary name that is then renamed, so a part is finished or absent:
 * <ul>
 *   <li>a rerun after a crash or a kill skips the finished parts (checked by the driver and again
 *       by each task); a task that Spark retries or runs twice writes the same bytes under the
 *       same name, so no result is lost or counted twice;</li>
 *   <li>when all parts are done the driver reads them in order and writes {@code <out>/<name>.json}
 *       with {@link Sweep#assemble}: the same bytes for any M and any number of executors.</li>
 * </ul>
 * {@code <name>_parts/_spinecho_job.json} (written first) records the settings and M, so that a
 * rerun continues the same sweep and another one is refused; {@code _spinecho_manifest.json}
 * (written at the end) the SHA-256 of every part and the tasks' times. The directory must be on
 * a file system every executor sees.
 */
public final class SparkSweep {
    /** Format of the job file and of the manifest. */
    public static final String FORMAT = "spinecho-sweep";
    /** Written when the sweep starts: its settings and number of parts. */
    public static final String JOB_FILE = "_spinecho_job.json";
    /** Written when all parts are done. */
    public static final String MANIFEST_FILE = "_spinecho_manifest.json";
    /** The default number of parts is at most this (one item a part below it). */
    public static final int MAX_DEFAULT_PARTS = 1000;
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What a run did.
     *
     * @param partitions  number of parts M
     * @param skipped     parts found finished and not recomputed
     * @param computed    parts computed by this run
     * @param items       items computed by this run
     * @param taskSeconds summed wall time of this run's tasks (≈ core-seconds at one task per core)
     * @param complete    all M parts are finished and the output is written
     * @param output      the output file ({@code <out>/<name>.json})
     * @param summary     the sweep's one-line summary of the result, or empty
     * @param wallTime    duration of the run
     */
    public record Outcome(int partitions, int skipped, int computed, long items, double taskSeconds, boolean complete,
                          Path output, String summary, Duration wallTime) {
    }

    /** What a task reports to the driver. */
    record TaskReport(int part, int items, double seconds) implements Serializable {
    }

    private final Sweep sweep;
    private final Path out;
    private final Integer partitions;
    private Set<Integer> only;
    private String command = "";

    /**
     * @param partitions the number of parts M, or null for the number recorded by an earlier run
     *                   of this sweep in {@code out}, else {@link #defaultPartitions}
     */
    public SparkSweep(Sweep sweep, Path out, Integer partitions) {
        this.sweep = sweep;
        this.out = out;
        this.partitions = partitions;
        if (partitions != null) {
            if (partitions < 1) {
                throw new IllegalArgumentException("--partitions: must be >= 1, got " + partitions);
            }
            if (partitions > sweep.items()) {
                throw new IllegalArgumentException("--partitions: " + partitions + " parts of " + sweep.items()
                        + " items would leave parts empty; use at most " + sweep.items());
            }
        }
    }

    /** The command line recorded in the output. */
    public SparkSweep command(String value) {
        this.command = value;
        return this;
    }

    /**
     * Computes only these parts (1-based), as a sweep killed after finishing them would have; for
     * tests and to split a sweep by hand. Null: all.
     */
    public SparkSweep only(Set<Integer> parts) {
        this.only = parts;
        return this;
    }

    /** The directory of the parts: {@code <out>/<name>_parts}. */
    public Path partsDir() {
        return partsDir(out, sweep);
    }

    /** The output file: {@code <out>/<name>.json}. */
    public Path output() {
        return out.resolve(sweep.name() + ".json");
    }

    static Path partsDir(Path out, Sweep sweep) {
        return out.resolve(sweep.name() + "_parts");
    }

    /** The file of part {@code shard}. */
    static Path partFile(Path partsDir, Shard shard) {
        return partsDir.resolve(String.format("part-%05d-of-%05d.jsonl", shard.part(), shard.parts()));
    }

    /** One item a part, at most {@link #MAX_DEFAULT_PARTS} parts. */
    public static int defaultPartitions(int items) {
        return Math.min(items, MAX_DEFAULT_PARTS);
    }

    /**
     * Runs the sweep on {@code spark}.
     *
     * @throws GenerationConflictException if {@code out} holds another sweep
     */
    public Outcome run(SparkSession spark) throws IOException {
        long t0 = System.nanoTime();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new GenerationConflictException("--out: " + out + " is not a directory");
        }
        Path parts = partsDir();
        Files.createDirectories(parts);
        int m = jobPartitions(parts.resolve(JOB_FILE));
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());

        List<Integer> todo = new ArrayList<>();
        int skipped = 0;
        for (int k = 1; k <= m; k++) {
            if (only != null && !only.contains(k)) {
                continue;
            }
            if (Files.isRegularFile(partFile(parts, new Shard(k, m)))) {
                skipped++;
            } else {
                todo.add(k);
            }
        }
        List<TaskReport> reports = List.of();
        if (!todo.isEmpty()) {
            jsc.setJobDescription("spinecho sweep: " + sweep.name() + ", " + todo.size() + " of " + m + " parts of "
                    + sweep.items() + " items");
            reports = jsc.parallelize(todo, todo.size()).map(new PartTask(sweep, out.toAbsolutePath().toString(), m))
                    .collect();
        }
        long items = reports.stream().mapToLong(TaskReport::items).sum();
        double taskSeconds = reports.stream().mapToDouble(TaskReport::seconds).sum();
        int computed = (int) reports.stream().filter(r -> r.items() > 0).count();
        skipped += todo.size() - computed;

        boolean complete = IntStream.rangeClosed(1, m).allMatch(k -> Files.isRegularFile(partFile(parts,
                new Shard(k, m))));
        String summary = "";
        if (complete) {
            removeTemporaryFiles(parts);
            List<JsonNode> results = readParts(parts, m);
            AtomicFiles.write(output(), sweep.assemble(results, command));
            summary = sweep.summary(results);
            if (!Files.exists(parts.resolve(MANIFEST_FILE)) || !reports.isEmpty()) {
                writeManifest(parts, m, reports, spark.sparkContext().master(), System.nanoTime() - t0);
            }
        }
        return new Outcome(m, skipped, computed, items, taskSeconds, complete, output(), summary,
                Duration.ofNanos(System.nanoTime() - t0));
    }

    /** The number of parts: as recorded by an earlier run, which must agree with this one. */
    private int jobPartitions(Path jobFile) throws IOException {
        Map<String, String> want = sweep.settings();
        if (Files.exists(jobFile)) {
            JsonNode job = DatasetManifest.read(jobFile);
            if (!sweep.name().equals(job.path("sweep").asText())) {
                throw new GenerationConflictException(out + " holds a sweep '" + job.path("sweep").asText()
                        + "', not '" + sweep.name() + "'; use another --out");
            }
            Map<String, String> have = DatasetManifest.settingsOf(job, jobFile);
            for (String key : union(want, have)) {
                if (!String.valueOf(want.get(key)).equals(String.valueOf(have.get(key)))) {
                    throw new GenerationConflictException(out + " holds a " + sweep.name() + " sweep made with "
                            + key + " " + have.get(key) + " (this command: " + want.get(key)
                            + "); rerun that command to continue it, or use another --out");
                }
            }
            int recorded = job.path("partitions").asInt(-1);
            if (partitions != null && partitions != recorded) {
                throw new GenerationConflictException(out + " holds a " + sweep.name() + " sweep cut into "
                        + "--partitions " + recorded + " (this command: " + partitions + "); rerun with --partitions "
                        + recorded + " (or without it) to continue it, or use another --out");
            }
            return recorded;
        }
        int m = partitions != null ? partitions : defaultPartitions(sweep.items());
        ObjectNode job = JSON.createObjectNode();
        job.put("format", FORMAT + "-job");
        job.put("format_version", 1);
        job.put("note", "a Spark sweep: rerun the same command to finish it");
        job.put("sweep", sweep.name());
        job.put("items", sweep.items());
        job.put("partitions", m);
        job.set("settings", JSON.valueToTree(want));
        DatasetManifest.write(jobFile, job);
        return m;
    }

    private static List<String> union(Map<String, String> a, Map<String, String> b) {
        List<String> keys = new ArrayList<>(a.keySet());
        b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(keys::add);
        return keys;
    }

    /** Every part's results in item order; a part with the wrong number of lines is an error. */
    private List<JsonNode> readParts(Path parts, int m) throws IOException {
        List<JsonNode> results = new ArrayList<>(sweep.items());
        for (int k = 1; k <= m; k++) {
            Shard shard = new Shard(k, m);
            Path f = partFile(parts, shard);
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            if (lines.size() != shard.size(sweep.items())) {
                throw new IOException(f + ": " + lines.size() + " results, expected " + shard.size(sweep.items())
                        + " (items " + shard.first(sweep.items()) + " to " + (shard.end(sweep.items()) - 1)
                        + "); remove the file and rerun");
            }
            for (String line : lines) {
                results.add(JSON.readTree(line));
            }
        }
        return results;
    }

    private void writeManifest(Path parts, int m, List<TaskReport> reports, String master, long nanos)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("format_version", 1);
        root.put("program", "spinecho");
        root.put("version", DatasetGenerator.programVersion());
        root.put("created", Instant.now().toString());
        root.put("sweep", sweep.name());
        root.put("items", sweep.items());
        root.put("output", output().getFileName().toString());
        root.put("output_sha256", Sha256.ofFile(output()));
        ObjectNode run = root.putObject("run");
        run.put("master", master);
        run.put("partitions", m);
        run.put("wall_time_seconds_last_run", nanos / 1e9);
        ArrayNode tasks = run.putArray("tasks_of_last_run");
        reports.stream().sorted(Comparator.comparingInt(TaskReport::part)).forEach(r -> {
            ObjectNode t = tasks.addObject();
            t.put("part", r.part());
            t.put("items", r.items());
            t.put("seconds", r.seconds());
        });
        root.set("settings", JSON.valueToTree(sweep.settings()));
        ObjectNode files = root.putObject("parts");
        for (int k = 1; k <= m; k++) {
            Shard shard = new Shard(k, m);
            Path f = partFile(parts, shard);
            ObjectNode n = files.putObject(f.getFileName().toString());
            n.put("first", shard.first(sweep.items()));
            n.put("end", shard.end(sweep.items()));
            n.put("sha256", Sha256.ofFile(f));
        }
        DatasetManifest.write(parts.resolve(MANIFEST_FILE), root);
    }

    /** Temporary files of killed tasks (no task runs now). */
    private static void removeTemporaryFiles(Path dir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path f : ds) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** One part, run on an executor: computes its items once and writes the part file. */
    static final class PartTask implements Function<Integer, TaskReport> {
        private static final long serialVersionUID = 1L;
        private final Sweep sweep;
        private final String out;
        private final int parts;

        PartTask(Sweep sweep, String out, int parts) {
            this.sweep = sweep;
            this.out = out;
            this.parts = parts;
        }

        @Override
        public TaskReport call(Integer part) throws IOException {
            long t0 = System.nanoTime();
            Shard shard = new Shard(part, parts);
            Path file = partFile(partsDir(Path.of(out), sweep), shard);
            if (Files.isRegularFile(file)) {
                return new TaskReport(part, 0, (System.nanoTime() - t0) / 1e9);
            }
            StringBuilder lines = new StringBuilder();
            int n = sweep.items();
            try (Sweep.Worker worker = sweep.worker()) {
                for (int i = shard.first(n); i < shard.end(n); i++) {
                    lines.append(JSON.writer().without(SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsString(worker.compute(i))).append('\n');
                }
            }
            AtomicFiles.write(file, lines.toString().getBytes(StandardCharsets.UTF_8));
            AtomicFiles.syncDirectory(file.getParent());
            return new TaskReport(part, shard.size(n), (System.nanoTime() - t0) / 1e9);
        }
    }

    /** The settings as a map in insertion order (for sweeps building theirs). */
    static Map<String, String> settings(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
