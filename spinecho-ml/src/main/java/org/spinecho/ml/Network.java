package org.spinecho.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.nio.FloatBuffer;
import java.util.Objects;
import java.util.stream.IntStream;
import org.spinecho.data.Sha256;

/**
 * One trained network: architecture, normalisation, weights (DJL's format), manifest and
 * optionally an uncertainty calibration. Immutable; the native memory is loaded on first use and
 * released by {@link #close}. {@link #predict} is serialised per network (the batches of one call
 * run in parallel).
 */
public final class Network implements Estimator {
    private static final int PREDICT_BATCH = 1024;

    private final ArchitectureSpec architecture;
    private final Normalisation normalisation;
    private final byte[] params;
    private final Manifest manifest;
    private final UncertaintyCalibration calibration;

    private NDManager manager;
    private Block block;

    Network(ArchitectureSpec architecture, Normalisation normalisation, byte[] params, Manifest manifest) {
        this(architecture, normalisation, params, manifest, null);
    }

    /**
     * A network; the manifest's weights file and SHA-256 are set from {@code params}.
     *
     * @throws IllegalArgumentException if the normalisation does not fit the architecture
     */
    Network(ArchitectureSpec architecture, Normalisation normalisation, byte[] params, Manifest manifest,
            UncertaintyCalibration calibration) {
        this.architecture = Objects.requireNonNull(architecture);
        this.normalisation = Objects.requireNonNull(normalisation);
        this.params = Objects.requireNonNull(params);
        this.manifest = Objects.requireNonNull(manifest).withParams(ModelDirectory.PARAMS_FILE, Sha256.of(params));
        this.calibration = calibration;
        normalisation.validate(architecture.featureCount(), architecture.outputs());
    }

    public ArchitectureSpec architecture() {
        return architecture;
    }

    public Normalisation normalisation() {
        return normalisation;
    }

    @Override
    public Manifest manifest() {
        return manifest;
    }

    @Override
    public UncertaintyCalibration calibration() {
        return calibration;
    }

    @Override
    public int curveLength() {
        return architecture.curveLength();
    }

    @Override
    public int parameterBytes() {
        return params.length;
    }

    @Override
    public String description() {
        return manifest.architecture();
    }

    @Override
    public int memberCount() {
        return 1;
    }

    /** The weights as saved (DJL's parameter format); shared, not to be changed. */
    byte[] params() {
        return params;
    }

    /** A copy recording the kernel of the training data. */
    public Network withKernel(String kernel) {
        return new Network(architecture, normalisation, params, manifest.withKernel(kernel), calibration);
    }

    /** A copy recording a training data file and its SHA-256 (see {@link Sha256#ofFile(java.nio.file.Path)}). */
    public Network withDataFile(String name, String sha256) {
        return new Network(architecture, normalisation, params, manifest.withDataFile(name, sha256), calibration);
    }

    /** A copy recording the exact command that trained it. */
    public Network withCommand(String command) {
        return new Network(architecture, normalisation, params, manifest.withCommand(command), calibration);
    }

    /** A copy recording scores under a name (e.g. "validation", "test"). */
    public Network withMetrics(String name, Scores scores) {
        return new Network(architecture, normalisation, params, manifest.withMetrics(name, scores), calibration);
    }

    /** A copy carrying an uncertainty calibration (null: none). */
    public Network withCalibration(UncertaintyCalibration value) {
        return new Network(architecture, normalisation, params, manifest, value);
    }

    /** A copy with another manifest (same weights). */
    Network withManifest(Manifest value) {
        return new Network(architecture, normalisation, params, value, calibration);
    }

    @Override
    public double[][] predict(double[][] re, double[][] im) {
        if (re.length != im.length) {
            throw new IllegalArgumentException("re has " + re.length + " curves but im has " + im.length);
        }
        int n = re.length;
        int len = architecture.curveLength();
        for (int i = 0; i < n; i++) {
            if (re[i].length != len || im[i].length != len) {
                throw new IllegalArgumentException("curve " + i + " has " + re[i].length + " samples (re) and "
                        + im[i].length + " (im), but this model expects curves of " + len
                        + " samples (3·ntau with ntau = " + (len % 3 == 0 ? len / 3 : "?") + ")");
            }
        }
        int f = architecture.featureCount();
        int outputs = architecture.outputs();
        double[][] out = new double[n][outputs];
        synchronized (this) {
            load();
            // batches of PREDICT_BATCH curves run in parallel, each on one PyTorch thread with its
            // own parameter store and native memory; a curve's batch does not depend on the threads
            int batches = (n + PREDICT_BATCH - 1) / PREDICT_BATCH;
            IntStream.range(0, batches).parallel().forEach(b -> {
                int from = b * PREDICT_BATCH;
                int m = Math.min(PREDICT_BATCH, n - from);
                float[] x = new float[m * f];
                for (int r = 0; r < m; r++) {
                    architecture.features(re[from + r], im[from + r], x, r * f);
                }
                normalisation.normaliseInPlace(x, 0, m);
                try (NDManager bm = manager.newSubManager()) {
                    NDArray xa = bm.create(FloatBuffer.wrap(x, 0, m * f), architecture.inputShape(m));
                    ParameterStore ps = new ParameterStore(bm, false);
                    float[] y = block.forward(ps, new NDList(xa), false).singletonOrThrow().toFloatArray();
                    for (int r = 0; r < m; r++) {
                        for (int k = 0; k < outputs; k++) {
                            out[from + r][k] = normalisation.unscaleTarget(k, y[r * outputs + k]);
                        }
                    }
                }
            });
        }
        return out;
    }

    /**
     * Loads the weights into the architecture's block (once).
     *
     * @throws ModelFormatException if the weights do not fit the architecture
     */
    synchronized void load() {
        if (block != null) {
            return;
        }
        MlEngine.init();
        NDManager m = NDManager.newBaseManager();
        try {
            Block b = architecture.buildBlock();
            b.initialize(m, DataType.FLOAT32, architecture.inputShape(1));
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(params))) {
                b.loadParameters(m, in);
                if (in.read() != -1) {
                    throw new ModelFormatException("the weights file has trailing data after the last parameter");
                }
            }
            manager = m;
            block = b;
        } catch (ModelFormatException e) {
            m.close();
            throw e;
        } catch (Exception e) {
            m.close();
            throw new ModelFormatException("the weights do not fit the architecture " + architecture.type()
                    + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    @Override
    public synchronized void close() {
        if (manager != null) {
            manager.close();
            manager = null;
            block = null;
        }
    }
}
