package org.spinecho.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A computation mapped over items 0 … n−1 (the draws of a prior, the noise levels of an
 * evaluation, the points of a grid) by {@link SparkSweep}. The result of item i depends only on the
 * sweep's settings and i, never on which task computes it or with which other items, so the
 * assembled output does not depend on how the items are cut into parts.
 *
 * <p>A sweep is shipped to the executors (Java serialisation): it holds plain settings, and
 * {@link #worker} builds what the computation needs there, once per task.
 */
public interface Sweep extends Serializable {

    /** The sweep's name ("bound", "evaluate"): the output is {@code <name>.json}, the parts {@code <name>_parts/}. */
    String name();

    /** The number of items n. */
    int items();

    /**
     * The settings by option name, every value as text: a rerun must have the same ones to
     * continue the sweep in the same directory.
     */
    Map<String, String> settings();

    /** Builds what computes items, on an executor; closed when the task's items are done. */
    Worker worker() throws IOException;

    /**
     * On the driver: the output file from every item's result, in item order.
     *
     * @param results item i's result at position i
     * @param command the command line to record in the file
     */
    byte[] assemble(List<JsonNode> results, String command) throws IOException;

    /** One line describing the assembled result, for the end of the run (may be empty). */
    default String summary(List<JsonNode> results) {
        return "";
    }

    /** Computes items on an executor. */
    interface Worker extends AutoCloseable {
        /** The result of item {@code i} (the same JSON whenever and wherever it is computed). */
        JsonNode compute(int i) throws IOException;

        @Override
        default void close() {
        }
    }
}
