package org.spinecho.ml;

import java.time.Duration;

/** Receives training progress from a {@link Trainer}. Called on the training thread. */
public interface TrainingListener {

    /** Called once before the first epoch. */
    default void onStart(int trainCount, int valCount, int epochs) {
    }

    /** Called after every epoch. */
    void onEpoch(EpochReport report);

    /**
     * Progress after one epoch. Losses are mean squared errors of the standardised targets.
     *
     * @param epoch        epoch just finished (1-based)
     * @param epochs       planned epochs
     * @param trainLoss    mean training loss over the epoch
     * @param valLoss      validation loss after the epoch
     * @param bestValLoss  best validation loss so far
     * @param bestEpoch    epoch of the best validation loss
     * @param learningRate learning rate at the end of the epoch
     * @param elapsed      wall time since training started
     * @param eta          estimated time to the last planned epoch
     */
    record EpochReport(int epoch, int epochs, double trainLoss, double valLoss, double bestValLoss,
                       int bestEpoch, double learningRate, Duration elapsed, Duration eta) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT,
                    "epoch %d/%d train %.5f val %.5f (best %.5f @%d) lr %.2e elapsed %ds eta %ds",
                    epoch, epochs, trainLoss, valLoss, bestValLoss, bestEpoch, learningRate,
                    elapsed.toSeconds(), eta.toSeconds());
        }
    }
}
