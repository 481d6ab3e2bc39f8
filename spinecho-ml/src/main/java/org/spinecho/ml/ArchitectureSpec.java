package org.spinecho.ml;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.initializer.XavierInitializer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * A network architecture, fully described by plain values so that a saved model can be rebuilt
 * (the {@code .params} file holds weights only). Serialised as {@code architecture.json}.
 *
 * <p>Input features: for each channel (in order) the samples {@code windowStart …
 * windowStart + windowLength − 1} (0-based) of the curve. Channels: {@code re}, {@code im},
 * {@code abs} (|M|), {@code logabs} (ln(|M| + 0.01), which spreads the small magnitudes of a
 * decayed or locked echo), {@code sigma} (the curve's white-noise level σ̂ estimated from the curve
 * itself by {@link org.spinecho.ml.fit.NoiseEstimate}, as log₁₀(σ̂ + 10⁻⁴) + 3, the same value at
 * every sample; it is not normalised, so that a network trained over noise levels knows how noisy
 * the curve it reads is). Types:
 * <ul>
 *   <li>{@code seed-mlp}: the published solution. Features flattened (all of channel 1, then
 *   channel 2, …); for each width: batch norm → dense → activation; linear output of 3.</li>
 *   <li>{@code cnn}: features as (channels, window) into 1D convolutions (each: conv with
 *   stride 2 → batch norm → relu), flattened, dense layers (dense → activation), linear output.</li>
 *   <li>{@code resnet}: a 1D residual network on (channels, window): a stem convolution
 *   (convFilters[0] filters, kernel 7, batch norm, relu), then one residual block per entry of
 *   convFilters, each halving the length: [conv(kernel convKernel, stride 2) → BN → relu →
 *   conv(kernel convKernel) → BN] + shortcut (1×1 conv with stride 2 → BN), then relu; flattened,
 *   dropout, dense layers, linear output.</li>
 *   <li>{@code res-mlp}: flattened features → dense(widths[0]) → residual blocks
 *   [BN → relu → dense → BN → relu → dense] + identity, one per further width (all equal) →
 *   BN → relu → linear output.</li>
 * </ul>
 * Weights: He-normal initialisation. Outputs are the standardised (α, ξ, d).
 *
 * @param type          {@code seed-mlp}, {@code cnn} or {@code res-mlp}
 * @param curveLength   samples per curve the model accepts (3·nτ)
 * @param windowStart   first sample used (0-based)
 * @param windowLength  number of samples used
 * @param channels      curve representations: re, im, abs
 * @param widths        dense layer widths
 * @param activations   activation per dense layer (relu, selu, tanh, gelu); seed-mlp and cnn
 * @param convFilters   filters per convolution (cnn only)
 * @param convKernel    kernel width of the convolutions (cnn only, odd)
 * @param outputs       number of outputs (3: α, ξ, d)
 * @param dropout       dropout rate before each hidden dense layer of cnn (0: none)
 */
