package org.spinecho.ml.fit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.spinecho.sim.Theta;

/** The JSON that {@code spinecho fit --json} writes for one sample's fit (a study's: {@code FitStudyRecord}). */
public final class FitFiles {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FitFiles() {
    }

    /**
     * One sample's fit: "fit" (the posterior mean along the valley), "sd", "interval_90", "start",
     * "mode", the "valley" walk's points (with objective and weight), the network's "model" and
     * "model_interval_90" (when it started the fit), the noise, the flip angles and the fit's effort.
     *
     * @param network        the network's start, or null when the fit started elsewhere
     * @param noise          the noise per component the fit assumed
     * @param noiseEstimated whether it was estimated from the curves
     * @param seconds        wall time of the fit
     */
    public static byte[] sampleJson(String kernel, SampleCurves sample, LikelihoodFit.Result r,
                                    SampleCurves.NetworkStart network, double noise, boolean noiseEstimated,
                                    double seconds) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("kernel", kernel);
        root.set("fit", triple(r.estimate().toArray()));
        root.set("sd", triple(r.sd().toArray()));
        root.set("interval_90", intervals(r.interval90()));
        root.set("start", triple(r.start().toArray()));
        root.set("mode", triple(r.mode().toArray()));
        root.put("temperature", r.temperature());
        root.set("valley", valley(r));
        if (network != null) {
            root.set("model", triple(network.estimate()));
            if (network.interval90() != null) {
                root.set("model_interval_90", intervals(network.interval90()));
            }
        }
        root.put("noise", noise);
        root.put("noise_estimated", noiseEstimated);
        root.put("scale_and_phase_fitted", sample.measured());
        var fa = root.putArray("flip_angles");
        for (double a : sample.experiment().flipAnglesDegrees()) {
            fa.add(a);
        }
        root.put("chi_square", r.chiSquare());
        root.put("dimension", r.dimension());
        root.put("iterations", r.iterations());
        root.put("simulations", r.simulations());
        root.put("seconds", seconds);
        root.put("warning", r.warning());
        return MAPPER.writeValueAsBytes(root);
    }

    private static ObjectNode intervals(double[][] iv) {
        ObjectNode node = MAPPER.createObjectNode();
        for (int k = 0; k < 3; k++) {
            node.putArray(Theta.NAMES.get(k)).add(iv[k][0]).add(iv[k][1]);
        }
        return node;
    }

    /** {"alpha": v[0], "xi": v[1], "d": v[2]}. */
    public static ObjectNode triple(double[] v) {
        ObjectNode n = MAPPER.createObjectNode();
        for (int k = 0; k < 3; k++) {
            n.put(Theta.NAMES.get(k), v[k]);
        }
        return n;
    }

    /**
     * The walk along the valley as JSON: per point α, ξ, d, its −2 log posterior ("objective"), its
     * weight in the estimate and its local posterior standard deviations ("sd": α, ξ, d).
     */
    public static com.fasterxml.jackson.databind.node.ArrayNode valley(LikelihoodFit.Result r) {
        var walk = MAPPER.createArrayNode();
        for (LikelihoodFit.ValleyPoint p : r.valley()) {
            ObjectNode n = triple(p.theta().toArray());
            n.put("objective", p.objective());
            n.put("weight", p.weight());
            n.set("sd", triple(new double[] {p.sd(0), p.sd(1), p.sd(2)}));
            walk.add(n);
        }
        return walk;
    }
}
