package org.spinecho.ml;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a saved model is and how it was made; serialised as {@code manifest.json}.
 *
 * @param format          always {@link #FORMAT}
 * @param formatVersion   version of the model-directory layout ({@link #FORMAT_VERSION})
 * @param kernel          coupling kernel of the training data (gauss, rkky), or null if not given
 * @param dataFiles       training data files: name → SHA-256 (hex), if given
 * @param trainCount      curves used for training
 * @param valCount        curves held out for validation
 * @param seed            random seed (initialisation, split, shuffling)
 * @param architecture    architecture type (details in architecture.json)
 * @param curveLength     samples per curve the model accepts
 * @param training        training settings
 * @param epochsRun       epochs actually run (fewer than planned after early stopping)
 * @param bestEpoch       epoch (1-based) whose weights were kept: best validation loss
 * @param bestValLoss     validation MSE of the standardised targets at the best epoch
 * @param wallTimeSeconds training wall time
 * @param libraries       library versions (djl, pytorch, java)
 * @param command         the exact command that trained the model, if given
 * @param metrics         named scores (e.g. "validation", "test"), if any
 * @param paramsFile      name of the weights file
 * @param paramsSha256    SHA-256 of the weights file (hex)
 * @param created         ISO-8601 creation time
 * @param files           SHA-256 (hex) of every other file of the model directory, by its path relative
 *                        to the directory ("architecture.json", "member-1/model.params", …); null in
 *                        directories saved before spinecho recorded them
 */
public record Manifest(
        String format,
        int formatVersion,
        String kernel,
        Map<String, String> dataFiles,
        int trainCount,
        int valCount,
        long seed,
        String architecture,
        int curveLength,
        TrainingSettings training,
        int epochsRun,
        int bestEpoch,
        double bestValLoss,
        double wallTimeSeconds,
        Map<String, String> libraries,
        String command,
        Map<String, Scores> metrics,
        String paramsFile,
        String paramsSha256,
        String created,
        Map<String, String> files) {

    public static final String FORMAT = "spinecho-model";
    /** Version of a single network's directory. */
    public static final int FORMAT_VERSION = 1;
    /** Version of an ensemble's directory: its manifest, {@code ensemble.json} and one directory per network. */
    public static final int ENSEMBLE_FORMAT_VERSION = 2;

    /**
     * Training settings.
     *
     * @param optimizer    optimiser name (adam)
     * @param epochs       planned epochs
     * @param batchSize    mini-batch size
     * @param learningRate base learning rate
     * @param schedule     learning-rate schedule (constant, cosine)
     * @param patience     early-stopping patience in epochs (0: none)
     * @param valFraction  fraction of curves held out for validation
     * @param loss         loss function (mse on standardised targets)
     */
    public record TrainingSettings(String optimizer, int epochs, int batchSize, double learningRate,
                                   String schedule, int patience, double valFraction, String loss) {
    }

    Manifest withKernel(String value) {
        return new Manifest(format, formatVersion, value, dataFiles, trainCount, valCount, seed, architecture,
                curveLength, training, epochsRun, bestEpoch, bestValLoss, wallTimeSeconds, libraries, command,
                metrics, paramsFile, paramsSha256, created, files);
    }

    Manifest withDataFile(String name, String sha256) {
        Map<String, String> data = new LinkedHashMap<>(dataFiles == null ? Map.of() : dataFiles);
        data.put(name, sha256);
        return new Manifest(format, formatVersion, kernel, data, trainCount, valCount, seed, architecture,
                curveLength, training, epochsRun, bestEpoch, bestValLoss, wallTimeSeconds, libraries, command,
                metrics, paramsFile, paramsSha256, created, files);
    }

    Manifest withCommand(String value) {
        return new Manifest(format, formatVersion, kernel, dataFiles, trainCount, valCount, seed, architecture,
                curveLength, training, epochsRun, bestEpoch, bestValLoss, wallTimeSeconds, libraries, value,
                metrics, paramsFile, paramsSha256, created, files);
    }

    Manifest withMetrics(String name, Scores scores) {
        Map<String, Scores> m = new LinkedHashMap<>(metrics == null ? Map.of() : metrics);
        m.put(name, scores);
        return new Manifest(format, formatVersion, kernel, dataFiles, trainCount, valCount, seed, architecture,
                curveLength, training, epochsRun, bestEpoch, bestValLoss, wallTimeSeconds, libraries, command,
                m, paramsFile, paramsSha256, created, files);
    }

    Manifest withFormatVersion(int value) {
        return new Manifest(format, value, kernel, dataFiles, trainCount, valCount, seed, architecture,
                curveLength, training, epochsRun, bestEpoch, bestValLoss, wallTimeSeconds, libraries, command,
                metrics, paramsFile, paramsSha256, created, files);
    }

    /** A copy without scores (an ensemble's scores are not its first member's). */
    Manifest withoutMetrics() {
        return new Manifest(format, formatVersion, kernel, dataFiles, trainCount, valCount, seed, architecture,
                curveLength, training, epochsRun, bestEpoch, bestValLoss, wallTimeSeconds, libraries, command,
                null, paramsFile, paramsSha256, created, files);
    }

    Manifest withFiles(Map<String, String> value) {
        return new Manifest(format, formatVersion, kernel, dataFiles, trainCount, valCount, seed, architecture,
                curveLength, training, epochsRun, bestEpoch, bestValLoss, wallTimeSeconds, libraries, command,
                metrics, paramsFile, paramsSha256, created, value == null ? null : new java.util.TreeMap<>(value));
    }

    Manifest withParams(String file, String sha256) {
        return new Manifest(format, formatVersion, kernel, dataFiles, trainCount, valCount, seed, architecture,
                curveLength, training, epochsRun, bestEpoch, bestValLoss, wallTimeSeconds, libraries, command,
                metrics, file, sha256, created, files);
    }
}
