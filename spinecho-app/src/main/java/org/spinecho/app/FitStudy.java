package org.spinecho.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.spinecho.data.AtomicFiles;
import org.spinecho.data.DataFormatException;
import org.spinecho.data.EchoDataset;
import org.spinecho.data.Statistics;
import org.spinecho.ml.Scores;
import org.spinecho.ml.SimulatorFit;
import org.spinecho.ml.TrainedModel;
import org.spinecho.ml.UncertaintyCalibration;

/**
 * The fit over a labelled data set: for each of its first curves, the model's estimate and the
 * fit, scored against the true values with the
 * challenge's NMSE, with the time each fit took. One line per curve goes to a record file,
 * rewritten atomically after each curve, so a stopped run resumes where it was.
 */
final class FitStudy {
    static final String[] NAMES = {"alpha", "xi", "d"};

    /** One fitted curve: its index, truth, model start, fit. */
    record Row(int index, double[] truth, double[] start, double[] fit, double seconds,
               double residualRms, double expectedRms, boolean warning) {

        static final int FIELDS = 14;

        /** The fit, or the model's start when the fit warns that the simulator does not explain the curve. */
        double[] fitUnlessWarned() {
            return warning ? start : fit;
        }

        /** The mean of model and fit, the model alone where the fit warns ({@link SimulatorFit#combine}). */
        double[] combined() {
            return SimulatorFit.combine(start, fit, warning);
        }

        String line() {
            StringBuilder sb = new StringBuilder().append(index);
            for (double[] a : new double[][] {truth, start, fit}) {
                for (double v : a) {
                    sb.append('\t').append(v);
                }
            }
            return sb.append('\t').append(seconds).append('\t').append(residualRms).append('\t').append(expectedRms)
                    .append('\t').append(warning ? 1 : 0).toString();
        }

        static Row parse(String line, Path file, int lineNumber) {
            String[] f = line.split("\t");
            if (f.length != FIELDS) {
                throw new DataFormatException(file, lineNumber, 1,
                        "expected " + FIELDS + " tab-separated fields, got " + f.length);
            }
            try {
                double[] v = new double[FIELDS];
                for (int k = 1; k < FIELDS; k++) {
                    v[k] = Double.parseDouble(f[k]);
                }
                return new Row(Integer.parseInt(f[0]), Arrays.copyOfRange(v, 1, 4), Arrays.copyOfRange(v, 4, 7),
                        Arrays.copyOfRange(v, 7, 10), v[10], v[11], v[12], v[13] != 0);
            } catch (NumberFormatException e) {
                throw new DataFormatException(file, lineNumber, 1, "not a number: " + e.getMessage());
            }
        }
    }

    private final EchoDataset data;
    private final TrainedModel model;
    private final SimulatorFit fit;
    private final boolean combine;
    private final Path record;
    private final String header;

    FitStudy(EchoDataset data, TrainedModel model, SimulatorFit fit, boolean combine, Path record, String header) {
        this.data = data;
        this.model = model;
        this.fit = fit;
        this.combine = combine;
        this.record = record;
        this.header = header;
    }

    /** Fits curves [0, count), resuming from the record file; returns every row. */
    List<Row> run(int count) throws IOException {
        List<Row> rows = resume();
        int done = rows.size();
        if (done >= count) {
            return rows.subList(0, count);
        }
        double[][] re = Arrays.copyOfRange(data.re(), 0, count);
        double[][] im = Arrays.copyOfRange(data.im(), 0, count);
        double[][] starts = model.predict(re, im);
        UncertaintyCalibration cal = model.calibration();
        try (CurveProgress progress = CurveProgress.create("fit")) {
            progress.started(count, done);
            for (int i = done; i < count; i++) {
                long t0 = System.nanoTime();
                SimulatorFit.Result r = fit.fit(re[i], im[i], starts[i],
                        combine && cal != null ? cal.covariance(starts[i]) : null);
                double seconds = (System.nanoTime() - t0) / 1e9;
                double[] truth = {data.alpha(i), data.xi(i), data.d(i)};
                rows.add(new Row(i, truth, starts[i], r.fit(), seconds, r.residualRms(),
                        r.expectedRms(), r.warning() != null));
                save(rows);
                progress.progressed(i + 1, count);
            }
        }
        return rows;
    }

