package org.spinecho.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spinecho.data.CurveParquet;
import org.spinecho.data.DatasetManifest;
import org.spinecho.data.EchoDataset;
import org.spinecho.data.OutputGuard;
import org.spinecho.data.Sha256;
import org.spinecho.ml.Network;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * A labelled data set (a picocli mixin): the three files of the challenge's format, or the
 * Parquet files that {@code spark-generate} writes ({@code --parquet DIR}), so that a big set never
 * has to exist as one text file.
 */
final class LabelledDataOptions {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** Exactly one of the two forms. */
    static final class Source {
        @ArgGroup(exclusive = false, multiplicity = "1", heading = "")
        TextFiles text;

        @Option(names = "--parquet", required = true, paramLabel = "DIR",
                description = "A Parquet data set instead of the three files: spark-generate's "
                        + "<kernel>_<split>_parquet directory (all its part files) or one .parquet file.")
        Path parquet;
    }

    /** The challenge's three files. */
    static final class TextFiles {
        @Option(names = "--echos-r", required = true, paramLabel = "FILE", description = "Real parts, one curve per line.")
        Path echosR;

        @Option(names = "--echos-i", required = true, paramLabel = "FILE",
                description = "Imaginary parts, one curve per line.")
        Path echosI;

        @Option(names = "--params", required = true, paramLabel = "FILE", description = "True 'alpha xi d' per line.")
        Path params;
    }

    /**
     * Reads the data set: the three files (DataFormatException names file, line and column) after
     * checking them against their set's manifest, if generate wrote one beside them
     * (RefusedException if a file differs from it or its generation is unfinished); or the Parquet
     * files (DataFormatException names file and row).
     */
    EchoDataset read() throws IOException {
        if (source.parquet != null) {
            return CurveParquet.read(source.parquet);
        }
        TextFiles t = source.text;
        DatasetManifest.verify(t.echosR, t.echosI, t.params);
        return EchoDataset.read(t.echosR, t.echosI, t.params);
    }

    /** What the data were read from, for messages: the real-part file or the Parquet directory. */
    Path origin() {
        return source.parquet != null ? source.parquet : source.text.echosR;
    }

    /** The input files as named inputs, for {@link OutputGuard#checkFiles}. */
    List<OutputGuard.Named> inputs() {
        if (source.parquet != null) {
            List<OutputGuard.Named> named = new ArrayList<>();
            for (Path f : CurveParquet.partFiles(source.parquet)) {
                named.add(new OutputGuard.Named("--parquet", f));
            }
            return named;
        }
        TextFiles t = source.text;
        return List.of(new OutputGuard.Named("--echos-r", t.echosR), new OutputGuard.Named("--echos-i", t.echosI),
                new OutputGuard.Named("--params", t.params));
    }

    /** Each file's SHA-256, names prefixed by {@code prefix}, for the model's manifest. */
    Map<String, String> checksums(String prefix) throws IOException {
        List<Path> paths = source.parquet != null ? CurveParquet.partFiles(source.parquet)
                : List.of(source.text.echosR, source.text.echosI, source.text.params);
        Map<String, String> files = new LinkedHashMap<>();
        for (Path file : paths) {
            files.put(prefix + file.getFileName(), Sha256.ofFile(file));
        }
        return files;
    }

    /** Records each file's SHA-256 in the model's manifest, names prefixed by {@code prefix}. */
    Network recordIn(Network model, String prefix) throws IOException {
        Network m = model;
        for (Map.Entry<String, String> e : checksums(prefix).entrySet()) {
            m = m.withDataFile(e.getKey(), e.getValue());
        }
        return m;
    }
}
