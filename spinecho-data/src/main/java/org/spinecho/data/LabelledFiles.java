package org.spinecho.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a labelled data set is: the challenge's three text files, or the Parquet files that
 * {@code spark-generate} writes (a directory of part files or one file), so that a big set never
 * has to exist as one text file.
 *
 * @param echosR  real parts, one curve per line (null with Parquet)
 * @param echosI  imaginary parts
 * @param params  true "α ξ d" per line
 * @param parquet the Parquet set instead (null with the text files)
 */
public record LabelledFiles(Path echosR, Path echosI, Path params, Path parquet) {

    /**
     * Reads the set: the three files (DataFormatException names file, line and column) after
     * checking them against their set's manifest, if generate wrote one beside them
     * (RefusedException if a file differs from it or its generation is unfinished); or the Parquet
     * files (DataFormatException names file and row).
     */
    public EchoDataset read() throws IOException {
        if (parquet != null) {
            return CurveParquet.read(parquet);
        }
        DatasetManifest.verify(echosR, echosI, params);
        return EchoDataset.read(echosR, echosI, params);
    }

    /** What the data were read from, for messages: the real-part file or the Parquet set. */
    public Path origin() {
        return parquet != null ? parquet : echosR;
    }

    /** The files: the three text files, or the Parquet part files. */
    public List<Path> files() {
        return parquet != null ? CurveParquet.partFiles(parquet) : List.of(echosR, echosI, params);
    }

    /** Each file's SHA-256 by file name prefixed by {@code prefix}, in {@link #files()} order. */
    public Map<String, String> checksums(String prefix) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Path file : files()) {
            out.put(prefix + file.getFileName(), Sha256.ofFile(file));
        }
        return out;
    }
}
