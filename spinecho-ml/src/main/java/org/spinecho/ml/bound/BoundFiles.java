package org.spinecho.ml.bound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.spinecho.data.AtomicFiles;
import org.spinecho.data.GenerationListener;
import org.spinecho.data.Preset;
import org.spinecho.data.Prior;
import org.spinecho.ml.PerParameter;
import org.spinecho.sim.Theta;

/**
 * The JSON files of the bound, in one place for {@code spinecho bound} and the Spark sweep: a
 * point's bounds, a prior map (with its checkpoint, so that an interrupted map resumes) and the
 * prior-averaged levels another command reads back. A bound written by {@link #boundNode} is read
 * back exactly by {@link #boundFromJson} (every number in its shortest exact decimal form), so a
 * map assembled from points computed elsewhere is the same file as one computed in one run.
 */
public final class BoundFiles {
    /** The mapper of these files: indented output. */
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BoundFiles() {
    }

    /** The JSON of a point: the first bound's fields, the kernel, flip angles and one bound per noise level. */
    public static ObjectNode pointJson(Preset preset, List<Bound> bounds, double[] flipAngles) {
        ObjectNode root = boundNode(preset.prior(), bounds.get(0));
        root.put("kernel", preset.kernel());
        root.set("flip_angles", doubles(flipAngles));
        ArrayNode all = root.putArray("by_noise");
        for (Bound b : bounds) {
            all.add(boundNode(preset.prior(), b));
        }
        return root;
    }

