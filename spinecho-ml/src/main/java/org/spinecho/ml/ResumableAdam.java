package org.spinecho.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.util.HashMap;
import java.util.Map;

/**
 * Adam, or AdamW with decoupled weight decay, whose state can be read and restored, so that a
 * training run can resume from a checkpoint. Each update is DJL's own (the same fused
 * {@code adamUpdate} call with the same arguments as DJL's {@code Adam} and {@code AdamW}, β₁ 0.9,
 * β₂ 0.999, ε 1e-8), so a run gives the same bits as with DJL's optimisers; DJL's keep their
 * moments private, which is why this class exists.
 *
 * <p>State: the update count (the optimiser's step, which drives the bias correction and the
 * learning-rate schedule) and, per parameter, the first and second moments. Parameters are keyed
 * by DJL's parameter ids, which are new in every process; {@link Trainer} maps them to the
 * parameters' positions in the block for its checkpoints.
 */
final class ResumableAdam extends Optimizer {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final ParameterTracker learningRate;
    private final boolean decoupled;
    private final Map<String, NDArray> means = new HashMap<>();
    private final Map<String, NDArray> variances = new HashMap<>();
    private final Map<String, float[][]> pending;

    /**
     * @param learningRate    the learning-rate schedule (called with the update count)
     * @param weightDecay     decoupled weight decay (AdamW) when {@code decoupled}; else ignored (0)
     * @param decoupled       AdamW (true) or Adam (false)
     * @param updatesDone     updates already made (0 for a fresh run)
     * @param restoredMoments per parameter id, {first moment, second moment} to start from; empty for
     *                        a fresh run
     */
    ResumableAdam(ParameterTracker learningRate, float weightDecay, boolean decoupled, int updatesDone,
                  Map<String, float[][]> restoredMoments) {
        super(new Builder().optWeightDecays(decoupled ? weightDecay : 0f).optBeginNumUpdate(updatesDone));
        this.learningRate = learningRate;
        this.decoupled = decoupled;
        this.pending = new HashMap<>(restoredMoments);
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        // the same arithmetic, in the same order and precision, as DJL's Adam/AdamW.update
        int t = updateCount(parameterId);
        double coef1 = 1.0 - Math.pow(BETA1, t);
        double coef2 = 1.0 - Math.pow(BETA2, t);
        float lr = learningRate.getNewValue(parameterId, t);
        float newLr = (float) (lr * Math.sqrt(coef2) / coef1);
        float wd = getWeightDecay();
        if (Float.isNaN(lr) || Float.isNaN(wd) || Float.isInfinite(lr) || Float.isInfinite(wd)) {
            throw new IllegalArgumentException("learning rate or weight decay is nan or infinite");
        }
        NDArray mean = means.computeIfAbsent(parameterId, id -> initial(id, weight, 0));
        NDArray variance = variances.computeIfAbsent(parameterId, id -> initial(id, weight, 1));
        NDList inputs = new NDList(weight, grad, mean, variance);
        NDList weights = new NDList(weight);
        weight.getNDArrayInternal().adamUpdate(inputs, weights, lr, newLr, wd, rescaleGrad, clipGrad, BETA1, BETA2,
                EPSILON, true, decoupled);
    }

    private NDArray initial(String id, NDArray weight, int which) {
        float[][] restored = pending.get(id);
        if (restored == null) {
            return weight.zerosLike();
        }
        float[] values = restored[which];
        if (values.length != weight.size()) {
            throw new IllegalStateException("restored optimiser state has " + values.length
                    + " values for a parameter of " + weight.size());
        }
        return weight.getManager().create(values, weight.getShape());
    }

    /** The first and second moments of a parameter, or null before its first update. */
    float[][] moments(String parameterId) {
        NDArray m = means.get(parameterId);
        NDArray v = variances.get(parameterId);
        if (m == null || v == null) {
            float[][] restored = pending.get(parameterId);
            return restored == null ? null : new float[][] {restored[0].clone(), restored[1].clone()};
        }
        return new float[][] {m.toFloatArray(), v.toFloatArray()};
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
