package org.spinecho.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spinecho.data.Kernel;
import org.spinecho.data.OutputGuard;
import org.spinecho.data.EchoDataset;
import org.spinecho.ml.ArchitectureSpec;
import org.spinecho.ml.NoiseAugmentation;
import org.spinecho.ml.Scores;
import org.spinecho.ml.ModelDirectory;
import org.spinecho.ml.Network;
import org.spinecho.ml.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spinecho train}: trains a model that infers (α, ξ, d) from one curve and saves it as a
 * model directory (weights, architecture, normalisation, manifest with provenance).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        header = "Train a model that infers alpha, xi and d from one curve.",
        description = {"Trains a model that infers alpha, xi and d from one curve, on a data set in the "
                + "challenge's format, and saves it as a model directory (weights, architecture, "
                + "normalisation and a manifest of how it was trained)."})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--kernel", required = true, paramLabel = "gauss|rkky", converter = Options.PresetKernelConverter.class,
            description = "Kernel of the training data.")
    Kernel kernel;

    @Mixin
    LabelledDataOptions data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model directory to write (replaced if present).")
    Path out;

    @Option(names = "--arch", defaultValue = ArchitectureSpec.DEFAULT, paramLabel = "NAME",
            description = "Architecture: cnn (ours), res-mlp, or seed-mlp (the published baseline). Default: ${DEFAULT-VALUE}.")
    String arch;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: seed-mlp 150, others 60).")
    Integer epochs;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S",
            description = "Seed of initialisation, validation split and shuffling. Default: ${DEFAULT-VALUE}.")
    int seed;

    @Option(names = "--val-fraction", defaultValue = "0.1", paramLabel = "F",
            description = "Fraction of curves held out to pick the best epoch. Default: ${DEFAULT-VALUE}.")
    double valFraction;

    @Option(names = "--noise-augment", defaultValue = "0", paramLabel = "SIGMA",
            description = "Train a share of the curves of each batch (--noise-fraction) with Gaussian noise per component, "
                    + "sigma log-uniform in [--noise-min, SIGMA] (0: off). Default: ${DEFAULT-VALUE}.")
    double noiseAugment;

    @Option(names = "--noise-fraction", defaultValue = "0.5", paramLabel = "P",
            description = "With --noise-augment: share of the training curves made noisy, in (0, 1]. Default: ${DEFAULT-VALUE}.")
    double noiseFraction;

    @Option(names = "--noise-min", paramLabel = "SIGMA",
            description = "With --noise-augment: smallest sigma, in (0, --noise-augment] (default: --noise-augment / 100).")
    Double noiseMin;

    @Option(names = "--bn-momentum", defaultValue = "0.9", paramLabel = "M",
            description = "Momentum of the batch-normalisation running statistics, in (0, 1). Default: ${DEFAULT-VALUE}.")
    double bnMomentum;

    @Option(names = "--batch-size", paramLabel = "B", description = "Mini-batch size (default: seed-mlp 32, others 64).")
    Integer batchSize;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Trainer.Builder builder;
        {
            if (!List.of(ArchitectureSpec.SEED_MLP, ArchitectureSpec.CNN, ArchitectureSpec.RES_MLP).contains(arch)) {
                throw new UsageError("--arch must be cnn, res-mlp or seed-mlp, got '" + arch + "'");
            }
            if (epochs != null && epochs < 1) {
                throw new UsageError("--epochs must be an integer >= 1, got " + epochs);
            }
            if (!(valFraction > 0 && valFraction < 0.9)) {
                throw new UsageError("--val-fraction must be in (0, 0.9), got " + valFraction);
            }
            if (!(noiseAugment >= 0) || !Double.isFinite(noiseAugment)) {
                throw new UsageError("--noise-augment must be a finite number >= 0, got " + noiseAugment);
            }
            NoiseAugmentation noise = null;
            if (noiseAugment > 0) {
                if (!(noiseFraction > 0 && noiseFraction <= 1)) {
                    throw new UsageError("--noise-fraction must be in (0, 1], got " + noiseFraction);
                }
                double min = noiseMin != null ? noiseMin : noiseAugment / NoiseAugmentation.DEFAULT_RANGE;
                if (!(min > 0 && min <= noiseAugment)) {
                    throw new UsageError("--noise-min must be in (0, " + noiseAugment + "], got " + min);
                }
                noise = new NoiseAugmentation(noiseFraction, min, noiseAugment);
            } else if (noiseMin != null) {
                throw new UsageError("--noise-min needs --noise-augment");
            }
            if (!(bnMomentum > 0 && bnMomentum < 1)) {
                throw new UsageError("--bn-momentum must be in (0, 1), got " + bnMomentum);
            }
            if (batchSize != null && batchSize < 2) {
                throw new UsageError("--batch-size must be an integer >= 2, got " + batchSize);
            }
            builder = Trainer.builder().optArchitecture(arch).optSeed(seed)
                    .optValFraction(valFraction).optKernel(kernel.id()).optNoiseAugmentation(noise)
                    .optBatchNormMomentum(bnMomentum);
            if (epochs != null) {
                builder.setEpochs(epochs);
            }
            if (batchSize != null) {
                builder.optBatchSize(batchSize);
            }
        }
        OutputGuard.checkDirectory("--out", out, data.inputs());
        EchoDataset set = data.read();
        if (set.size() < 20) {
            throw new UsageError("need at least 20 curves to train, " + data.origin() + " has " + set.size());
        }
        err.printf(Locale.ROOT, "train: %d curves of %d samples, architecture %s, seed %d%n",
                set.size(), set.samples(), arch, seed);
        err.flush();
        try (Progress progress = Progress.epochs(err)) {
            Network trained = builder.optListener(progress).build().train(set.re(), set.im(), set.params());
            Network model = data.recordIn(trained, "").withCommand(Cli.commandLine(spec));
            progress.close();
            ModelDirectory.save(model, out);
            Scores val = model.manifest().metrics() == null ? null : model.manifest().metrics().get("validation");
            err.printf(Locale.ROOT, "train: saved %s (best epoch %d of %d, %.0f s)%s%n", out,
                    model.manifest().bestEpoch(), model.manifest().epochsRun(), model.manifest().wallTimeSeconds(),
                    val == null ? "" : String.format(Locale.ROOT,
                            "; validation NMSE alpha %.4f xi %.4f d %.4f mean %.4f",
                            val.nmseAlpha(), val.nmseXi(), val.nmseD(), val.mean()));
            err.flush();
            model.close();
            return 0;
        }
    }
}
