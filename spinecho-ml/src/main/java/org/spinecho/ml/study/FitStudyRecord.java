package org.spinecho.ml.study;

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
import org.spinecho.data.AtomicFiles;
import org.spinecho.data.DataFormatException;
import org.spinecho.data.DelimitedText;
import org.spinecho.ml.PerParameter;
import org.spinecho.ml.fit.FitFiles;
import org.spinecho.ml.fit.LikelihoodFit;
import org.spinecho.ml.fit.SampleCurves;
import org.spinecho.sim.Theta;

/**
 * The record of a {@link LikelihoodFitStudy}, so that an interrupted study resumes: a first line
 * naming the study's settings, then one tab-separated line per fitted curve, rewritten atomically
 * after each. Columns: index, true (3), network (3), fit (3), sd (3), 90% interval lo/hi (6),
 * seconds, χ², dimension, warned (0/1).
 *
 * @param file   the record, or null for a study that keeps none
 * @param header the first line: a record with another first line belongs to another study
 */
public record FitStudyRecord(Path file, String header, Path details) {
    private static final int COLUMNS = 23;
    /** Columns of one fit in a record line. */
    static final int FIT_COLUMNS = 16;
    private static final ObjectMapper LINE = new ObjectMapper();

    /** A record without the per-curve details. */
    public FitStudyRecord(Path file, String header) {
        this(file, header, null);
    }

    /**
     * The rows recorded so far (none when the file does not exist).
     *
     * @throws IllegalArgumentException when the record belongs to another study
     * @throws DataFormatException      naming line and column of a damaged record
     */
    public List<LikelihoodFitStudy.Row> read() throws IOException {
        List<LikelihoodFitStudy.Row> rows = new ArrayList<>();
        for (double[] v : readLines(file, header, COLUMNS)) {
            rows.add(row(v));
        }
        return rows;
    }

