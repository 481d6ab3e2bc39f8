package org.spinecho.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;
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
import org.spinecho.data.CurveParquet;
import org.spinecho.data.DataFiles;
import org.spinecho.data.DatasetGenerator;
import org.spinecho.data.DatasetManifest;
import org.spinecho.data.DatasetMerge;
import org.spinecho.data.DatasetPart;
import org.spinecho.data.GenerationConflictException;
import org.spinecho.data.GenerationSpec;
import org.spinecho.data.Sha256;
import org.spinecho.data.Shard;

/**
 * Generates a data set across the executors of a Spark application.
 *
 * <p>The set is cut into M parts exactly as {@code generate --shard K/M} cuts it ({@link Shard});
 * part K is one Spark task, which computes curves {@code first … end−1} with
 * {@link GenerationSpec#curve} and writes them to {@code <kernel>_<split>_parquet/part-0000K-of-0000M.parquet}
 * ({@link CurveParquet}), and, with {@link #text(boolean)}, the part's challenge files to
 * {@code <kernel>_<split>_text_parts/part-K-of-M/} ({@link DatasetPart}). Every file appears by an
 * atomic rename, so a part is either finished or absent:
 * <ul>
 *   <li>a rerun after a crash or kill skips the finished parts (checked by the driver and again
 *       by each task), and a task that Spark retries or runs twice writes the same bytes under the
 *       same name: no curve is lost or duplicated;</li>
 *   <li>the curves do not depend on M or on the number of executors (curve i depends only on the
 *       seed and i).</li>
 * </ul>
 * The output directory must be a file system all executors see (local disk in local mode, a
 * shared file system on a cluster). When all parts are done the driver writes
 * {@code _spinecho_manifest.json} beside the Parquet files (SHA-256 and rows of each file, task
 * times) and, with text, merges the text parts with {@link DatasetMerge} into the standard files
 * of {@code out}, byte-identical to {@code generate}, and removes the text parts.
 */
