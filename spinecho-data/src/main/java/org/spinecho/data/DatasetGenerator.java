package org.spinecho.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Generates a data set deterministically, in parallel and resumably.
 *
 * <p>Curves are simulated by a pool of threads and appended in curve order by this thread to
 * {@code <file>.partial} in the output directory, in chunks, so the three partial files always
 * end in complete lines (or a torn tail, which a resume drops). A {@code .progress.json} file
 * records the settings. A re-run of the same command after a crash (even {@code kill -9})
 * truncates the three partial files to their common number of complete lines and continues; the
 * final files are byte-identical to an uninterrupted run and independent of the thread count.
 * When all curves are written the partial files are forced to disk and renamed to their final
 * names, the manifest is written, and the progress file is deleted.
 *
 * <p>A different command on the same output (other seed, preset, count, ranges, noise, lattice,
 * …) throws {@link GenerationConflictException} naming the setting that differs; a complete set
 * with a matching manifest is left alone ({@link Status#ALREADY_COMPLETE}).
 */
public final class DatasetGenerator {
    /** What a run did. */
    public enum Status { GENERATED, RESUMED, ALREADY_COMPLETE }

    /**
     * @param status      what happened
     * @param files       the data set's files
     * @param resumedFrom curves found complete from an earlier, interrupted run (0 if none)
     * @param computed    curves computed by this run
     * @param wallTime    duration of this run
     */
    public record Outcome(Status status, DataFiles files, int resumedFrom, int computed, Duration wallTime) {
    }

    static final String FORMAT = "spinecho-dataset";
    static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final GenerationSpec spec;
    private final DataFiles files;
    private int threads = Runtime.getRuntime().availableProcessors();
    private int flushEvery = 64;
    private long flushNanos = 2_000_000_000L;
    /** The part to generate ({@code generate --shard}), or null for the whole set. */
    private Shard shard;

    public DatasetGenerator(GenerationSpec spec, Path dir) {
        this.spec = spec;
        this.files = spec.files(dir);
    }

    /** Worker threads (default: all available processors). */
    public DatasetGenerator threads(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("--threads: must be >= 1, got " + value);
        }
        this.threads = value;
        return this;
    }

    /** Append to the partial files after at most this many curves (default 64) or 2 s. */
    public DatasetGenerator flushEvery(int curves) {
        if (curves < 1) {
            throw new IllegalArgumentException("flushEvery must be >= 1, got " + curves);
        }
        this.flushEvery = curves;
        return this;
    }

    /**
     * Generates only part {@code shard} of the set (a contiguous range of curve indices), with a
     * part manifest ({@link DatasetManifest}); {@code merge} puts the parts together.
     */
    public DatasetGenerator shard(Shard value) {
        if (value != null) {
            value.checkFits(spec.count());
        }
        this.shard = value;
        return this;
    }

    /** First curve index generated: 0, or the part's first. */
    private int first() {
        return shard == null ? 0 : shard.first(spec.count());
    }

    /** Number of curves generated: the count, or the part's size. */
    private int size() {
        return shard == null ? spec.count() : shard.size(spec.count());
    }

    public DataFiles files() {
        return files;
    }

    /** The program version from the build ("0.1.0-SNAPSHOT"), or "unknown". */
    public static String programVersion() {
        try (InputStream in = DatasetGenerator.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "unknown");
                return v.startsWith("${") ? "unknown" : v;
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }

    /**
     * Generates (or resumes, or confirms) the data set.
     *
     * @throws GenerationConflictException if the output holds something this command must not
     *                                     overwrite or continue
     * @throws IOException                 if writing fails
     */
    @SuppressWarnings("try") // the lock is held, not used, in the body
    public Outcome run(GenerationListener listener) throws IOException {
        Path dir = files.dir();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new GenerationConflictException("--out: " + dir + " is not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new GenerationConflictException("--out: " + dir + " is not a directory");
        }
        // one generation of a data set at a time: a second one would interleave its lines
        try (FileLock lock = FileLock.acquire(lockFile(files), "the data set " + files.kernel() + " " + files.split()
                + " in " + dir, "generate")) {
            return runLocked(listener);
        }
    }

    /** The lock file of a data set's generation: {@code .<kernel>_<split>.lock} in its directory. */
    public static Path lockFile(DataFiles files) {
        return files.dir().resolve("." + files.kernel() + "_" + files.split() + ".lock");
    }

    private Outcome runLocked(GenerationListener listener) throws IOException {
        long t0 = System.nanoTime();
        Path dir = files.dir();
        Map<String, String> want = DatasetManifest.settings(spec, shard);

        if (Files.exists(files.manifest())) {
            checkComplete(want);
            Files.deleteIfExists(files.progress()); // left by a crash after the manifest was written
            for (Path f : files.dataFiles()) {
                Files.deleteIfExists(DataFiles.partial(f));
            }
            return new Outcome(Status.ALREADY_COMPLETE, files, size(), 0, Duration.ofNanos(System.nanoTime() - t0));
        }

        int done;
        if (Files.exists(files.progress())) {
            Map<String, String> have = readSettings(files.progress());
            String diff = difference(have, want);
            if (diff != null) {
                throw new GenerationConflictException(dir + " holds an unfinished generation of " + files.kernel()
                        + " " + files.split() + " with " + diff
                        + "; re-run that command to resume it, or use another --out");
            }
            done = recoverPartials();
        } else {
            for (Path f : files.dataFiles()) {
                if (Files.exists(f) || Files.exists(DataFiles.partial(f))) {
                    Path found = Files.exists(f) ? f : DataFiles.partial(f);
                    throw new GenerationConflictException(found + " already exists but was not made by a "
                            + "generation with a manifest; remove it or use another --out");
                }
            }
            writeProgress(want);
            for (Path f : files.dataFiles()) {
                Files.deleteIfExists(DataFiles.partial(f));
                Files.createFile(DataFiles.partial(f));
            }
            done = 0;
        }

        listener.started(size(), done);
        int resumedFrom = done;
        if (done < size()) {
            try {
                generate(done, listener);
            } catch (NonFiniteCurveException e) {
                discardUnfinished(); // the same command would fail at the same curve: nothing to resume
                throw e;
            }
        }
        finish(resumedFrom, System.nanoTime() - t0);
        listener.finished(size());
        return new Outcome(resumedFrom > 0 ? Status.RESUMED : Status.GENERATED, files, resumedFrom,
                size() - resumedFrom, Duration.ofNanos(System.nanoTime() - t0));
    }

    /** Removes the progress and partial files of this generation. */
    private void discardUnfinished() throws IOException {
        for (Path f : files.dataFiles()) {
            Files.deleteIfExists(DataFiles.partial(f));
        }
        Files.deleteIfExists(files.progress());
        AtomicFiles.syncDirectory(files.dir());
    }

    // ---------------------------------------------------------------- checks

    private void checkComplete(Map<String, String> want) throws IOException {
        JsonNode manifest;
        try {
            manifest = JSON.readTree(files.manifest().toFile());
        } catch (IOException e) {
            throw new GenerationConflictException(files.manifest() + " is not a readable manifest (" + e.getMessage()
                    + "); remove it or use another --out");
        }
        String diff = difference(settingsOf(manifest, files.manifest()), want);
        if (diff != null) {
            throw new GenerationConflictException(files.dir() + " already holds a complete " + files.kernel() + " "
                    + files.split() + " data set made with " + diff + "; use another --out");
        }
        JsonNode listed = manifest.path("files");
        for (Path f : files.dataFiles()) {
            String name = f.getFileName().toString();
            if (!Files.isRegularFile(f)) {
                throw new GenerationConflictException(f + " is missing although " + files.manifest().getFileName()
                        + " lists it; remove the manifest to generate the data set again");
            }
            String expected = listed.path(name).path("sha256").asText("");
            if (!expected.equals(Sha256.ofFile(f))) {
                throw new GenerationConflictException(f + " differs from its SHA-256 in "
                        + files.manifest().getFileName() + "; remove the data set's files to generate it again");
            }
        }
    }

    /** Where two settings maps differ, as "--seed 7 (this command: 8)", or null if they agree. */
    static String difference(Map<String, String> have, Map<String, String> want) {
        for (Map.Entry<String, String> e : want.entrySet()) {
            String old = have.get(e.getKey());
            if (!e.getValue().equals(old)) {
                return GenerationSpec.optionOf(e.getKey()) + " " + (old == null ? "(not recorded)" : old)
                        + " (this command: " + e.getValue() + ")";
            }
        }
        for (String key : have.keySet()) {
            if (!want.containsKey(key) && GenerationSpec.optionOf(key).startsWith("--")) {
                return GenerationSpec.optionOf(key) + " " + have.get(key) + " (this command: none)";
            }
            if (!want.containsKey(key)) {
                return "setting '" + key + "' = " + have.get(key) + ", which this version does not know";
            }
        }
        return null;
    }

    private static Map<String, String> readSettings(Path file) {
        try {
            return settingsOf(JSON.readTree(file.toFile()), file);
        } catch (IOException e) {
            throw new GenerationConflictException(file + " is not readable (" + e.getMessage()
                    + "); remove it and the .partial files to start again");
        }
    }

    private static Map<String, String> settingsOf(JsonNode root, Path file) {
        JsonNode node = root.path("settings");
        if (!node.isObject()) {
            throw new GenerationConflictException(file + " has no settings; remove it or use another --out");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            m.put(e.getKey(), e.getValue().asText());
        }
        return m;
    }

    private void writeProgress(Map<String, String> settings) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT + "-progress");
        root.put("format_version", FORMAT_VERSION);
        root.put("note", "unfinished generation: re-run the same command to resume");
        root.set("settings", JSON.valueToTree(settings));
        byte[] bytes = JSON.writeValueAsBytes(root);
        AtomicFiles.write(files.progress(), out -> out.write(bytes));
    }

    // ---------------------------------------------------------------- resume

    /**
     * Brings the three partial files to a common number of complete lines and returns it. Final
     * files without a partial file (renamed by an interrupted finish) are renamed back first.
     */
    private int recoverPartials() throws IOException {
        long common = Long.MAX_VALUE;
        for (Path f : files.dataFiles()) {
            Path partial = DataFiles.partial(f);
            if (!Files.exists(partial)) {
                if (Files.exists(f)) {
                    AtomicFiles.move(f, partial);
                } else {
                    Files.createFile(partial);
                }
            }
            common = Math.min(common, countLines(partial));
        }
        common = Math.min(common, size());
        for (Path f : files.dataFiles()) {
            Path partial = DataFiles.partial(f);
            long offset = offsetAfterLines(partial, common);
            try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                if (ch.size() > offset) {
                    ch.truncate(offset);
                    ch.force(true);
                }
            }
        }
        return (int) common;
    }

    /** Number of complete ('\n'-terminated) lines. */
    static long countLines(Path file) throws IOException {
        return scanLines(file, Long.MAX_VALUE)[0];
    }

    /** Byte offset just after the {@code lines}-th '\n' (or 0 for 0 lines). */
    static long offsetAfterLines(Path file, long lines) throws IOException {
        if (lines == 0) {
            return 0;
        }
        return scanLines(file, lines)[1];
    }

    /** {lines counted, offset after the last counted line}, stopping after {@code max} lines. */
    private static long[] scanLines(Path file, long max) throws IOException {
        long lines = 0;
        long offset = 0;
        long pos = 0;
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            int n;
            while (lines < max && (n = ch.read(buf)) > 0) {
                buf.flip();
                for (int i = 0; i < n && lines < max; i++) {
                    if (buf.get(i) == '\n') {
                        lines++;
                        offset = pos + i + 1;
                    }
                }
                pos += n;
                buf.clear();
            }
        }
        return new long[] {lines, offset};
    }

    // ---------------------------------------------------------------- generation

    private void generate(int from, GenerationListener listener) throws IOException {
        List<Path> partials = files.dataFiles().stream().map(DataFiles::partial).toList();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "spinecho-generate");
            t.setDaemon(true);
            return t;
        });
        FileChannel[] out = new FileChannel[3];
        try {
            for (int k = 0; k < 3; k++) {
                out[k] = FileChannel.open(partials.get(k), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            }
            int count = size();
            int window = Math.max(4, threads * 4);
            ArrayDeque<Future<String[]>> inFlight = new ArrayDeque<>();
            int next = from;
            while (next < count && inFlight.size() < window) {
                inFlight.add(submit(pool, first() + next++));
            }
            StringBuilder[] buf = {new StringBuilder(), new StringBuilder(), new StringBuilder()};
            int buffered = 0;
            long lastFlush = System.nanoTime();
            for (int n = from; n < count; n++) {
                String[] lines = await(inFlight.poll());
                if (next < count) {
                    inFlight.add(submit(pool, first() + next++));
                }
                for (int k = 0; k < 3; k++) {
                    buf[k].append(lines[k]);
                }
                buffered++;
                long now = System.nanoTime();
                if (buffered >= flushEvery || now - lastFlush >= flushNanos || n == count - 1) {
                    for (int k = 0; k < 3; k++) {
                        writeFully(out[k], buf[k]);
                        buf[k].setLength(0);
                    }
                    buffered = 0;
                    lastFlush = now;
                    listener.progressed(n + 1, count);
                }
            }
            for (FileChannel ch : out) {
                ch.force(true);
            }
        } finally {
            pool.shutdownNow();
            for (FileChannel ch : out) {
                if (ch != null) {
                    ch.close();
                }
            }
        }
    }

    private Future<String[]> submit(ExecutorService pool, int n) {
        return pool.submit(() -> spec.curve(n).lines());
    }

    private static String[] await(Future<String[]> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    private static void writeFully(FileChannel ch, CharSequence text) throws IOException {
        ByteBuffer bytes = StandardCharsets.US_ASCII.encode(java.nio.CharBuffer.wrap(text));
        while (bytes.hasRemaining()) {
            ch.write(bytes);
        }
    }

    // ---------------------------------------------------------------- finish

    private void finish(int resumedFrom, long nanos) throws IOException {
        for (Path f : files.dataFiles()) {
            Path partial = DataFiles.partial(f);
            try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            AtomicFiles.move(partial, f);
        }
        AtomicFiles.syncDirectory(files.dir());
        DatasetManifest.write(files.manifest(), DatasetManifest.build(spec, shard, files,
                DatasetManifest.localGeneration(threads, resumedFrom, size() - resumedFrom, nanos)));
        Files.deleteIfExists(files.progress());
        AtomicFiles.syncDirectory(files.dir());
    }
}
