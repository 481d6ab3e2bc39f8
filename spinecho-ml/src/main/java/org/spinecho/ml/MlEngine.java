package org.spinecho.ml;

import ai.djl.engine.Engine;

/**
 * Starts the DJL PyTorch engine with settings that suit a shared CPU machine. Must run before
 * the first use of DJL: PyTorch reads its thread counts once, when the engine starts.
 *
 * <p>Sets, unless already set: {@code ai.djl.pytorch.num_threads=1},
 * {@code ai.djl.pytorch.num_interop_threads=1} (with the default, one thread per core, an epoch
 * ran 20–40× slower whenever another process used a core) and {@code ai.djl.offline=true}
 * (never download anything; the native library comes from the pytorch-native-cpu jar).
 */
public final class MlEngine {
    public static final String NUM_THREADS = "ai.djl.pytorch.num_threads";
    public static final String NUM_INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";
    public static final String OFFLINE = "ai.djl.offline";

    private static volatile Engine engine;

    private MlEngine() {
    }

    /** Starts the engine with one intra-op and one inter-op thread (unless set otherwise). */
    public static Engine init() {
        return init(1);
    }

    /**
     * Starts the engine with {@code threads} intra-op threads unless the system property is
     * already set. Only the first call (of any kind) decides: later calls return the running engine.
     */
    public static synchronized Engine init(int threads) {
        if (engine == null) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
            setIfAbsent(NUM_THREADS, Integer.toString(threads));
            setIfAbsent(NUM_INTEROP_THREADS, "1");
            setIfAbsent(OFFLINE, "true");
            engine = Engine.getEngine("PyTorch");
        }
        return engine;
    }

    /** DJL version, e.g. "0.36.0". */
    public static String djlVersion() {
        return Engine.getDjlVersion();
    }

    /** Version of the native PyTorch library, e.g. "2.7.1". */
    public static String pytorchVersion() {
        return init().getVersion();
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
