package org.spinecho.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The names of the files of one data set in the original NMR challenge's layout: a data set
 * named {@code <kernel>} with split {@code <split>} is
 * <ul>
 *   <li>{@code <kernel>_echos_<split>_r.txt} — real parts, one curve per line;</li>
 *   <li>{@code <kernel>_echos_<split>_i.txt} — imaginary parts, same line order;</li>
 *   <li>{@code <kernel>_mat_info_<split>.txt} — {@code α ξ d} per line;</li>
 * </ul>
 * plus, for generated sets, {@code <kernel>_<split>_manifest.json} and, while a generation runs,
 * {@code <kernel>_<split>.progress.json} and {@code <file>.partial}.
 *
 * @param dir    the directory holding the files
 * @param kernel the data set's name (the kernel: "gauss", "rkky", ...)
 * @param split  "model" (training) or "eval" (evaluation); any name without '/' is accepted
 */
public record DataFiles(Path dir, String kernel, String split) {
    /** The training split of the original challenge. */
    public static final String MODEL = "model";
    /** The evaluation split of the original challenge. */
    public static final String EVAL = "eval";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public DataFiles {
        Objects.requireNonNull(dir, "dir");
        if (kernel == null || !NAME.matcher(kernel).matches()) {
            throw new IllegalArgumentException("data set name must be letters, digits, '.', '_' or '-', got '"
                    + kernel + "'");
        }
        if (split == null || !NAME.matcher(split).matches()) {
            throw new IllegalArgumentException("split must be letters, digits, '.', '_' or '-' (e.g. model or eval), got '"
                    + split + "'");
        }
    }

    public static DataFiles of(Path dir, String kernel, String split) {
        return new DataFiles(dir, kernel, split);
    }

    /** {@code <kernel>_echos_<split>_r.txt}: real parts. */
    public Path re() {
        return dir.resolve(kernel + "_echos_" + split + "_r.txt");
    }

    /** {@code <kernel>_echos_<split>_i.txt}: imaginary parts. */
    public Path im() {
        return dir.resolve(kernel + "_echos_" + split + "_i.txt");
    }

    /** {@code <kernel>_mat_info_<split>.txt}: α ξ d per line. */
    public Path params() {
        return dir.resolve(kernel + "_mat_info_" + split + ".txt");
    }

    /** The three data files in the order r, i, mat_info. */
    public List<Path> dataFiles() {
        return List.of(re(), im(), params());
    }

    /** {@code <kernel>_<split>_manifest.json}: how the set was generated. */
    public Path manifest() {
        return dir.resolve(kernel + "_" + split + "_manifest.json");
    }

    /** {@code <kernel>_<split>.progress.json}: present only while a generation is unfinished. */
    public Path progress() {
        return dir.resolve(kernel + "_" + split + ".progress.json");
    }

    /** The file a generation appends to before renaming it to {@code file}. */
    public static Path partial(Path file) {
        return file.resolveSibling(file.getFileName() + ".partial");
    }

    /** Reads the three files (see {@link EchoDataset#read(Path, Path, Path)}). */
    public EchoDataset read() {
        return EchoDataset.read(re(), im(), params());
    }

    /** Reads only the curves, r and i (see {@link EchoDataset#readCurves(Path, Path)}). */
    public EchoDataset readCurves() {
        return EchoDataset.readCurves(re(), im());
    }
}
