package org.spinecho.ml.bound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.spinecho.data.Preset;
import org.spinecho.ml.PerParameter;
import org.spinecho.sim.Theta;

/**
 * The JSON form of bounds and prior maps, the one written by {@code spinecho bound --json} and by
 * the Spark sweep, in one place. A bound read back with {@link #boundFromJson} gives the same JSON
 * again (every number is written with its shortest exact decimal form), so a map assembled from
 * points computed elsewhere is the same file as one computed in one run.
 *
 * <p>Numbers that are not finite: NaN is {@code null}, +∞ (a parameter the curve does not
 * determine) is the string {@code "Infinity"}.
 */
public final class BoundJson {
    /** The mapper of these files: indented output. */
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BoundJson() {
    }

    /** The JSON of one bound; {@link #boundFromJson} reads it back exactly. */
    public static ObjectNode boundNode(Preset preset, Bound b) {
        ObjectNode n = MAPPER.createObjectNode();
        ObjectNode point = n.putObject("point");
        point.put("alpha", b.theta().alpha());
        point.put("xi", b.theta().xi());
        point.put("d", b.theta().d());
        n.put("noise", b.noise());
        n.set("sd", triple(b.sd()));
        n.set("relative_sd", triple(b.relativeSd()));
        n.set("nmse", triple(b.nmse(preset.prior())));
        double corr = b.correlationAlphaXi();
        if (Double.isFinite(corr)) {
            n.put("correlation_alpha_xi", corr);
        } else {
            n.putNull("correlation_alpha_xi");
        }
        ObjectNode det = n.putObject("determined");
        for (int k = 0; k < 3; k++) {
            det.put(Theta.NAMES.get(k), b.determined(k, preset.prior()));
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

    /** The bound of {@link #boundNode}, rebuilt from its Fisher information. */
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
        return FisherBound.fromFisher(theta, n.path("noise").asDouble(), flips, n.path("layouts").asInt(),
                n.path("bin_size").asInt(), n.path("dimension").asInt(), n.path("effective_dimension").asDouble(),
                n.path("hartlap_factor").asDouble(), fisher, tripleFromJson(n.path("jacobian_noise_share")));
    }

    /** One point of a map: {@code {"index": n, "by_noise": [bound, ...]}}. */
    public static ObjectNode pointNode(Preset preset, PriorBoundMap.Point p) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("index", p.index());
        ArrayNode all = n.putArray("by_noise");
        for (Bound b : p.bounds()) {
            all.add(boundNode(preset, b));
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

    /**
     * The file of a bound at one point: the first noise level's bound at the top level, then
     * {@code kernel}, {@code flip_angles} and {@code by_noise} (every level).
     */
    public static ObjectNode pointFile(Preset preset, double[] flipAngles, List<Bound> bounds) {
        ObjectNode root = boundNode(preset, bounds.get(0));
        root.put("kernel", preset.kernel());
        root.set("flip_angles", doubles(flipAngles));
        ArrayNode all = root.putArray("by_noise");
        for (Bound b : bounds) {
            all.add(boundNode(preset, b));
        }
        return root;
    }

    /**
     * The file of a prior map: {@code command}, {@code kernel}, {@code count}, {@code seed},
     * {@code layouts}, {@code flip_angles}, {@code prior_averaged} (per noise level the mean and
     * median capped NMSE) and {@code points} in draw order.
     *
     * @param command the command line that made it, as the file records it
     */
    public static ObjectNode mapFile(String command, PriorBoundMap map, int layouts, double[] flipAngles) {
        Preset preset = map.preset();
        double[] noises = map.noises();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("command", command);
        root.put("kernel", preset.kernel());
        root.put("count", map.points().size());
        root.put("seed", map.seed());
        root.put("layouts", layouts);
        root.set("flip_angles", doubles(flipAngles));
        ArrayNode levels = root.putArray("prior_averaged");
        for (int i = 0; i < noises.length; i++) {
            ObjectNode level = levels.addObject();
            level.put("noise", noises[i]);
            level.set("nmse", triple(map.meanNmse(i)));
            level.put("nmse_mean", map.meanNmse(i).mean());
            level.set("nmse_median", triple(map.medianNmse(i)));
        }
        ArrayNode pts = root.putArray("points");
        for (PriorBoundMap.Point p : map.points()) {
            pts.add(pointNode(preset, p));
        }
        return root;
    }

    /** The bytes of a file (indented, as every bound file is written). */
    public static byte[] bytes(JsonNode root) {
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One line of JSON (no indentation), e.g. for a checkpoint file. */
    public static String line(JsonNode node) {
        try {
            return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PerParameter tripleFromJson(JsonNode n) {
        return new PerParameter(number(n.path("alpha")), number(n.path("xi")), number(n.path("d")));
    }

    private static double number(JsonNode n) {
        if (n.isTextual()) {
            return Double.parseDouble(n.asText());
        }
        return n.isNull() ? Double.NaN : n.asDouble();
    }

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
