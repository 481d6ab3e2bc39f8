package org.spinecho.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spinecho.data.DatasetManifest;
import org.spinecho.data.EchoDataset;
import org.spinecho.data.OutputGuard;
import org.spinecho.ml.TrainedModel;
import picocli.CommandLine.Option;

/** The three files of a labelled data set in the challenge's format (a picocli mixin). */
final class LabelledDataOptions {

    @Option(names = "--echos-r", required = true, paramLabel = "FILE", description = "Real parts, one curve per line.")
    Path echosR;

    @Option(names = "--echos-i", required = true, paramLabel = "FILE", description = "Imaginary parts, one curve per line.")
    Path echosI;

    @Option(names = "--params", required = true, paramLabel = "FILE", description = "True 'alpha xi d' per line.")
    Path params;

    /**
     * Reads the three files (DataFormatException names file, line and column) after checking them
     * against their set's manifest, if generate wrote one beside them (RefusedException if a file
     * differs from it or its generation is unfinished).
     */
    EchoDataset read() throws IOException {
        DatasetManifest.verify(echosR, echosI, params);
        return EchoDataset.read(echosR, echosI, params);
    }

    /** The three files as named inputs, for {@link OutputGuard#checkFiles}. */
    List<OutputGuard.Named> inputs() {
        return List.of(new OutputGuard.Named("--echos-r", echosR), new OutputGuard.Named("--echos-i", echosI),
                new OutputGuard.Named("--params", params));
    }

    /** Each file's SHA-256, names prefixed by {@code prefix}, for the model's manifest. */
    Map<String, String> checksums(String prefix) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        for (Path file : new Path[] {echosR, echosI, params}) {
            files.put(prefix + file.getFileName(), org.spinecho.data.Sha256.ofFile(file));
        }
        return files;
    }

    /** Records each file's SHA-256 in the model's manifest, names prefixed by {@code prefix}. */
    TrainedModel recordIn(TrainedModel model, String prefix) throws IOException {
        TrainedModel m = model;
        for (Map.Entry<String, String> e : checksums(prefix).entrySet()) {
            m = m.withDataFile(e.getKey(), e.getValue());
        }
        return m;
    }
}