    private List<Row> resume() throws IOException {
        List<Row> rows = new ArrayList<>();
        if (record == null || !Files.exists(record)) {
            return rows;
        }
        List<String> lines = Files.readAllLines(record, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(header)) {
            throw new UsageError(record + " was written by another fit study (line 1 differs: expected '" + header
                    + "'); remove it or choose another --record");
        }
        for (int k = 1; k < lines.size(); k++) {
            Row row = Row.parse(lines.get(k), record, k + 1);
            if (row.index() != rows.size()) {
                throw new DataFormatException(record, k + 1, 1, "expected curve " + rows.size() + ", got " + row.index());
            }
            rows.add(row);
        }
        return rows;
    }

    private void save(List<Row> rows) throws IOException {
        if (record == null) {
            return;
        }
        StringBuilder sb = new StringBuilder(header).append('\n');
        for (Row r : rows) {
            sb.append(r.line()).append('\n');
        }
        AtomicFiles.write(record, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The combined estimate's 90% intervals, (α, ξ, d) × (lo, hi): the model's calibrated interval
     * at its own estimate {@code start} (local scale times the conformal quantile), centred on
     * {@code combined} instead and clipped to the prior like the model's.
     */
    static double[][] combinedInterval(UncertaintyCalibration cal, double[] start, double[] combined) {
        double[] sigma = cal.sigma(start);
        double[][] iv = new double[3][];
        for (int v = 0; v < 3; v++) {
            iv[v] = cal.interval(combined, sigma, v, 0.9);
        }
        return iv;
    }

    /** Per parameter, the share of rows whose true value lies in the combined estimate's 90% interval. */
    static double[] combinedCoverage(List<Row> rows, UncertaintyCalibration cal) {
        double[] c = new double[3];
        for (Row r : rows) {
            double[][] iv = combinedInterval(cal, r.start(), r.combined());
            for (int v = 0; v < 3; v++) {
                if (r.truth()[v] >= iv[v][0] && r.truth()[v] <= iv[v][1]) {
                    c[v] += 1.0 / rows.size();
                }
            }
        }
        return c;
    }

    /**
     * NMSE of the model and of the fit, and where the fit lost; with the model's calibration, also
     * the coverage of the combined estimate's 90% intervals.
     */
    static String summary(List<Row> rows, UncertaintyCalibration cal) {
        double[][] truth = rows.stream().map(Row::truth).toArray(double[][]::new);
        Scores model = Scores.compute(truth, rows.stream().map(Row::start).toArray(double[][]::new));
        Scores fit = Scores.compute(truth, rows.stream().map(Row::fit).toArray(double[][]::new));
        Scores unlessWarned = Scores.compute(truth, rows.stream().map(Row::fitUnlessWarned).toArray(double[][]::new));
        Scores combined = Scores.compute(truth, rows.stream().map(Row::combined).toArray(double[][]::new));
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d curves%n%-22s %8s %8s %8s %8s%n", rows.size(), "NMSE", "alpha", "xi",
                "d", "mean"));
        for (Object[] r : new Object[][] {{"model alone", model}, {"fit", fit},
                {"fit, start if warned", unlessWarned}, {"combined", combined}}) {
            Scores s = (Scores) r[1];
            sb.append(String.format(Locale.ROOT, "%-22s %8.4f %8.4f %8.4f %8.4f%n", r[0], s.nmseAlpha(), s.nmseXi(),
                    s.nmseD(), s.mean()));
        }
        double[] sec = rows.stream().mapToDouble(Row::seconds).sorted().toArray();
        sb.append(String.format(Locale.ROOT, "seconds per fit: median %.1f, mean %.1f, max %.1f%n", Statistics.median(sec),
                Arrays.stream(sec).average().orElse(0), sec[sec.length - 1]));
        long warned = rows.stream().filter(Row::warning).count();
        sb.append(String.format(Locale.ROOT, "misfit warnings: %d%n", warned));
        if (cal != null) {
            double[] c = combinedCoverage(rows, cal);
            sb.append(String.format(Locale.ROOT, "combined estimate's 90%% intervals cover alpha %.2f, xi %.2f, d %.2f%n",
                    c[0], c[1], c[2]));
        }
        // where the fit does not help: per parameter, the share of curves whose standardised
        // squared error grew, and the NMSE of model and fit by thirds of the true alpha
        double[] sd = stdDev(truth);
        double[] cut = thirds(truth);
        sb.append(String.format(Locale.ROOT, "%-22s %8s %8s %8s%n", "curves made worse", "alpha", "xi", "d"));
        sb.append(String.format(Locale.ROOT, "%-22s", "share"));
        for (int v = 0; v < 3; v++) {
            int worse = 0;
            for (Row r : rows) {
                if (Math.abs(r.fit()[v] - r.truth()[v]) > Math.abs(r.start()[v] - r.truth()[v])) {
                    worse++;
                }
            }
            sb.append(String.format(Locale.ROOT, " %8.2f", worse / (double) rows.size()));
        }
        sb.append(System.lineSeparator());
        sb.append(String.format(Locale.ROOT, "by true alpha (model -> fit, squared error / variance of the %d curves)%n",
                rows.size()));
        String[] bands = {String.format(Locale.ROOT, "alpha < %.3g", cut[0]),
                String.format(Locale.ROOT, "%.3g..%.3g", cut[0], cut[1]), String.format(Locale.ROOT, "alpha > %.3g", cut[1])};
        for (int b = 0; b < 3; b++) {
            double[] m = new double[3];
            double[] f = new double[3];
            int n = 0;
            for (Row r : rows) {
                int band = r.truth()[0] < cut[0] ? 0 : r.truth()[0] < cut[1] ? 1 : 2;
                if (band != b) {
                    continue;
                }
                n++;
                for (int v = 0; v < 3; v++) {
                    m[v] += sq((r.start()[v] - r.truth()[v]) / sd[v]);
                    f[v] += sq((r.fit()[v] - r.truth()[v]) / sd[v]);
                }
            }
            sb.append(String.format(Locale.ROOT, "  %-20s n=%3d", bands[b], n));
            for (int v = 0; v < 3; v++) {
                sb.append(String.format(Locale.ROOT, "  %s %.3f -> %.3f", NAMES[v], m[v] / Math.max(n, 1),
                        f[v] / Math.max(n, 1)));
            }
            sb.append(System.lineSeparator());
        }
        return sb.toString();
    }

