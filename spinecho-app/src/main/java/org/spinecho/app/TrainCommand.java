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
            description = "Architecture: cnn (ours), resnet (a 1D residual network), res-mlp, or seed-mlp (the published "
                    + "baseline). Default: ${DEFAULT-VALUE}.")
    String arch;

    @Option(names = "--channels", split = ",", paramLabel = "C[,C...]",
            description = "Input channels of cnn or resnet, from re, im, abs, logabs (ln(|M| + 0.01)) and sigma (the "
                    + "noise level estimated from the curve). Default: re,im,abs.")
    List<String> channels;

    @Option(names = "--log-targets", description = "Learn ln(alpha + 0.05), ln(xi) and d instead of alpha, xi, d.")
    boolean logTargets;

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

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "Save the run's state to DIR after every epoch; run the same command again after an "
                    + "interruption to continue from the last finished epoch (same weights as an uninterrupted "
                    + "run with --checkpoint).")
    Path checkpoint;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (!List.of(ArchitectureSpec.SEED_MLP, ArchitectureSpec.CNN, ArchitectureSpec.RES_MLP,
                ArchitectureSpec.RESNET).contains(arch)) {
            throw new UsageError("--arch must be cnn, resnet, res-mlp or seed-mlp, got '" + arch + "'");
        }
        if (channels != null && !List.of(ArchitectureSpec.CNN, ArchitectureSpec.RESNET).contains(arch)) {
            throw new UsageError("--channels needs --arch cnn or resnet");
        }
        if (channels != null && (channels.isEmpty() || channels.stream().distinct().count() != channels.size()
                || !List.of("re", "im", "abs", "logabs", "sigma").containsAll(channels))) {
            throw new UsageError("--channels must be distinct names of re, im, abs, logabs, sigma, got " + channels);
        }
        if (!(valFraction > 0 && valFraction < 0.9)) {
            throw new UsageError("--val-fraction must be in (0, 0.9), got " + valFraction);
        }
        // the library checks the ranges; Cli.option names the option in its message
        Trainer.Builder builder = Trainer.builder().optArchitecture(arch).optChannels(channels)
                .optLogTargets(logTargets).optSeed(seed).optValFraction(valFraction).optKernel(kernel.id());
        Cli.option("--noise-augment", () -> builder.optNoiseAugmentation(noiseAugment));
        Cli.option("--bn-momentum", () -> builder.optBatchNormMomentum(bnMomentum));
        if (epochs != null) {
            Cli.option("--epochs", () -> builder.setEpochs(epochs));
        }
        if (batchSize != null) {
            Cli.option("--batch-size", () -> builder.optBatchSize(batchSize));
        }
        if (noiseAugment > 0) {
            double min = noiseMin != null ? noiseMin : noiseAugment / NoiseAugmentation.DEFAULT_RANGE;
            builder.optNoiseAugmentation(Cli.option("--noise-fraction/--noise-min",
                    () -> new NoiseAugmentation(noiseFraction, min, noiseAugment)));
        } else if (noiseMin != null) {
            throw new UsageError("--noise-min needs --noise-augment");
        }
        OutputGuard.checkDirectory("--out", out, data.inputs());
        if (checkpoint != null) {
            OutputGuard.checkDirectory("--checkpoint", checkpoint, data.inputs());
            Path real = checkpoint.toAbsolutePath().normalize();
            Path model = out.toAbsolutePath().normalize();
            if (real.startsWith(model) || model.startsWith(real)) {
                throw new UsageError("--checkpoint " + checkpoint + " must lie outside --out " + out
                        + " (the model directory is replaced when training ends)");
            }
            builder.optCheckpoint(checkpoint);
        }
        EchoDataset set = data.read();
        if (set.size() < 20) {
            throw new UsageError("need at least 20 curves to train, " + data.origin() + " has " + set.size());
        }
        err.printf(Locale.ROOT, "train: %d curves of %d samples, architecture %s, seed %d%s%n",
                set.size(), set.samples(), arch, seed, checkpoint == null ? "" : ", checkpoint " + checkpoint);
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