public final class SparkGeneration {
    /** Format of the job file and of the Parquet set's manifest. */
    public static final String FORMAT = "spinecho-parquet";
    /** Written when the job starts: settings and number of parts, so a rerun continues the same job. */
    public static final String JOB_FILE = "_spinecho_job.json";
    /** Written when all parts are done. */
    public static final String MANIFEST_FILE = "_spinecho_manifest.json";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What a run did.
     *
     * @param partitions   number of parts M
     * @param skipped      parts found finished and not recomputed
     * @param computed     parts computed by this run
     * @param curves       curves computed by this run
     * @param taskSeconds  summed wall time of this run's tasks (≈ core-seconds: one task per core)
     * @param complete     all M parts are finished (false after a run limited with {@link #only})
     * @param parquetDir   the directory of the Parquet files
     * @param textFiles    the merged challenge files, or null without text
     * @param wallTime     duration of the run
     */
    public record Outcome(int partitions, int skipped, int computed, long curves, double taskSeconds,
                          boolean complete, Path parquetDir, DataFiles textFiles, Duration wallTime) {
    }

    /** What a task reports to the driver. */
    record TaskReport(int part, int curves, double seconds) implements Serializable {
    }

    private final GenerationSpec spec;
    private final Path out;
    private final Integer partitions;
    private boolean text;
    private Set<Integer> only;

    /**
     * @param partitions the number of parts M, or null for the number recorded by an earlier run
     *                   of this job in {@code out}, else {@link #defaultPartitions}
     */
    public SparkGeneration(GenerationSpec spec, Path out, Integer partitions) {
        this.spec = spec;
        this.out = out;
        this.partitions = partitions;
        if (partitions != null) {
            if (partitions < 1) {
                throw new IllegalArgumentException("--partitions: must be >= 1, got " + partitions);
            }
            if (partitions > spec.count()) {
                throw new IllegalArgumentException("--partitions: " + partitions + " parts of " + spec.count()
                        + " curves would leave parts empty; use at most --count");
            }
        }
    }

    /** Also write the challenge's text files (merged into {@code out}). */
    public SparkGeneration text(boolean value) {
        this.text = value;
        return this;
    }

    /**
     * Computes only these parts (1-based), as a job killed after finishing them would have; for
     * tests and to split a job by hand. Null: all.
     */
    public SparkGeneration only(Set<Integer> parts) {
        this.only = parts;
        return this;
    }

    /** The directory of the Parquet files: {@code <out>/<kernel>_<split>_parquet}. */
    public Path parquetDir() {
        return out.resolve(spec.kernel() + "_" + spec.split() + "_parquet");
    }

    /** The directory of the text parts: {@code <out>/<kernel>_<split>_text_parts}. */
    public Path textPartsDir() {
        return out.resolve(spec.kernel() + "_" + spec.split() + "_text_parts");
    }

    /** Parts of about 1000 curves, at least four per core, at most one per curve. */
    public static int defaultPartitions(int count, int parallelism) {
        long byCount = (count + 999L) / 1000;
        return (int) Math.min(count, Math.max(4L * Math.max(1, parallelism), byCount));
    }

    /**
     * Runs the job on {@code spark}.
     *
     * @throws GenerationConflictException if {@code out} holds another job or another set
     */
    public Outcome run(SparkSession spark) throws IOException {
        long t0 = System.nanoTime();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new GenerationConflictException("--out: " + out + " is not a directory");
        }
        Path pq = parquetDir();
        Files.createDirectories(pq);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int m = jobPartitions(pq.resolve(JOB_FILE), jsc.defaultParallelism());
        DataFiles merged = spec.files(out);
        boolean textDone = text && isCompleteSet(merged);

        List<Integer> todo = new ArrayList<>();
        int skipped = 0;
        for (int k = 1; k <= m; k++) {
            if (only != null && !only.contains(k)) {
                continue;
            }
            if (isFinished(k, m, textDone)) {
                skipped++;
            } else {
                todo.add(k);
            }
        }
        List<TaskReport> reports = List.of();
        if (!todo.isEmpty()) {
            jsc.setJobDescription("spinecho: " + spec.kernel() + " " + spec.split() + ", " + todo.size() + " of " + m
                    + " parts of " + spec.count() + " curves");
            PartTask task = new PartTask(new LinkedHashMap<>(spec.settings()), out.toAbsolutePath().toString(), m,
                    text && !textDone);
            reports = jsc.parallelize(todo, todo.size()).map(task).collect();
        }
        long curves = reports.stream().mapToLong(TaskReport::curves).sum();
        double taskSeconds = reports.stream().mapToDouble(TaskReport::seconds).sum();
        int computed = (int) reports.stream().filter(r -> r.curves() > 0).count();
        skipped += todo.size() - computed;

        boolean complete = IntStream.rangeClosed(1, m).allMatch(k -> isFinished(k, m, textDone));
        DataFiles textFiles = null;
        if (complete) {
            removeTemporaryFiles(pq);
            if (!Files.exists(pq.resolve(MANIFEST_FILE)) || !reports.isEmpty()) {
                writeManifest(pq, m, reports, spark.sparkContext().master(), System.nanoTime() - t0);
            }
            if (text) {
                textFiles = merged;
                if (!textDone) {
                    List<Path> parts = new ArrayList<>();
                    for (int k = 1; k <= m; k++) {
                        parts.add(textPartDir(textPartsDir(), new Shard(k, m)));
                    }
                    DatasetMerge.merge(parts, out, "spark-generate");
                    deleteTree(textPartsDir());
                }
            }
        }
        return new Outcome(m, skipped, computed, curves, taskSeconds, complete, pq, textFiles,
                Duration.ofNanos(System.nanoTime() - t0));
    }

    /** The number of parts: as recorded by an earlier run, which must agree with this one. */
    private int jobPartitions(Path jobFile, int parallelism) throws IOException {
        Map<String, String> want = spec.settings();
        if (Files.exists(jobFile)) {
            JsonNode job = DatasetManifest.read(jobFile);
            Map<String, String> have = DatasetManifest.settingsOf(job, jobFile);
            for (Map.Entry<String, String> e : want.entrySet()) {
                if (!e.getValue().equals(have.get(e.getKey()))) {
                    throw new GenerationConflictException(out + " holds a Spark generation made with "
                            + GenerationSpec.optionOf(e.getKey()) + " " + have.get(e.getKey()) + " (this command: "
                            + e.getValue() + "); rerun that command to continue it, or use another --out");
                }
            }
            int recorded = job.path("partitions").asInt(-1);
            if (partitions != null && partitions != recorded) {
                throw new GenerationConflictException(out + " holds a Spark generation cut into --partitions "
                        + recorded + " (this command: " + partitions + "); rerun with --partitions " + recorded
                        + " (or without it) to continue it, or use another --out");
            }
            return recorded;
        }
        int m = partitions != null ? partitions : defaultPartitions(spec.count(), parallelism);
        ObjectNode job = JSON.createObjectNode();
        job.put("format", FORMAT + "-job");
        job.put("format_version", 1);
        job.put("note", "a Spark generation: rerun the same command to finish it");
        job.put("partitions", m);
        job.set("settings", JSON.valueToTree(want));
        DatasetManifest.write(jobFile, job);
        return m;
    }

    private boolean isFinished(int k, int m, boolean textDone) {
        Shard shard = new Shard(k, m);
        if (!Files.isRegularFile(parquetDir().resolve(CurveParquet.fileName(shard)))) {
            return false;
        }
        return !text || textDone || DatasetPart.isComplete(spec, shard, textPartDir(textPartsDir(), shard));
    }

    /** True if {@code files} is the complete merged set of this spec. */
    private boolean isCompleteSet(DataFiles files) {
        if (!Files.isRegularFile(files.manifest())) {
            return false;
        }
        JsonNode m = DatasetManifest.read(files.manifest());
        return "spinecho-dataset".equals(m.path("format").asText())
                && DatasetManifest.settingsOf(m, files.manifest()).equals(spec.settings())
                && files.dataFiles().stream().allMatch(Files::isRegularFile);
    }

    static Path textPartDir(Path textParts, Shard shard) {
        return textParts.resolve(String.format("part-%05d-of-%05d", shard.part(), shard.parts()));
    }

    private void writeManifest(Path pq, int m, List<TaskReport> reports, String master, long nanos)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("format_version", 1);
        root.put("program", "spinecho");
        root.put("version", DatasetGenerator.programVersion());
        root.put("created", Instant.now().toString());
        root.put("kernel", spec.kernel());
        root.put("split", spec.split());
        root.put("count", spec.count());
        root.put("seed", spec.seed());
        root.put("schema", CurveParquet.SCHEMA.toString());
        ObjectNode gen = root.putObject("generation");
        gen.put("method", "spark-generate");
        gen.put("master", master);
        gen.put("partitions", m);
        gen.put("wall_time_seconds_last_run", nanos / 1e9);
        ArrayNode tasks = gen.putArray("tasks_of_last_run");
        reports.stream().sorted(Comparator.comparingInt(TaskReport::part)).forEach(r -> {
            ObjectNode t = tasks.addObject();
            t.put("part", r.part());
            t.put("curves", r.curves());
            t.put("seconds", r.seconds());
        });
        root.set("settings", JSON.valueToTree(spec.settings()));
        ObjectNode files = root.putObject("files");
        for (int k = 1; k <= m; k++) {
            Shard shard = new Shard(k, m);
            Path f = pq.resolve(CurveParquet.fileName(shard));
            ObjectNode n = files.putObject(f.getFileName().toString());
            n.put("first", shard.first(spec.count()));
            n.put("end", shard.end(spec.count()));
            n.put("bytes", Files.size(f));
            n.put("sha256", Sha256.ofFile(f));
        }
        DatasetManifest.write(pq.resolve(MANIFEST_FILE), root);
    }

