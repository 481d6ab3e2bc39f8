package org.spinecho.ml.fit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.spinecho.data.DataFormatException;
import org.spinecho.data.Prior;
import org.spinecho.sim.Theta;

/**
 * Chooses the fit's temperature T from fitted calibration curves: each curve's recorded walk along
 * the valley is re-weighted at every T of a grid ({@link ValleyPosterior#retempered}), and T is the
 * smallest whose 90% intervals hold the truth for at least 90% of the (curve, parameter) pairs.
 * Curves whose estimate lies more than {@link #MISS} posterior sd (at T = 1) from the truth in some
 * parameter are left out of that choice and counted as misses: the fit ended in another basin of the
 * valley there, which no temperature of the grid repairs, and letting them choose would widen every
 * other curve's interval for nothing. The honest score of the rule is its leave-one-out coverage
 * over all curves, misses included: each curve judged at the T chosen on the others.
 */
public final class TemperatureCalibration {
    /** The temperatures tried, in increasing order. */
    public static final double[] GRID = {1, 1.25, 1.5, 1.75, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 32};
    private static final double LEVEL = 0.9;
    /** A curve this many posterior sd (T = 1) from the truth in some parameter is a miss. */
    public static final double MISS = 5;

    /** One fitted calibration curve: its true θ and its recorded walk at temperature {@code recordedAt}. */
    public record Case(int index, double[] truth, List<LikelihoodFit.ValleyPoint> walk, double recordedAt) {
        public Case {
            if (truth == null || truth.length != 3 || walk == null || walk.isEmpty() || !(recordedAt >= 1)) {
                throw new IllegalArgumentException("a calibration case needs the truth, a walk and its temperature");
            }
            truth = truth.clone();
            walk = List.copyOf(walk);
        }

        /** Whether the 90% interval of parameter k at temperature T holds the truth. */
        boolean covered(int k, double temperature, Prior box) {
            double[] iv = ValleyPosterior.retempered(walk, recordedAt, temperature).interval(LEVEL, box)[k];
            return truth[k] >= iv[0] && truth[k] <= iv[1];
        }
    }

    /**
     * The outcome.
     *
     * @param temperature     the T chosen on all cases
     * @param coverage        per T of {@link #GRID}, the 90% coverage of α, ξ and d over all cases
     * @param meanWidth       per T of {@link #GRID}, the mean width of the 90% intervals of α, ξ and d
     * @param crossValidated  the leave-one-out coverage of α, ξ and d (each case at the T chosen on the others)
     * @param cases           how many cases
     * @param misses          the indices of the cases left out of the choice (more than {@link #MISS} sd off)
     */
    public record Outcome(double temperature, double[][] coverage, double[][] meanWidth, double[] crossValidated,
                          int cases, List<Integer> misses) {
        public Outcome {
            misses = List.copyOf(misses);
        }
    }

    private TemperatureCalibration() {
    }

    /** Calibrates on {@code cases} within the prior's box. */
    public static Outcome calibrate(List<Case> cases, Prior box) {
        int n = cases.size();
        if (n < 2) {
            throw new IllegalArgumentException("calibrating the temperature needs at least 2 fitted curves, got " + n);
        }
        boolean[][][] hit = new boolean[GRID.length][n][3];
        double[][] coverage = new double[GRID.length][3];
        double[][] width = new double[GRID.length][3];
        for (int t = 0; t < GRID.length; t++) {
            for (int i = 0; i < n; i++) {
                Case c = cases.get(i);
                double[][] iv = ValleyPosterior.retempered(c.walk(), c.recordedAt(), GRID[t]).interval(LEVEL, box);
                for (int k = 0; k < 3; k++) {
                    hit[t][i][k] = c.truth()[k] >= iv[k][0] && c.truth()[k] <= iv[k][1];
                    coverage[t][k] += hit[t][i][k] ? 1.0 / n : 0;
                    width[t][k] += (iv[k][1] - iv[k][0]) / n;
                }
            }
        }
        boolean[] miss = new boolean[n];
        List<Integer> misses = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Case c = cases.get(i);
            ValleyPosterior p = ValleyPosterior.retempered(c.walk(), c.recordedAt(), 1);
            double[][] cov = p.covariance();
            for (int k = 0; k < 3; k++) {
                double sd = Math.sqrt(Math.max(cov[k][k], 0));
                if (Math.abs(p.mean().get(k) - c.truth()[k]) > MISS * sd) {
                    miss[i] = true;
                }
            }
            if (miss[i]) {
                misses.add(c.index());
            }
        }
        double[] loo = new double[3];
        for (int left = 0; left < n; left++) {
            int t = choose(hit, miss, left);
            for (int k = 0; k < 3; k++) {
                loo[k] += hit[t][left][k] ? 1.0 / n : 0;
            }
        }
        return new Outcome(GRID[choose(hit, miss, -1)], coverage, width, loo, n, misses);
    }

    /**
     * The first T of the grid whose pooled coverage (all cases but {@code leftOut} and the misses)
     * reaches 90%.
     */
    private static int choose(boolean[][][] hit, boolean[] miss, int leftOut) {
        for (int t = 0; t < hit.length; t++) {
            int covered = 0;
            int total = 0;
            for (int i = 0; i < hit[t].length; i++) {
                if (i == leftOut || miss[i]) {
                    continue;
                }
                for (boolean h : hit[t][i]) {
                    covered += h ? 1 : 0;
                    total++;
                }
            }
            if (covered >= LEVEL * total - 1e-9) {
                return t;
            }
        }
        return hit.length - 1;
    }

    /** Reads the cases from a fit study's {@code --details} file (one JSON object a line). */
    public static List<Case> read(Path details) throws IOException {
        List<Case> out = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        List<String> lines = Files.readAllLines(details, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            JsonNode n;
            try {
                n = mapper.readTree(lines.get(i));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new DataFormatException(details, i + 1, (int) Math.max(1, e.getLocation() == null ? 1
                        : e.getLocation().getColumnNr()), "not JSON: " + e.getOriginalMessage());
            }
            try {
                double[] truth = triple(n.path("true"));
                List<LikelihoodFit.ValleyPoint> walk = new ArrayList<>();
                for (JsonNode p : n.path("valley")) {
                    double[] sd = triple(p.path("sd"));
                    double[][] cov = new double[3][3];
                    for (int k = 0; k < 3; k++) {
                        cov[k][k] = sd[k] * sd[k]; // the intervals use the marginal variances only
                    }
                    walk.add(new LikelihoodFit.ValleyPoint(Theta.of(triple(p)), number(p.path("objective")),
                            number(p.path("weight")), cov));
                }
                double recordedAt = n.has("temperature") ? number(n.path("temperature")) : 1;
                out.add(new Case(n.path("index").asInt(i), truth, walk, recordedAt));
            } catch (IllegalArgumentException e) {
                throw new DataFormatException(details, i + 1, 1, "not a fit study's details line: " + e.getMessage());
            }
        }
        return out;
    }

    private static double[] triple(JsonNode n) {
        return new double[] {number(n.path("alpha")), number(n.path("xi")), number(n.path("d"))};
    }

    private static double number(JsonNode n) {
        if (!n.isNumber()) {
            throw new IllegalArgumentException("a number is missing");
        }
        return n.asDouble();
    }
}