    /**
     * The numeric lines of a study's record after its first line (none when {@code file} is null or
     * does not exist): the machinery shared by the records of {@link LikelihoodFitStudy} and
     * {@link SeriesFitStudy}.
     *
     * @throws IllegalArgumentException when the first line is not {@code header} (another study)
     * @throws DataFormatException      naming line and column of a damaged record
     */
    static List<double[]> readLines(Path file, String header, int columns) throws IOException {
        List<double[]> rows = new ArrayList<>();
        if (file == null || !Files.exists(file)) {
            return rows;
        }
        List<String> lines = Files.readAllLines(file);
        if (!lines.isEmpty() && !DelimitedText.endsWithLineBreak(file)) {
            throw new DataFormatException(file, lines.size(), 1, "the last line has no line break at its end: the file "
                    + "may have been cut short; remove that line to resume");
        }
        if (lines.isEmpty() || !lines.get(0).equals(header)) {
            throw new IllegalArgumentException("--record " + file + " belongs to another fit study (its first line "
                    + "differs)");
        }
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split("\t");
            if (f.length != columns) {
                throw new DataFormatException(file, i + 1, 1, "expected " + columns + " columns, got " + f.length);
            }
            double[] v = new double[columns];
            for (int k = 0; k < columns; k++) {
                try {
                    v[k] = Double.parseDouble(f[k]);
                } catch (NumberFormatException e) {
                    throw new DataFormatException(file, i + 1, k + 1, "not a number: '" + f[k] + "'");
                }
            }
            rows.add(v);
        }
        return rows;
    }

    /** Rewrites a record: {@code header}, then one tab-separated line per row (atomically). */
    static void writeLines(Path file, String header, List<double[]> rows) throws IOException {
        StringBuilder sb = new StringBuilder(header).append('\n');
        for (double[] v : rows) {
            for (int k = 0; k < v.length; k++) {
                sb.append(k == 0 ? "" : "\t").append(DelimitedText.format(v[k]));
            }
            sb.append('\n');
        }
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A row's columns: index, true (3), network (3), then {@link #fitColumns}. */
    static double[] columns(LikelihoodFitStudy.Row r) {
        List<Double> v = new ArrayList<>();
        v.add((double) r.index());
        add(v, r.truth());
        add(v, r.network());
        double[] head = v.stream().mapToDouble(Double::doubleValue).toArray();
        double[] fit = fitColumns(r);
        double[] all = Arrays.copyOf(head, head.length + fit.length);
        System.arraycopy(fit, 0, all, head.length, fit.length);
        return all;
    }

    /** The fit's columns of a row ({@value #FIT_COLUMNS}): fit (3), sd (3), 90% interval lo/hi (6), seconds, χ², dimension, warned. */
    static double[] fitColumns(LikelihoodFitStudy.Row r) {
        List<Double> v = new ArrayList<>();
        add(v, r.fit().estimate().toArray());
        add(v, r.fit().sd().toArray());
        for (double[] iv : r.fit().interval90()) {
            add(v, iv);
        }
        v.add(r.seconds());
        v.add(r.fit().chiSquare());
        v.add((double) r.fit().dimension());
        v.add(r.fit().warning() != null ? 1.0 : 0.0);
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The row of {@link #columns}. */
    static LikelihoodFitStudy.Row row(double[] v) {
        return row(v, 0, v, 7);
    }

    /**
     * A row from its index, truth and network ({@code head} from {@code h}: index, true (3), network
     * (3)) and its fit's columns ({@code fit} from {@code f}: {@link #fitColumns}).
     */
    static LikelihoodFitStudy.Row row(double[] head, int h, double[] fit, int f) {
        double[] network = Arrays.copyOfRange(head, h + 4, h + 7);
        double[][] iv = {{fit[f + 6], fit[f + 7]}, {fit[f + 8], fit[f + 9]}, {fit[f + 10], fit[f + 11]}};
        Theta estimate = Theta.of(Arrays.copyOfRange(fit, f, f + 3));
        // the fit started from the network's estimate moved into the simulator's domain: a network may
        // answer alpha < 0, which a Theta refuses
        LikelihoodFit.Result res = new LikelihoodFit.Result(estimate, SampleCurves.clamped(network),
                PerParameter.of(Arrays.copyOfRange(fit, f + 3, f + 6)), null, iv, fit[f + 13], (int) fit[f + 14], 0, 0,
                List.of(), fit[f + 15] != 0 ? "recorded warning" : null, estimate, List.of(), 1);
        return new LikelihoodFitStudy.Row((int) head[h], Arrays.copyOfRange(head, h + 1, h + 4), network, res,
                fit[f + 12]);
    }

    /** Rewrites the record with {@code rows} (atomically). */
    public void write(List<LikelihoodFitStudy.Row> rows) throws IOException {
        if (file == null) {
            return;
        }
        writeLines(file, header, rows.stream().map(FitStudyRecord::columns).toList());
    }

    /**
     * Runs the study's first {@code count} curves, resuming from this record: the recorded rows go to
     * {@code listener} first, then each row as it is fitted, and the record is rewritten after each.
     *
     * @return the rows, in curve order
     */
    public List<LikelihoodFitStudy.Row> resume(LikelihoodFitStudy study, int count, LikelihoodFitStudy.Listener listener)
            throws IOException {
        List<LikelihoodFitStudy.Row> recorded = read();
        List<LikelihoodFitStudy.Row> rows = new ArrayList<>(recorded.subList(0, Math.min(count, recorded.size())));
        List<String> detailLines = new ArrayList<>();
        if (details != null && Files.exists(details)) {
            // the details of the rows already recorded (a details file asked for later has fewer)
            List<String> lines = Files.readAllLines(details, StandardCharsets.UTF_8);
            detailLines.addAll(lines.subList(0, Math.min(lines.size(), rows.size())));
        }
        for (LikelihoodFitStudy.Row row : rows) {
            listener.finished(row, row.index() + 1, count);
        }
        study.run(rows.size(), count, (row, done, total) -> {
            rows.add(row);
            listener.finished(row, done, total);
            try {
                write(rows);
                if (details != null) {
                    detailLines.add(detailLine(row));
                    AtomicFiles.write(details, (String.join("\n", detailLines) + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return rows;
    }

    /**
     * One curve of the study as one line of JSON: index, true θ, the network's estimate, the fit's
     * estimate, mode, sd and 90% intervals, χ², simulations, seconds, and the walk along the valley
     * (each point with its weight and local sd), so that the posterior's weighting can be studied
     * afterwards without refitting.
     */
    static String detailLine(LikelihoodFitStudy.Row row) throws IOException {
        ObjectNode n = LINE.createObjectNode();
        LikelihoodFit.Result r = row.fit();
        n.put("index", row.index());
        n.set("true", FitFiles.triple(row.truth()));
        n.set("network", FitFiles.triple(row.network()));
        n.set("fit", FitFiles.triple(r.estimate().toArray()));
        n.set("mode", FitFiles.triple(r.mode().toArray()));
        n.set("sd", FitFiles.triple(r.sd().toArray()));
        var iv = n.putArray("interval_90");
        for (double[] lohi : r.interval90()) {
            iv.addArray().add(lohi[0]).add(lohi[1]);
        }
        n.put("chi_square", r.chiSquare());
        n.put("dimension", r.dimension());
        n.put("simulations", r.simulations());
        n.put("seconds", row.seconds());
        n.put("temperature", r.temperature());
        n.set("valley", FitFiles.valley(r));
        return LINE.writeValueAsString(n);
    }

    private static void add(List<Double> to, double[] values) {
        for (double x : values) {
            to.add(x);
        }
    }

    /** A study: the command, its summary (network and fit NMSE, the fit's 90% coverage) and one row per curve. */
    public static byte[] summaryJson(String command, double noise, List<LikelihoodFitStudy.Row> rows,
                                   LikelihoodFitStudy.Summary s) throws IOException {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("command", command);
        root.put("curves", rows.size());
        root.put("noise", noise);
        root.put("network_nmse", s.network().mean());
        root.put("fit_nmse", s.fit().mean());
        root.set("fit_coverage_90", FitFiles.triple(s.coverage().toArray()));
        var list = root.putArray("rows");
        for (LikelihoodFitStudy.Row row : rows) {
            ObjectNode n = list.addObject();
            n.put("index", row.index());
            n.set("true", FitFiles.triple(row.truth()));
            n.set("network", FitFiles.triple(row.network()));
            n.set("fit", FitFiles.triple(row.fit().estimate().toArray()));
            n.set("sd", FitFiles.triple(row.fit().sd().toArray()));
            n.put("seconds", row.seconds());
        }
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(root);
    }

}
