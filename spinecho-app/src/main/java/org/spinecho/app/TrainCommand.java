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
@Command(resourceBundle = "org.spinecho.app.TrainCommand",
        name = "train", mixinStandardHelpOptions = true,
        header = "Train a model that infers alpha, xi and d from one curve.")
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--kernel", required = true, paramLabel = "gauss|rkky", converter = Options.PresetKernelConverter.class)
    Kernel kernel;

    @Mixin
    LabelledDataOptions data;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Option(names = "--arch", defaultValue = ArchitectureSpec.DEFAULT, paramLabel = "NAME")
    String arch;

    @Option(names = "--channels", split = ",", paramLabel = "C[,C...]")
    List<String> channels;

    @Option(names = "--log-targets")
    boolean logTargets;

    @Option(names = "--epochs", paramLabel = "N")
    Integer epochs;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S")
    int seed;

    @Option(names = "--val-fraction", defaultValue = "0.1", paramLabel = "F")
    double valFraction;

    @Option(names = "--noise-augment", defaultValue = "0", paramLabel = "SIGMA")
    double noiseAugment;

    @Option(names = "--noise-fraction", defaultValue = "0.5", paramLabel = "P")
    double noiseFraction;

    @Option(names = "--noise-min", paramLabel = "SIGMA")
    Double noiseMin;

    @Option(names = "--bn-momentum", defaultValue = "0.9", paramLabel = "M")
    double bnMomentum;

    @Option(names = "--batch-size", paramLabel = "B")
    Integer batchSize;

    @Option(names = "--checkpoint", paramLabel = "DIR")
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
