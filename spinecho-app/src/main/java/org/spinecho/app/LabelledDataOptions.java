package org.spinecho.app;

import java.io.IOException;
import java.nio.file.Path;
import org.spinecho.data.EchoDataset;
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

    /** Reads the three files (DataFormatException names file, line and column). */
    EchoDataset read() {
        return EchoDataset.read(echosR, echosI, params);
    }

    /** Records each file's SHA-256 in the model's manifest, names prefixed by {@code prefix}. */
    TrainedModel recordIn(TrainedModel model, String prefix) throws IOException {
        TrainedModel m = model;
        for (Path file : new Path[] {echosR, echosI, params}) {
            m = m.withDataFile(prefix + file.getFileName(), org.spinecho.data.Sha256.ofFile(file));
        }
        return m;
    }
}
