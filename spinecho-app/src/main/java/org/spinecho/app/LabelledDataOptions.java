package org.spinecho.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.spinecho.data.EchoDataset;
import org.spinecho.data.LabelledFiles;
import org.spinecho.data.OutputGuard;
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

    /** The files given. */
    LabelledFiles files() {
        return source.parquet != null ? new LabelledFiles(null, null, null, source.parquet)
                : new LabelledFiles(source.text.echosR, source.text.echosI, source.text.params, null);
    }

    /** Reads the data set (see {@link LabelledFiles#read}). */
    EchoDataset read() throws IOException {
        return files().read();
    }

    /** What the data were read from, for messages: the real-part file or the Parquet directory. */
    Path origin() {
        return files().origin();
    }

    /** The input files as named inputs, for {@link OutputGuard#checkFiles}. */
    List<OutputGuard.Named> inputs() {
        List<OutputGuard.Named> named = new ArrayList<>();
        List<String> options = List.of("--echos-r", "--echos-i", "--params");
        List<Path> files = files().files();
        for (int i = 0; i < files.size(); i++) {
            named.add(new OutputGuard.Named(source.parquet != null ? "--parquet" : options.get(i), files.get(i)));
        }
        return named;
    }

    /** Each file's SHA-256, names prefixed by {@code prefix}, for the model's manifest. */
    Map<String, String> checksums(String prefix) throws IOException {
        return files().checksums(prefix);
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
