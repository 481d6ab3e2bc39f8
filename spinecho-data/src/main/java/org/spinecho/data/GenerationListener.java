package org.spinecho.data;

/**
 * Receives the progress of a {@link DatasetGenerator}. All calls come from the thread that runs
 * the generator, in order.
 */
public interface GenerationListener {
    /** Does nothing. */
    GenerationListener NONE = (done, total) -> { };

    /**
     * Generation is about to compute curves {@code alreadyDone … total−1}.
     *
     * @param alreadyDone curves found complete in the partial files of an interrupted run
     */
    default void started(int total, int alreadyDone) {
    }

    /** {@code done} of {@code total} curves are computed and written (in order). */
    void progressed(int done, int total);

    /** All curves are written and the files are in place. */
    default void finished(int total) {
    }
}