    /** Temporary files of killed tasks (no task runs now). */
    private static void removeTemporaryFiles(Path dir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path f : ds) {
                Files.deleteIfExists(f);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** One part, run on an executor: computes its curves once and writes what is missing. */
    static final class PartTask implements Function<Integer, TaskReport> {
        private static final long serialVersionUID = 1L;
        private final LinkedHashMap<String, String> settings;
        private final String out;
        private final int parts;
        private final boolean text;

        PartTask(LinkedHashMap<String, String> settings, String out, int parts, boolean text) {
            this.settings = settings;
            this.out = out;
            this.parts = parts;
            this.text = text;
        }

        @Override
        public TaskReport call(Integer part) throws IOException {
            long t0 = System.nanoTime();
            GenerationSpec spec = GenerationSpec.fromSettings(settings);
            SparkGeneration job = new SparkGeneration(spec, Path.of(out), parts);
            Shard shard = new Shard(part, parts);
            Path parquet = job.parquetDir().resolve(CurveParquet.fileName(shard));
            Path textDir = textPartDir(job.textPartsDir(), shard);
            boolean needParquet = !Files.isRegularFile(parquet);
            boolean needText = text && !DatasetPart.isComplete(spec, shard, textDir);
            if (!needParquet && !needText) {
                return new TaskReport(part, 0, (System.nanoTime() - t0) / 1e9);
            }
            List<GenerationSpec.Curve> curves = new ArrayList<>(shard.size(spec.count()));
            for (int i = shard.first(spec.count()); i < shard.end(spec.count()); i++) {
                curves.add(spec.curve(i));
            }
            long computedNanos = System.nanoTime() - t0;
            if (needParquet) {
                Map<String, String> meta = new LinkedHashMap<>();
                meta.put("spinecho.settings", JSON.writeValueAsString(spec.settings()));
                meta.put("spinecho.part", shard.toString());
                meta.put("spinecho.first", Integer.toString(shard.first(spec.count())));
                meta.put("spinecho.end", Integer.toString(shard.end(spec.count())));
                CurveParquet.write(parquet, spec, shard, curves, meta);
            }
            if (needText) {
                ObjectNode gen = DatasetManifest.localGeneration(1, 0, curves.size(), computedNanos);
                gen.put("method", "spark-generate task");
                DatasetPart.write(spec, shard, curves, textDir, gen);
            }
            AtomicFiles.syncDirectory(parquet.getParent());
            return new TaskReport(part, curves.size(), (System.nanoTime() - t0) / 1e9);
        }
    }
}