public record ArchitectureSpec(
        String type,
        int curveLength,
        int windowStart,
        int windowLength,
        List<String> channels,
        List<Integer> widths,
        List<String> activations,
        List<Integer> convFilters,
        int convKernel,
        int outputs,
        double dropout) {

    public static final String SEED_MLP = "seed-mlp";
    public static final String CNN = "cnn";
    public static final String RES_MLP = "res-mlp";
    public static final String RESNET = "resnet";
    /** Name of the default architecture. */
    public static final String DEFAULT = CNN;

    private static final Set<String> TYPES = Set.of(SEED_MLP, CNN, RES_MLP, RESNET);
    private static final Set<String> CHANNELS = Set.of("re", "im", "abs", "logabs", "sigma");
    /** The channel that carries the estimated noise level (not normalised). */
    public static final String SIGMA = "sigma";
    private static final Set<String> ACTIVATIONS = Set.of("relu", "selu", "tanh", "gelu");

    public ArchitectureSpec {
        channels = List.copyOf(channels == null ? List.of() : channels);
        widths = List.copyOf(widths == null ? List.of() : widths);
        activations = List.copyOf(activations == null ? List.of() : activations);
        convFilters = List.copyOf(convFilters == null ? List.of() : convFilters);
        validate(type, curveLength, windowStart, windowLength, channels, widths, activations, convFilters,
                convKernel, outputs);
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("invalid architecture: dropout must be in [0, 1), got " + dropout);
        }
    }

    /** The published solution: samples 210–409, Re then Im, seven BN+dense(200) layers. */
    public static ArchitectureSpec seedMlp(int curveLength) {
        return new ArchitectureSpec(SEED_MLP, curveLength, 210, 200, List.of("re", "im"),
                Collections.nCopies(7, 200), List.of("relu", "relu", "selu", "tanh", "relu", "selu", "relu"),
                List.of(), 0, 3, 0);
    }

    /**
     * Our default: the whole curve as three channels (Re, Im, |M|), five stride-2 convolutions
     * (16, 32, 32, 64, 64 filters, kernel 5, each with batch norm and relu), dropout 0.3, one
     * dense layer of 128, linear output. About 160 k weights (0.6 MB).
     */
    public static ArchitectureSpec cnn(int curveLength) {
        return new ArchitectureSpec(CNN, curveLength, 0, curveLength, List.of("re", "im", "abs"),
                List.of(128), List.of("relu"), List.of(16, 32, 32, 64, 64), 5, 3, 0.3);
    }

    /** A residual MLP on the whole curve (Re, Im, |M|): dense 256 and three residual blocks. */
    public static ArchitectureSpec resMlp(int curveLength) {
        return new ArchitectureSpec(RES_MLP, curveLength, 0, curveLength, List.of("re", "im", "abs"),
                List.of(256, 256, 256, 256), List.of(), List.of(), 0, 3, 0);
    }

    /**
     * A 1D residual network on the whole curve (Re, Im, |M|): a stem of 16 filters, five residual
     * blocks of 16, 32, 32, 64, 64 filters (kernel 3), each halving the length, dropout 0.3,
     * dense 128, linear output: the filters of {@code cnn} with twice its depth and shortcuts,
     * about twice its arithmetic per curve.
     */
    public static ArchitectureSpec resnet(int curveLength) {
        return new ArchitectureSpec(RESNET, curveLength, 0, curveLength, List.of("re", "im", "abs"),
                List.of(128), List.of("relu"), List.of(16, 32, 32, 64, 64), 3, 3, 0.3);
    }

    /** The architecture called {@code name} (seed-mlp, cnn, res-mlp, resnet) for curves of this length. */
    public static ArchitectureSpec named(String name, int curveLength) {
        return switch (name) {
            case SEED_MLP -> seedMlp(curveLength);
            case CNN -> cnn(curveLength);
            case RES_MLP -> resMlp(curveLength);
            case RESNET -> resnet(curveLength);
            default -> throw new IllegalArgumentException("unknown architecture '" + name
                    + "': expected " + SEED_MLP + ", " + CNN + ", " + RES_MLP + " or " + RESNET);
        };
    }

    /** The same architecture reading other channels (for example with {@code sigma} added). */
    public ArchitectureSpec withChannels(List<String> value) {
        return new ArchitectureSpec(type, curveLength, windowStart, windowLength, value, widths, activations,
                convFilters, convKernel, outputs, dropout);
    }

    /** Whether feature {@code j} belongs to a channel that is not normalised ({@code sigma}). */
    public boolean unnormalised(int j) {
        return SIGMA.equals(channels.get(j / windowLength));
    }

    /** The default architecture for curves of this length. */
    public static ArchitectureSpec defaultFor(int curveLength) {
        return named(DEFAULT, curveLength);
    }

    /** Number of input features per curve: channels × window. */
    public int featureCount() {
        return channels.size() * windowLength;
    }

    /** The shape of a batch of {@code n} feature vectors as the block expects it. */
    public Shape inputShape(long n) {
        return CNN.equals(type) || RESNET.equals(type) ? new Shape(n, channels.size(), windowLength)
                : new Shape(n, featureCount());
    }

    /** Writes the (un-normalised) features of one curve into {@code out} from {@code offset}. */
    public void features(double[] re, double[] im, float[] out, int offset) {
        if (re.length != curveLength || im.length != curveLength) {
            throw new IllegalArgumentException("the model expects curves of " + curveLength
                    + " samples, got " + re.length + " (re) and " + im.length + " (im)");
        }
        int k = offset;
        for (String c : channels) {
            if (SIGMA.equals(c)) {
                float v = (float) (Math.log10(org.spinecho.ml.fit.NoiseEstimate.of(re, im) + 1e-4) + 3);
                java.util.Arrays.fill(out, k, k + windowLength, v);
                k += windowLength;
                continue;
            }
            for (int s = windowStart; s < windowStart + windowLength; s++) {
                out[k++] = (float) switch (c) {
                    case "re" -> re[s];
                    case "im" -> im[s];
                    case "abs" -> Math.hypot(re[s], im[s]);
                    case "logabs" -> Math.log(Math.hypot(re[s], im[s]) + 0.01);
                    default -> throw new IllegalStateException(c);
                };
            }
        }
    }

    /** DJL's default momentum of the batch-normalisation running statistics. */
    public static final double DEFAULT_BATCH_NORM_MOMENTUM = 0.9;

    /** A new, uninitialised DJL block of this architecture (He-normal weight initialisation). */
    public Block buildBlock() {
        return buildBlock(DEFAULT_BATCH_NORM_MOMENTUM);
    }

    /**
     * A new, uninitialised block whose batch normalisations keep running statistics with the given
     * momentum (a training setting: running = momentum·running + (1 − momentum)·batch; inference
     * only reads the statistics, so a saved model loads with any value).
     */
    public Block buildBlock(double batchNormMomentum) {
        if (!(batchNormMomentum > 0 && batchNormMomentum < 1)) {
            throw new IllegalArgumentException("batch-norm momentum must be in (0, 1), got " + batchNormMomentum);
        }
        float momentum = (float) batchNormMomentum;
        SequentialBlock net = new SequentialBlock();
        switch (type) {
            case SEED_MLP -> {
                for (int i = 0; i < widths.size(); i++) {
                    net.add(BatchNorm.builder().optMomentum(momentum).build());
                    net.add(Linear.builder().setUnits(widths.get(i)).build());
                    net.add(activation(activations.get(i)));
                }
            }
            case CNN -> {
                for (int f : convFilters) {
                    net.add(Conv1d.builder().setKernelShape(new Shape(convKernel)).setFilters(f)
                            .optStride(new Shape(2)).optPadding(new Shape(convKernel / 2)).build());
                    net.add(BatchNorm.builder().optMomentum(momentum).build());
                    net.add(Activation.reluBlock());
                }
                net.add(Blocks.batchFlattenBlock());
                for (int i = 0; i < widths.size(); i++) {
                    if (dropout > 0) {
                        net.add(Dropout.builder().optRate((float) dropout).build());
                    }
                    net.add(Linear.builder().setUnits(widths.get(i)).build());
                    net.add(activation(activations.get(i)));
                }
            }
            case RESNET -> {
                net.add(conv(convFilters.get(0), 7, 1)).add(BatchNorm.builder().optMomentum(momentum).build())
                        .add(Activation.reluBlock());
                for (int f : convFilters) {
                    SequentialBlock branch = new SequentialBlock()
                            .add(conv(f, convKernel, 2)).add(BatchNorm.builder().optMomentum(momentum).build())
                            .add(Activation.reluBlock())
                            .add(conv(f, convKernel, 1)).add(BatchNorm.builder().optMomentum(momentum).build());
                    SequentialBlock shortcut = new SequentialBlock()
                            .add(Conv1d.builder().setKernelShape(new Shape(1)).setFilters(f).optStride(new Shape(2))
                                    .optBias(false).build())
                            .add(BatchNorm.builder().optMomentum(momentum).build());
                    net.add(new ParallelBlock(
                            list -> new ai.djl.ndarray.NDList(list.get(0).singletonOrThrow()
                                    .add(list.get(1).singletonOrThrow())),
                            List.of(branch, shortcut)));
                    net.add(Activation.reluBlock());
                }
                net.add(Blocks.batchFlattenBlock());
                for (int i = 0; i < widths.size(); i++) {
                    if (dropout > 0) {
                        net.add(Dropout.builder().optRate((float) dropout).build());
                    }
                    net.add(Linear.builder().setUnits(widths.get(i)).build());
                    net.add(activation(activations.get(i)));
                }
            }
            case RES_MLP -> {
                int width = widths.get(0);
                net.add(Linear.builder().setUnits(width).build());
                for (int i = 1; i < widths.size(); i++) {
                    SequentialBlock branch = new SequentialBlock()
                            .add(BatchNorm.builder().optMomentum(momentum).build()).add(Activation.reluBlock())
                            .add(Linear.builder().setUnits(width).build())
                            .add(BatchNorm.builder().optMomentum(momentum).build()).add(Activation.reluBlock())
                            .add(Linear.builder().setUnits(width).build());
                    net.add(new ParallelBlock(
                            list -> new ai.djl.ndarray.NDList(list.get(0).singletonOrThrow()
                                    .add(list.get(1).singletonOrThrow())),
                            List.of(branch, Blocks.identityBlock())));
                }
                net.add(BatchNorm.builder().optMomentum(momentum).build());
                net.add(Activation.reluBlock());
            }
            default -> throw new IllegalStateException(type);
        }
        net.add(Linear.builder().setUnits(outputs).build());
        // He-normal: N(0, 2 / fan_in)
        net.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
                XavierInitializer.FactorType.IN, 2), Parameter.Type.WEIGHT);
        return net;
    }

    /** A 1D convolution without bias (a batch norm follows), padded to keep length / stride. */
    private static Block conv(int filters, int kernel, int stride) {
        return Conv1d.builder().setKernelShape(new Shape(kernel)).setFilters(filters).optStride(new Shape(stride))
                .optPadding(new Shape(kernel / 2)).optBias(false).build();
    }

    private static Block activation(String name) {
        return switch (name) {
            case "relu" -> Activation.reluBlock();
            case "selu" -> Activation.seluBlock();
            case "tanh" -> Activation.tanhBlock();
            case "gelu" -> Activation.geluBlock();
            default -> throw new IllegalArgumentException("unknown activation " + name);
        };
    }

    private static void validate(String type, int curveLength, int windowStart, int windowLength,
                                 List<String> channels, List<Integer> widths, List<String> activations,
                                 List<Integer> convFilters, int convKernel, int outputs) {
        List<String> problems = new ArrayList<>();
        if (!TYPES.contains(type)) {
            problems.add("unknown type '" + type + "' (expected one of " + TYPES + ")");
        }
        if (curveLength < 1) {
            problems.add("curveLength must be >= 1, got " + curveLength);
        }
        if (windowStart < 0 || windowLength < 1 || (long) windowStart + windowLength > curveLength) {
            problems.add("window [" + windowStart + ", " + ((long) windowStart + windowLength)
                    + ") does not fit in curves of " + curveLength + " samples");
        }
        if (channels.isEmpty() || !CHANNELS.containsAll(channels)) {
            problems.add("channels must be a non-empty list of " + CHANNELS + ", got " + channels);
        }
        if (widths.isEmpty() || widths.stream().anyMatch(w -> w == null || w < 1)) {
            problems.add("widths must be a non-empty list of positive integers, got " + widths);
        }
        if (!RES_MLP.equals(type) && (activations.size() != widths.size()
                || !ACTIVATIONS.containsAll(activations))) {
            problems.add("need one activation of " + ACTIVATIONS + " per dense layer, got " + activations);
        }
        if (RES_MLP.equals(type) && widths.stream().distinct().count() > 1) {
            problems.add("res-mlp widths must all be equal, got " + widths);
        }
        if (CNN.equals(type) || RESNET.equals(type)) {
            if (convFilters.isEmpty() || convFilters.stream().anyMatch(f -> f == null || f < 1)) {
                problems.add("cnn needs a non-empty list of positive convFilters, got " + convFilters);
            }
            if (convKernel < 1 || convKernel % 2 == 0) {
                problems.add("convKernel must be odd and >= 1, got " + convKernel);
            }
        }
        if (outputs < 1) {
            problems.add("outputs must be >= 1, got " + outputs);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid architecture: " + String.join("; ", problems));
        }
    }
}
