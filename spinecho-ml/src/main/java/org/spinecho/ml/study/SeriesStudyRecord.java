package org.spinecho.ml.study;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.spinecho.ml.PerParameter;
import org.spinecho.ml.fit.FitFiles;
import org.spinecho.sim.Theta;

/**
 * The record of a {@link SeriesFitStudy}, so that an interrupted study resumes: a first line naming
 * the study's settings, then one tab-separated line per sample, rewritten atomically after each.
 * Columns: the single fit's as a line of a {@link FitStudyRecord} (index, true (3), network (3), fit
 * (3), sd (3), 90% interval lo/hi (6), seconds, χ², dimension, warned), then the series fit's (fit
 * (3), sd (3), 90% interval lo/hi (6), seconds, χ², dimension, warned).
 *
 * @param file   the record, or null for a study that keeps none
 * @param header the first line: a record with another first line belongs to another study
 */
public record SeriesStudyRecord(Path file, String header) {
    private static final int SINGLE = 7 + FitStudyRecord.FIT_COLUMNS;
    private static final int COLUMNS = SINGLE + FitStudyRecord.FIT_COLUMNS;

    /**
     * The rows recorded so far (none when the file does not exist).
     *
     * @throws IllegalArgumentException when the record belongs to another study
     * @throws org.spinecho.data.DataFormatException naming line and column of a damaged record
     */
    public List<SeriesFitStudy.Row> read() throws IOException {
        List<SeriesFitStudy.Row> rows = new ArrayList<>();
        for (double[] v : FitStudyRecord.readLines(file, header, COLUMNS)) {
            rows.add(new SeriesFitStudy.Row(FitStudyRecord.row(v, 0, v, 7), FitStudyRecord.row(v, 0, v, SINGLE)));
        }
        return rows;
    }

    /** Rewrites the record with {@code rows} (atomically). */
    public void write(List<SeriesFitStudy.Row> rows) throws IOException {
        if (file == null) {
            return;
        }
        List<double[]> lines = new ArrayList<>();
        for (SeriesFitStudy.Row r : rows) {
            double[] single = FitStudyRecord.columns(r.single());
            double[] series = FitStudyRecord.fitColumns(r.series());
            double[] line = java.util.Arrays.copyOf(single, COLUMNS);
            System.arraycopy(series, 0, line, SINGLE, series.length);
            lines.add(line);
        }
        FitStudyRecord.writeLines(file, header, lines);
    }

    /**
     * Runs the study's first {@code count} samples, resuming from this record: the recorded rows go
     * to {@code listener} first, then each row as it is done, and the record is rewritten after each.
     *
     * @return the rows, in sample order
     */
    public List<SeriesFitStudy.Row> resume(SeriesFitStudy study, int count, SeriesFitStudy.Listener listener)
            throws IOException {
        List<SeriesFitStudy.Row> recorded = read();
        List<SeriesFitStudy.Row> rows = new ArrayList<>(recorded.subList(0, Math.min(count, recorded.size())));
        for (SeriesFitStudy.Row row : rows) {
            listener.finished(row, row.index() + 1, count);
        }
        study.run(rows.size(), count, new SeriesFitStudy.Listener() {
            @Override
            public void finished(SeriesFitStudy.Row row, int done, int total) {
                rows.add(row);
                listener.finished(row, done, total);
                try {
                    write(rows);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void fitting(int index, String what) {
                listener.fitting(index, what);
            }

            @Override
            public void progressed(int index, String what, String stage, long simulations) {
                listener.progressed(index, what, stage, simulations);
            }
        });
        return rows;
    }

    /**
     * A series study as JSON: the command, flip angles, noise, the summary (NMSE per parameter and
     * mean of the network, the single and the series fit, standardised by the prior's variance;
     * coverage; samples where the series is better; median seconds) and one row per sample.
     */
    public static byte[] summaryJson(String command, double[] flipAngles, double noise, List<SeriesFitStudy.Row> rows,
                                     SeriesFitStudy.Summary s) throws IOException {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("command", command);
        root.put("samples", rows.size());
        ArrayNode angles = root.putArray("flip_angles");
        for (double a : flipAngles) {
            angles.add(a);
        }
        root.put("noise", noise);
        root.put("nmse_standardised_by", "prior variance");
        root.set("network_nmse", nmse(s.network()));
        root.set("single_nmse", nmse(s.single()));
        root.set("series_nmse", nmse(s.series()));
        root.set("single_coverage_90", FitFiles.triple(s.singleCoverage().toArray()));
        root.set("series_coverage_90", FitFiles.triple(s.seriesCoverage().toArray()));
        root.put("series_better", s.seriesBetter());
        root.put("single_warned", s.singleWarned());
        root.put("series_warned", s.seriesWarned());
        root.put("single_median_seconds", s.singleSeconds());
        root.put("series_median_seconds", s.seriesSeconds());
        ArrayNode list = root.putArray("rows");
        for (SeriesFitStudy.Row row : rows) {
            ObjectNode n = list.addObject();
            n.put("index", row.index());
            n.set("true", FitFiles.triple(row.truth()));
            n.set("network", FitFiles.triple(row.network()));
            n.set("single", fit(row.single()));
            n.set("series", fit(row.series()));
        }
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(root);
    }

    private static ObjectNode nmse(PerParameter p) {
        ObjectNode n = FitFiles.triple(p.toArray());
        n.put("mean", p.mean());
        return n;
    }

    private static ObjectNode fit(LikelihoodFitStudy.Row r) {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.set("fit", FitFiles.triple(r.fit().estimate().toArray()));
        n.set("sd", FitFiles.triple(r.fit().sd().toArray()));
        ObjectNode iv = n.putObject("interval_90");
        for (int k = 0; k < 3; k++) {
            iv.putArray(Theta.NAMES.get(k)).add(r.fit().interval90()[k][0]).add(r.fit().interval90()[k][1]);
        }
        n.put("chi_square", r.fit().chiSquare());
        n.put("seconds", r.seconds());
        n.put("warned", r.fit().warning() != null);
        return n;
    }
}
