package org.spinecho.ml;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains a network on curves given as plain arrays. Build with {@link #builder()}:
 * <pre>
 * Network m = Trainer.builder().optArchitecture("cnn").setEpochs(60).optSeed(1)
 *         .optListener(r -> System.out.println(r)).build().train(re, im, params);
 * </pre>
 * A fraction of the curves (default 0.1, drawn with the seed) is held out for validation; the
 * weights of the epoch with the lowest validation loss are kept. Inputs are normalised per
 * feature and targets standardised with statistics of the training part only. Loss: MSE of the
 * standardised targets. Optimiser: Adam (DJL has no Nadam; seed-mlp, constant rate 1e-3, batch
 * 32, 150 epochs) or AdamW with weight decay 1e-2 (others: rate 2e-3, batch 64, 60 epochs,
 * one-epoch linear warm-up then cosine decay, early stopping after 20 epochs without improvement). Training with the
 * same seed and data is bit-reproducible (on the same machine and thread count).
 */
public final class Trainer {

    /** Learning-rate schedules. */
    public enum Schedule {
        /** The base rate throughout. */
        CONSTANT,
        /** Linear warm-up over the first epoch, then cosine decay to 1 % of the base rate. */
        COSINE
    }

    private final String architectureName;
    private final ArchitectureSpec architecture;
    private final int epochs;
    private final int batchSize;
    private final double learningRate;
    private final Schedule schedule;
    private final int patience;
    private final double valFraction;
    private final int seed;
    private final double weightDecay;
    private final double batchNormMomentum;
    private final TrainingListener listener;
    private final String kernel;
    private final NoiseAugmentation noiseAugmentation;
    private final Path checkpoint;
    private final List<String> channels;
    private final boolean logTargets;

    private Trainer(Builder b) {
        this.architectureName = b.architectureName;
        this.architecture = b.architecture;
        boolean seedMlp = ArchitectureSpec.SEED_MLP.equals(b.architecture != null ? b.architecture.type()
                : b.architectureName);
        this.epochs = b.epochs != null ? b.epochs : seedMlp ? 150 : 60;
        this.batchSize = b.batchSize != null ? b.batchSize : seedMlp ? 32 : 64;
        this.learningRate = b.learningRate != null ? b.learningRate : seedMlp ? 1e-3 : 2e-3;
        this.schedule = b.schedule != null ? b.schedule : seedMlp ? Schedule.CONSTANT : Schedule.COSINE;
        this.patience = b.patience != null ? b.patience : seedMlp ? 0 : 20;
        this.valFraction = b.valFraction;
        this.seed = b.seed;
        this.weightDecay = b.weightDecay != null ? b.weightDecay : seedMlp ? 0 : 1e-2;
        this.batchNormMomentum = b.batchNormMomentum;
        this.listener = b.listener;
        this.kernel = b.kernel;
        this.noiseAugmentation = b.noiseAugmentation;
        this.checkpoint = b.checkpoint;
        this.channels = b.channels;
        this.logTargets = b.logTargets;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int epochs() {
        return epochs;
    }

    public int batchSize() {
        return batchSize;
    }

    public double learningRate() {
        return learningRate;
    }

    public Schedule schedule() {
        return schedule;
    }

    /**
     * Trains on the curves (rows of {@code re}, {@code im}, all of one length) and their
     * parameters (rows α, ξ, d in physical units).
     */
    public Network train(double[][] re, double[][] im, double[][] params) {
        int n = re.length;
        if (im.length != n || params.length != n) {
            throw new IllegalArgumentException("re, im and params must have the same number of rows, got "
                    + n + ", " + im.length + ", " + params.length);
        }
        if (n < 4) {
            throw new IllegalArgumentException("need at least 4 curves to train, got " + n);
        }
        int length = re[0].length;
        ArchitectureSpec spec = architecture != null ? architecture
                : ArchitectureSpec.named(architectureName, length);
        if (channels != null) {
            spec = spec.withChannels(channels);
        }
        int outputs = spec.outputs();
        for (int i = 0; i < n; i++) {
            if (re[i].length != spec.curveLength() || im[i].length != spec.curveLength()) {
                throw new IllegalArgumentException("curve " + i + " has " + re[i].length + " (re) / "
                        + im[i].length + " (im) samples, but the architecture expects " + spec.curveLength());
            }
            if (params[i].length != outputs) {
                throw new IllegalArgumentException("parameter row " + i + " has " + params[i].length
                        + " values, expected " + outputs);
            }
        }
        Instant start = Instant.now();
        long t0 = System.nanoTime();

        // split
        int[] order = permutation(n, new Random(seed));
        int nVal = valFraction <= 0 ? 0 : Math.max(1, (int) Math.round(n * valFraction));
        if (nVal >= n - 1) {
            throw new IllegalArgumentException("validation fraction " + valFraction + " leaves no training curves");
        }
        int[] valRows = java.util.Arrays.copyOfRange(order, 0, nVal);
        int[] trainRows = java.util.Arrays.copyOfRange(order, nVal, n);
        java.util.Arrays.sort(valRows);
        java.util.Arrays.sort(trainRows);

        // features, normalisation
        int f = spec.featureCount();
        float[] x = new float[Math.multiplyExact(n, f)];
        for (int i = 0; i < n; i++) {
            spec.features(re[i], im[i], x, i * f);
        }
        Normalisation norm = Normalisation.fit(x, f, params, trainRows, logTargets ? Normalisation.LOG_TARGETS : null);
        for (int j = 0; j < f; j++) {
            if (spec.unnormalised(j)) { // the noise level channel keeps its own scale
                norm.inputMean()[j] = 0;
                norm.inputStd()[j] = 1;
            }
        }
        norm.normaliseInPlace(x, 0, n);
        float[] y = new float[n * outputs];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < outputs; k++) {
                y[i * outputs + k] = norm.scaleTarget(k, params[i][k]);
            }
        }

        TrainingCheckpoint resume = null;
        String fingerprint = null;
        if (checkpoint != null) {
            fingerprint = fingerprint(spec, re, im, params);
            try {
                resume = TrainingCheckpoint.read(checkpoint);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (resume != null && !resume.fingerprint().equals(fingerprint)) {
                throw new IllegalArgumentException("the checkpoint in " + checkpoint + " belongs to another run "
                        + "(other data or settings); remove it or choose another checkpoint directory");
            }
        }

        Engine engine = MlEngine.init();
        engine.setRandomSeed(seed);
        int batchesPerEpoch = Math.max(1, trainRows.length / batchSize
                + (trainRows.length % batchSize >= 2 ? 1 : 0));
        long totalUpdates = (long) batchesPerEpoch * epochs;
        double[] currentLr = {learningRate};
        Tracker tracker = update -> {
            double lr = rateAt(update, batchesPerEpoch, totalUpdates);
            currentLr[0] = lr;
            return (float) lr;
        };
        if (listener != null) {
            listener.onStart(trainRows.length, nVal, epochs);
        }

        byte[] best = resume != null ? resume.best() : null;
        double bestVal = resume != null ? resume.bestVal() : Double.POSITIVE_INFINITY;
        int bestEpoch = resume != null ? resume.bestEpoch() : 0;
        int epochsRun = resume != null ? resume.epochsDone() : 0;
        long previousNanos = resume != null ? resume.wallNanos() : 0;
        t0 -= previousNanos;
        Block block = spec.buildBlock(batchNormMomentum);
        // the block's parameter ids in its order (ids are new in every process; positions are not)
        List<String> parameterIds = new ArrayList<>();
        for (var p : block.getParameters()) {
            parameterIds.add(p.getValue().getId());
        }
        Map<String, float[][]> moments = new HashMap<>();
        if (resume != null) {
            if (resume.moments().size() != parameterIds.size()) {
                throw new IllegalStateException("the checkpoint has " + resume.moments().size()
                        + " parameters, the network " + parameterIds.size());
            }
            for (int i = 0; i < parameterIds.size(); i++) {
                if (resume.moments().get(i) != null) {
                    moments.put(parameterIds.get(i), resume.moments().get(i));
                }
            }
        }
        ResumableAdam optimizer = new ResumableAdam(tracker, (float) weightDecay, weightDecay > 0,
                resume != null ? resume.updates() : 0, moments);
        try (Model model = Model.newInstance("spinecho", Device.cpu(), engine.getEngineName())) {
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss("mse", 1f))
                    .optOptimizer(optimizer)
                    .optDevices(new Device[] {Device.cpu()});
            try (ai.djl.training.Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(spec.inputShape(batchSize));
                Random shuffle = new Random(seed * 31L + 7);
                Random noise = new Random(seed * 131L + 11);
                if (resume != null) {
                    restore(block, resume.weights());
                    shuffle = resume.shuffle();
                    noise = resume.noise();
                }
                float[] xb = new float[batchSize * f];
                float[] yb = new float[batchSize * outputs];
                boolean stopped = resume != null && resume.stopped();
                for (int epoch = epochsRun + 1; epoch <= epochs && !stopped; epoch++) {
                    if (checkpoint != null) {
                        // dropout draws from the engine's generator, whose state cannot be saved: a
                        // checkpointed run re-seeds it at every epoch, so a resumed epoch draws the same
                        engine.setRandomSeed(epochSeed(seed, epoch));
                    }
                    int[] perm = permutation(trainRows.length, shuffle);
                    double lossSum = 0;
                    int seen = 0;
                    for (int b = 0; b < batchesPerEpoch; b++) {
                        int from = b * batchSize;
                        int m = Math.min(batchSize, trainRows.length - from);
                        for (int r = 0; r < m; r++) {
                            int row = trainRows[perm[from + r]];
                            if (noiseAugmentation != null && noiseAugmentation.pick(noise)) {
                                double sigma = noiseAugmentation.sigma(noise);
                                double[] nre = re[row].clone();
                                double[] nim = im[row].clone();
                                for (int k = 0; k < nre.length; k++) {
                                    nre[k] += sigma * noise.nextGaussian();
                                    nim[k] += sigma * noise.nextGaussian();
                                }
                                spec.features(nre, nim, xb, r * f);
                                norm.normaliseInPlace(xb, r * f, 1);
                            } else {
                                System.arraycopy(x, row * f, xb, r * f, f);
                            }
                            System.arraycopy(y, row * outputs, yb, r * outputs, outputs);
                        }
                        try (NDManager bm = trainer.getManager().newSubManager()) {
                            NDArray xa = bm.create(java.nio.FloatBuffer.wrap(xb, 0, m * f), spec.inputShape(m));
                            NDArray ya = bm.create(java.nio.FloatBuffer.wrap(yb, 0, m * outputs), new Shape(m, outputs));
                            try (GradientCollector gc = trainer.newGradientCollector()) {
                                NDArray pred = trainer.forward(new NDList(xa)).singletonOrThrow();
                                NDArray loss = trainer.getLoss().evaluate(new NDList(ya), new NDList(pred));
                                gc.backward(loss);
                                lossSum += loss.getFloat() * m;
                                seen += m;
                            }
                            trainer.step();
                        }
                    }
                    double trainLoss = lossSum / seen;
                    double valLoss = nVal > 0 ? evaluateLoss(trainer, spec, x, y, valRows, f, outputs) : trainLoss;
                    epochsRun = epoch;
                    if (!Double.isFinite(trainLoss)) {
                        throw new IllegalStateException("training diverged at epoch " + epoch
                                + " (loss " + trainLoss + "); try a lower learning rate");
                    }
                    if (valLoss < bestVal || best == null) {
                        bestVal = valLoss;
                        bestEpoch = epoch;
                        best = snapshot(block);
                    }
                    stopped = patience > 0 && epoch - bestEpoch >= patience;
                    if (checkpoint != null) {
                        List<float[][]> state = new ArrayList<>();
                        for (String id : parameterIds) {
                            state.add(optimizer.moments(id));
                        }
                        try {
                            new TrainingCheckpoint(fingerprint, epoch, stopped, weights(block),
                                    (int) Math.min(Integer.MAX_VALUE, (long) epoch * batchesPerEpoch), state,
                                    shuffle, noise, best, bestVal, bestEpoch, System.nanoTime() - t0)
                                    .write(checkpoint);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                    if (listener != null) {
                        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
                        Duration eta = elapsed.dividedBy(epoch).multipliedBy(epochs - epoch);
                        listener.onEpoch(new TrainingListener.EpochReport(epoch, epochs, trainLoss, valLoss,
                                bestVal, bestEpoch, currentLr[0], elapsed, eta));
                    }
                }
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        Map<String, String> libraries = new LinkedHashMap<>();
        libraries.put("djl", MlEngine.djlVersion());
        libraries.put("pytorch", MlEngine.pytorchVersion());
        libraries.put("java", System.getProperty("java.version"));
        libraries.put("threads", System.getProperty(MlEngine.NUM_THREADS, "default"));
        Manifest manifest = new Manifest(Manifest.FORMAT, Manifest.FORMAT_VERSION, kernel, new LinkedHashMap<>(),
                trainRows.length, nVal, seed, spec.type(), spec.curveLength(),
                new Manifest.TrainingSettings((weightDecay > 0 ? "adamw(weight decay " + weightDecay + ")" : "adam")
                        + (batchNormMomentum != ArchitectureSpec.DEFAULT_BATCH_NORM_MOMENTUM
                                ? ", batch-norm momentum " + batchNormMomentum : ""), epochs, batchSize, learningRate,
                        schedule.name().toLowerCase(java.util.Locale.ROOT), patience, valFraction,
                        (logTargets ? "mse (standardised ln(alpha+0.05), ln(xi), d)" : "mse (standardised targets)")
                                + (noiseAugmentation != null ? ", " + noiseAugmentation.describe() : "")),
                epochsRun, bestEpoch, bestVal, wall, libraries, null, new LinkedHashMap<>(), null, null,
                start.toString(), null);
        Network trained = new Network(spec, norm, best, manifest);
        if (nVal > 0) {
            double[][] vre = new double[nVal][];
            double[][] vim = new double[nVal][];
            double[][] vp = new double[nVal][];
            for (int i = 0; i < nVal; i++) {
                vre[i] = re[valRows[i]];
                vim[i] = im[valRows[i]];
                vp[i] = params[valRows[i]];
            }
            Scores validation;
            try (Network scorer = trained) {
                validation = scorer.evaluate(vre, vim, vp);
            }
            trained = trained.withMetrics("validation", validation);
        }
        return trained;
    }

    /** The engine's seed for one epoch of a checkpointed run. */
    static int epochSeed(int seed, int epoch) {
        return Long.hashCode(seed * 1_000_003L + epoch);
    }

    /** The values of every parameter of the block (batch-norm statistics included), in its order. */
    private static List<float[]> weights(Block block) {
        List<float[]> values = new ArrayList<>();
        for (var p : block.getParameters()) {
            values.add(p.getValue().getArray().toFloatArray());
        }
        return values;
    }

    /**
     * Copies checkpointed values into the block's parameter arrays in place (the trainer holds those
     * arrays: replacing them, as {@code Block.loadParameters} does, would detach them from training).
     */
    private static void restore(Block block, List<float[]> values) {
        int i = 0;
        for (var p : block.getParameters()) {
            NDArray array = p.getValue().getArray();
            float[] v = values.get(i++);
            if (v.length != array.size()) {
                throw new IllegalStateException("the checkpoint's parameter " + p.getKey() + " has " + v.length
                        + " values, the network's " + array.size());
            }
            array.set(java.nio.FloatBuffer.wrap(v));
        }
    }

    /** SHA-256 over the settings that shape the run and the training data. */
    private String fingerprint(ArchitectureSpec spec, double[][] re, double[][] im, double[][] params) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            String settings = spec + "|" + epochs + "|" + batchSize + "|" + learningRate + "|" + schedule + "|"
                    + patience + "|" + valFraction + "|" + seed + "|" + weightDecay + "|" + batchNormMomentum + "|"
                    + (noiseAugmentation == null ? "none" : noiseAugmentation.toString()) + "|" + channels + "|"
                    + logTargets;
            md.update(settings.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8);
            for (double[][] a : List.of(re, im, params)) {
                for (double[] row : a) {
                    for (double v : row) {
                        buf.clear();
                        buf.putDouble(v);
                        md.update(buf.array());
                    }
                }
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private double rateAt(int update, int batchesPerEpoch, long totalUpdates) {
        if (schedule == Schedule.CONSTANT) {
            return learningRate;
        }
        if (update < batchesPerEpoch) {
            return learningRate * (update + 1) / batchesPerEpoch;
        }
        double u = Math.min(1.0, (double) (update - batchesPerEpoch) / Math.max(1, totalUpdates - batchesPerEpoch));
        double floor = 0.01 * learningRate;
        return floor + (learningRate - floor) * 0.5 * (1 + Math.cos(Math.PI * u));
    }

    private static double evaluateLoss(ai.djl.training.Trainer trainer, ArchitectureSpec spec, float[] x, float[] y,
                                       int[] rows, int f, int outputs) {
        int chunk = 512;
        double sum = 0;
        for (int from = 0; from < rows.length; from += chunk) {
            int m = Math.min(chunk, rows.length - from);
            float[] xb = new float[m * f];
            for (int r = 0; r < m; r++) {
                System.arraycopy(x, rows[from + r] * f, xb, r * f, f);
            }
            try (NDManager bm = trainer.getManager().newSubManager()) {
                NDArray pred = trainer.evaluate(new NDList(bm.create(xb, spec.inputShape(m)))).singletonOrThrow();
                float[] p = pred.toFloatArray();
                for (int r = 0; r < m; r++) {
                    int row = rows[from + r];
                    for (int k = 0; k < outputs; k++) {
                        double d = p[r * outputs + k] - y[row * outputs + k];
                        sum += d * d;
                    }
                }
            }
        }
        return sum / ((double) rows.length * outputs);
    }

    static byte[] snapshot(Block block) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                block.saveParameters(out);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] permutation(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Builder with DJL-style setters; unset values get the architecture's defaults. */
    public static final class Builder {
        private String architectureName = ArchitectureSpec.DEFAULT;
        private ArchitectureSpec architecture;
        private Integer epochs;
        private Integer batchSize;
        private Double learningRate;
        private Schedule schedule;
        private Integer patience;
        private double valFraction = 0.1;
        private int seed = 42;
        private Double weightDecay;
        private double batchNormMomentum = ArchitectureSpec.DEFAULT_BATCH_NORM_MOMENTUM;
        private TrainingListener listener;
        private String kernel;
        private NoiseAugmentation noiseAugmentation;
        private Path checkpoint;
        private List<String> channels;
        private boolean logTargets;

        private Builder() {
        }

        /** Architecture by name (seed-mlp, cnn, res-mlp), sized to the training curves. Default cnn. */
        public Builder optArchitecture(String name) {
            ArchitectureSpec.named(name, 1000); // validates the name
            this.architectureName = name;
            this.architecture = null;
            return this;
        }

        /** An explicit architecture (its curve length must match the training curves). */
        public Builder optArchitecture(ArchitectureSpec spec) {
            this.architecture = spec;
            return this;
        }

        /** Epochs to run (seed-mlp: 150; others: 60). */
        public Builder setEpochs(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + value);
            }
            this.epochs = value;
            return this;
        }

        /** Mini-batch size (seed-mlp: 32; others: 64). */
        public Builder optBatchSize(int value) {
            if (value < 2) {
                throw new IllegalArgumentException("batch size must be >= 2, got " + value);
            }
            this.batchSize = value;
            return this;
        }

        /** Base learning rate of Adam (seed-mlp: 1e-3; others: 2e-3). */
        public Builder optLearningRate(double value) {
            if (!(value > 0) || !Double.isFinite(value)) {
                throw new IllegalArgumentException("learning rate must be > 0, got " + value);
            }
            this.learningRate = value;
            return this;
        }

        /** Learning-rate schedule (seed-mlp: constant; others: cosine). */
        public Builder optSchedule(Schedule value) {
            this.schedule = value;
            return this;
        }

        /** Stop after this many epochs without a better validation loss; 0: never (seed-mlp: 0; others: 20). */
        public Builder optPatience(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("patience must be >= 0, got " + value);
            }
            this.patience = value;
            return this;
        }

        /** Fraction of the curves held out for validation (default 0.1). */
        public Builder optValFraction(double value) {
            if (!(value >= 0 && value < 1)) {
                throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + value);
            }
            this.valFraction = value;
            return this;
        }

        /** Seed of initialisation, split and shuffling (default 42). */
        public Builder optSeed(int value) {
            this.seed = value;
            return this;
        }

        /** Decoupled weight decay (AdamW); 0: plain Adam (seed-mlp: 0; others: 1e-2). */
        public Builder optWeightDecay(double value) {
            if (!(value >= 0) || !Double.isFinite(value)) {
                throw new IllegalArgumentException("weight decay must be >= 0, got " + value);
            }
            this.weightDecay = value;
            return this;
        }

        /**
         * Momentum of the batch-normalisation running statistics (default 0.9, DJL's). With noise
         * augmentation a batch's statistics swing with its share of very noisy curves; 0.99
         * averages them over about 100 batches instead of 10.
         */
        public Builder optBatchNormMomentum(double value) {
            if (!(value > 0 && value < 1)) {
                throw new IllegalArgumentException("batch-norm momentum must be in (0, 1), got " + value);
            }
            this.batchNormMomentum = value;
            return this;
        }

        public Builder optListener(TrainingListener value) {
            this.listener = value;
            return this;
        }

        /** Kernel of the training data, recorded in the manifest (gauss, rkky). */
        public Builder optKernel(String value) {
            this.kernel = value;
            return this;
        }

        /**
         * Noise augmentation: half the training curves of each batch get Gaussian noise per
         * component with σ drawn log-uniformly from [max/100, max]; the validation curves that
         * pick the best epoch stay clean. 0: off (default).
         */
        public Builder optNoiseAugmentation(double maxSigma) {
            if (!(maxSigma >= 0) || !Double.isFinite(maxSigma)) {
                throw new IllegalArgumentException("noise augmentation must be a finite number >= 0, got " + maxSigma);
            }
            this.noiseAugmentation = maxSigma > 0 ? NoiseAugmentation.upTo(maxSigma) : null;
            return this;
        }

        /**
         * Checkpoint directory (null: none, the default). After every epoch the run's state is
         * written there atomically; a run with the same data and settings whose directory holds a
         * checkpoint continues after its last epoch and ends with the same weights as a run that was
         * never interrupted. A checkpointed run re-seeds the engine's generator (dropout) at every
         * epoch, so its weights differ from those of a run without a checkpoint directory.
         */
        public Builder optCheckpoint(Path dir) {
            this.checkpoint = dir;
            return this;
        }

        /**
         * Input channels replacing the architecture's (re, im, abs, logabs, sigma; see
         * {@link ArchitectureSpec}); null: the architecture's own.
         */
        public Builder optChannels(List<String> value) {
            this.channels = value == null ? null : List.copyOf(value);
            return this;
        }

        /**
         * Whether the network learns ln(α + 0.05), ln ξ and d (standardised) instead of α, ξ, d; the
         * loss is then the squared error of those (default false).
         */
        public Builder optLogTargets(boolean value) {
            this.logTargets = value;
            return this;
        }

        /** Noise augmentation with all its settings; null: off. */
        public Builder optNoiseAugmentation(NoiseAugmentation value) {
            this.noiseAugmentation = value;
            return this;
        }

        public Trainer build() {
            return new Trainer(this);
        }
    }
}