    /** The JSON of a prior map: its settings, the prior-averaged NMSE per noise level and every point. */
    public static ObjectNode mapJson(PriorBoundMap map, int layouts, double[] flipAngles) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("kernel", map.preset().kernel());
        root.put("count", map.points().size());
        root.put("seed", map.seed());
        root.put("layouts", layouts);
        root.set("flip_angles", doubles(flipAngles));
        ArrayNode levels = root.putArray("prior_averaged");
        for (int i = 0; i < map.noises().length; i++) {
            ObjectNode level = levels.addObject();
            level.put("noise", map.noises()[i]);
            level.set("nmse", triple(map.meanNmse(i)));
            level.put("nmse_mean", map.meanNmse(i).mean());
            level.set("nmse_median", triple(map.medianNmse(i)));
            level.set("nmse_with_prior", triple(map.meanNmseWithPrior(i)));
            level.put("nmse_with_prior_mean", map.meanNmseWithPrior(i).mean());
            level.put("nmse_with_prior_mean_se", map.meanNmseWithPriorStandardError(i));
        }
        ArrayNode pts = root.putArray("points");
        for (PriorBoundMap.Point p : map.points()) {
            pts.add(pointNode(map.preset().prior(), p));
        }
        return root;
    }

    /** Writes {@code root} (with {@code command} first when given) atomically. */
    public static void write(Path file, ObjectNode root, String command) throws IOException {
        AtomicFiles.write(file, bytes(root, command));
    }

    /** The bytes {@link #write} writes: {@code root} indented, with {@code command} first when given. */
    public static byte[] bytes(ObjectNode root, String command) {
        ObjectNode out = MAPPER.createObjectNode();
        if (command != null) {
            out.put("command", command);
        }
        out.setAll(root);
        try {
            return MAPPER.writeValueAsBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line of JSON (no indentation): a checkpoint's line, or a point sent between processes. */
    public static String line(JsonNode n) {
        try {
            return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A prior map's level.
     *
     * @param noise    noise per component
     * @param nmse     prior-averaged NMSE of the bound per parameter
     * @param nmseMean their mean
     */
    public record Level(double noise, PerParameter nmse, double nmseMean) {
    }

    /**
     * The prior-averaged levels of a map file of {@code kernel}.
     *
     * @throws IllegalArgumentException naming the file when it is not such a map
     */
    public static List<Level> priorAveraged(Path file, String kernel) {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not a bound map (JSON): " + e.getMessage());
        }
        if (!root.has("prior_averaged") || !kernel.equals(root.path("kernel").asText())) {
            throw new IllegalArgumentException(file + ": expected a prior map of 'spinecho bound --prior " + kernel
                    + "' (kernel " + root.path("kernel").asText("?") + ")");
        }
        List<Level> out = new ArrayList<>();
        for (JsonNode level : root.path("prior_averaged")) {
            JsonNode b = level.path("nmse");
            out.add(new Level(level.path("noise").asDouble(), new PerParameter(b.path("alpha").asDouble(),
                    b.path("xi").asDouble(), b.path("d").asDouble()), level.path("nmse_mean").asDouble()));
        }
        return out;
    }

    /**
     * Computes the map of {@code count} draws without a checkpoint; {@code progress} counts simulations.
     */
    public static PriorBoundMap compute(FisherBound bound, Experiment experiment, Preset preset, int count, long seed,
                                        double[] noises, GenerationListener progress) {
        return map(bound, experiment, preset, count, seed, noises, Map.of(), p -> { }, progress);
    }

    private static PriorBoundMap map(FisherBound bound, Experiment experiment, Preset preset, int count, long seed,
                                     double[] noises, Map<Integer, PriorBoundMap.Point> done,
                                     java.util.function.Consumer<PriorBoundMap.Point> finished,
                                     GenerationListener progress) {
        long perPoint = bound.simulations(experiment, new Theta(1, 10, 3));
        int total = (int) Math.min(Integer.MAX_VALUE, perPoint * count);
        int[] finishedPoints = {done.size()};
        progress.started(total, (int) Math.min(total, perPoint * done.size()));
        return PriorBoundMap.compute(bound, experiment, preset, count, seed, noises, done, p -> {
            finishedPoints[0]++;
            finished.accept(p);
        }, i -> progress.progressed((int) Math.min(total, perPoint * finishedPoints[0] + i), total));
    }

    /**
     * The checkpoint of a prior map: a first line with the map's settings, then one line per finished
     * point, appended and synced as each finishes. A torn last line (a kill) is recomputed.
     */
    public static final class Checkpoint {
        private final Path file;
        private final String settings;
        private final Prior prior;

        /** The checkpoint {@code file} of a map with these {@code settings} (any text that tells maps apart). */
        public Checkpoint(Path file, String settings, Prior prior) {
            this.file = file;
            this.settings = settings;
            this.prior = prior;
        }

        /**
         * The points already finished (empty for a new map, whose checkpoint this starts).
         *
         * @throws IllegalArgumentException when the file belongs to a map with other settings
         */
        public Map<Integer, PriorBoundMap.Point> resume() throws IOException {
            Map<Integer, PriorBoundMap.Point> done = new HashMap<>();
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                if (lines.isEmpty() || !settings.equals(MAPPER.readTree(lines.get(0)).path("settings").asText())) {
                    throw new IllegalArgumentException(file + " belongs to a map with other settings: remove it or "
                            + "choose another --json");
                }
                for (String line : lines.subList(1, lines.size())) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode n;
                    try {
                        n = MAPPER.readTree(line);
                    } catch (IOException e) {
                        break; // a torn last line from a kill: that point is recomputed
                    }
                    PriorBoundMap.Point p = pointFromJson(n);
                    done.put(p.index(), p);
                }
            }
            if (done.isEmpty()) {
                ObjectNode head = MAPPER.createObjectNode().put("settings", settings);
                AtomicFiles.write(file, (line(head) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return done;
        }

        /** The checkpoint file. */
        public Path file() {
            return file;
        }

        /** Appends a finished point (synced). */
        public void append(PriorBoundMap.Point p) {
            try {
                Files.writeString(file, line(pointNode(prior, p)) + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.APPEND, StandardOpenOption.SYNC);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Computes the map of {@code count} draws, resuming from this checkpoint and appending each
         * finished point to it; {@code progress} counts simulations (the resumed points count as done).
         */
        public PriorBoundMap compute(FisherBound bound, Experiment experiment, Preset preset, int count, long seed,
                                     double[] noises, GenerationListener progress) throws IOException {
            return map(bound, experiment, preset, count, seed, noises, resume(), this::append, progress);
        }

        /** Removes the checkpoint once the map is written. */
        public void delete() throws IOException {
            Files.deleteIfExists(file);
        }
    }

    /** One point of a map: {@code {"index": n, "by_noise": [bound, ...]}}, NMSE under {@code prior}. */
    public static ObjectNode pointNode(Prior prior, PriorBoundMap.Point p) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("index", p.index());
        ArrayNode all = n.putArray("by_noise");
        for (Bound b : p.bounds()) {
            all.add(boundNode(prior, b));
        }
        return n;
    }

    /** The point of {@link #pointNode}. */
    public static PriorBoundMap.Point pointFromJson(JsonNode n) {
        List<Bound> bounds = new ArrayList<>();
        Theta theta = null;
        for (JsonNode b : n.path("by_noise")) {
            Bound bound = boundFromJson(b);
            theta = bound.theta();
            bounds.add(bound);
        }
        return new PriorBoundMap.Point(n.path("index").asInt(), theta, bounds);
    }

    /** The JSON of one bound, with its NMSE and determinacy under {@code prior}. */
    public static ObjectNode boundNode(Prior prior, Bound b) {
        ObjectNode n = MAPPER.createObjectNode();
        ObjectNode point = n.putObject("point");
        point.put("alpha", b.theta().alpha());
        point.put("xi", b.theta().xi());
        point.put("d", b.theta().d());
        n.put("noise", b.noise());
        n.set("sd", triple(b.sd()));
        n.set("relative_sd", triple(b.relativeSd()));
        n.set("nmse", triple(b.nmse(prior)));
        double corr = b.correlationAlphaXi();
        if (Double.isFinite(corr)) {
            n.put("correlation_alpha_xi", corr);
        } else {
            n.putNull("correlation_alpha_xi");
        }
        ObjectNode det = n.putObject("determined");
        for (int k = 0; k < 3; k++) {
            det.put(Theta.NAMES.get(k), b.determined(k, prior));
        }
        n.put("layouts", b.layouts());
        n.put("bin_size", b.binSize());
        n.put("dimension", b.dimension());
        n.put("effective_dimension", b.effectiveDimension());
        n.put("hartlap_factor", b.hartlapFactor());
        n.set("jacobian_noise_share", triple(b.jacobianNoiseShare()));
        n.set("flip_angles", doubles(b.flipAnglesDegrees()));
        ArrayNode f = n.putArray("fisher");
        for (double[] row : b.fisher()) {
            f.add(doubles(row));
        }
        return n;
    }

    /** Reads back a bound written by {@link #boundNode}. */
    public static Bound boundFromJson(JsonNode n) {
        Theta theta = new Theta(n.path("point").path("alpha").asDouble(), n.path("point").path("xi").asDouble(),
                n.path("point").path("d").asDouble());
        double[][] fisher = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                fisher[i][j] = n.path("fisher").path(i).path(j).asDouble();
            }
        }
        double[] flips = new double[n.path("flip_angles").size()];
        for (int i = 0; i < flips.length; i++) {
            flips[i] = n.path("flip_angles").path(i).asDouble();
        }
        JsonNode share = n.path("jacobian_noise_share");
        return FisherBound.fromFisher(theta, n.path("noise").asDouble(), flips, n.path("layouts").asInt(),
                n.path("bin_size").asInt(), n.path("dimension").asInt(), n.path("effective_dimension").asDouble(),
                n.path("hartlap_factor").asDouble(), fisher, new PerParameter(number(share.path("alpha")),
                        number(share.path("xi")), number(share.path("d"))));
    }

    private static double number(JsonNode n) {
        if (n.isTextual()) {
            return Double.parseDouble(n.asText());
        }
        return n.isNull() ? Double.NaN : n.asDouble();
    }

    /** alpha, xi, d of {@code p}: NaN as null, infinity (not determined) as "Infinity". */
    private static ObjectNode triple(PerParameter p) {
        ObjectNode n = MAPPER.createObjectNode();
        for (int k = 0; k < 3; k++) {
            double v = p.get(k);
            if (Double.isFinite(v)) {
                n.put(Theta.NAMES.get(k), v);
            } else if (Double.isNaN(v)) {
                n.putNull(Theta.NAMES.get(k));
            } else {
                n.put(Theta.NAMES.get(k), "Infinity"); // not determined
            }
        }
        return n;
    }

    private static ArrayNode doubles(double[] values) {
        ArrayNode a = MAPPER.createArrayNode();
        for (double v : values) {
            a.add(v);
        }
        return a;
    }
}
