package org.spinecho.web.report;

import java.util.List;
import java.util.Locale;
import org.spinecho.ml.Scores;
import org.spinecho.ml.UncertaintyCalibration;

/** The HTML of the reports (demo, evaluate): page, tables, escaping. */
public final class Html {
    private Html() {
    }

    /** The page's head and title, with the reports' style. */
    public static String head(String title) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1400px}"
                + "table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #bbb;padding:4px 10px;"
                + "text-align:right}th{background:#f2f2f2}td:first-child{text-align:left}"
                + "img{margin:4px;border:1px solid #ddd}</style></head><body>\n<h1>" + escape(title) + "</h1>\n";
    }

    /** A table: header cells (HTML allowed: &amp;alpha;) and rows of cells (escaped). */
    public static String table(List<String> header, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder("<table><tr>");
        header.forEach(h -> sb.append("<th>").append(h).append("</th>"));
        sb.append("</tr>\n");
        for (List<String> row : rows) {
            sb.append("<tr>");
            row.forEach(c -> sb.append("<td>").append(escape(c)).append("</td>"));
            sb.append("</tr>\n");
        }
        return sb.append("</table>\n").toString();
    }

    /** The NMSE row of one model: α, ξ, d, mean. */
    public static List<String> nmse(Scores s) {
        return List.of(f4(s.nmseAlpha()), f4(s.nmseXi()), f4(s.nmseD()), f4(s.mean()));
    }

    /** The coverage table of the central intervals. */
    public static String coverage(UncertaintyCalibration.Assessment a) {
        List<List<String>> rows = new java.util.ArrayList<>();
        for (int l = 0; l < a.levels().length; l++) {
            double[] c = a.coverage()[l];
            double[] w = a.meanWidth()[l];
            rows.add(List.of(Math.round(100 * a.levels()[l]) + "%", f3(c[0]), f3(c[1]), f3(c[2]), g4(w[0]), g4(w[1]),
                    g4(w[2])));
        }
        return table(List.of("interval", "coverage &alpha;", "coverage &xi;", "coverage d", "mean width &alpha;",
                "mean width &xi;", "mean width d"), rows);
    }

    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    public static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    public static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    public static String g4(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