    static byte[] json(List<Row> rows, UncertaintyCalibration cal) throws IOException {
        double[][] truth = rows.stream().map(Row::truth).toArray(double[][]::new);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("n", rows.size());
        put(root.putObject("model"), Scores.compute(truth, rows.stream().map(Row::start).toArray(double[][]::new)));
        put(root.putObject("fit"), Scores.compute(truth, rows.stream().map(Row::fit).toArray(double[][]::new)));
        put(root.putObject("fit_unless_warned"),
                Scores.compute(truth, rows.stream().map(Row::fitUnlessWarned).toArray(double[][]::new)));
        ObjectNode combined = root.putObject("combined");
        put(combined, Scores.compute(truth, rows.stream().map(Row::combined).toArray(double[][]::new)));
        if (cal != null) {
            double[] c = combinedCoverage(rows, cal);
            ObjectNode cov = combined.putObject("coverage_90");
            for (int v = 0; v < 3; v++) {
                cov.put(NAMES[v], c[v]);
            }
        }
        double[] sec = rows.stream().mapToDouble(Row::seconds).sorted().toArray();
        ObjectNode t = root.putObject("seconds_per_fit");
        t.put("median", Statistics.median(sec));
        t.put("mean", Arrays.stream(sec).average().orElse(0));
        t.put("max", sec[sec.length - 1]);
        root.put("warnings", rows.stream().filter(Row::warning).count());
        return mapper.writeValueAsBytes(root);
    }

    private static void put(ObjectNode node, Scores s) {
        ObjectNode n = node.putObject("nmse");
        n.put("alpha", s.nmseAlpha());
        n.put("xi", s.nmseXi());
        n.put("d", s.nmseD());
        n.put("mean", s.mean());
    }

    private static double[] stdDev(double[][] truth) {
        double[] sd = new double[3];
        for (int v = 0; v < 3; v++) {
            double m = 0;
            for (double[] t : truth) {
                m += t[v] / truth.length;
            }
            double s = 0;
            for (double[] t : truth) {
                s += sq(t[v] - m) / truth.length;
            }
            sd[v] = Math.sqrt(s);
        }
        return sd;
    }

    private static double[] thirds(double[][] truth) {
        double[] a = Arrays.stream(truth).mapToDouble(t -> t[0]).sorted().toArray();
        return new double[] {a[a.length / 3], a[2 * a.length / 3]};
    }

    private static double sq(double x) {
        return x * x;
    }
}
