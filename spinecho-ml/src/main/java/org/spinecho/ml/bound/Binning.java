package org.spinecho.ml.bound;

import java.util.ArrayList;
import java.util.List;

/**
 * Averages consecutive samples of each block (Re or Im of one curve) in bins of {@code size}: the
 * layout covariance is estimated from a limited number of layouts, and a covariance of D
 * dimensions needs clearly more than D layouts (see {@link LayoutCovariance}). Neighbouring samples
 * of a curve are strongly correlated, so little information is lost. A bin never spans two blocks;
 * the last bin of a block may be shorter.
 */
public final class Binning {
    private final int size;
    private final int rawLength;
    private final int[] start;
    private final int[] count;

    /**
     * @param size       samples per bin (1 = no binning)
     * @param blockSizes the lengths of the consecutive blocks of the raw vector
     */
    public Binning(int size, int[] blockSizes) {
        if (size < 1) {
            throw new IllegalArgumentException("bin size must be >= 1, got " + size);
        }
        this.size = size;
        List<int[]> bins = new ArrayList<>();
        int offset = 0;
        for (int block : blockSizes) {
            for (int b = 0; b < block; b += size) {
                bins.add(new int[] {offset + b, Math.min(size, block - b)});
            }
            offset += block;
        }
        this.rawLength = offset;
        this.start = new int[bins.size()];
        this.count = new int[bins.size()];
        for (int j = 0; j < bins.size(); j++) {
            start[j] = bins.get(j)[0];
            count[j] = bins.get(j)[1];
        }
    }

    /** Binning of an experiment's raw vector (Re and Im of every curve are separate blocks). */
    public static Binning of(Experiment experiment, int size) {
        int[] blocks = new int[2 * experiment.curves()];
        for (int j = 0; j < experiment.curves(); j++) {
            blocks[2 * j] = experiment.sequences().get(j).samples();
            blocks[2 * j + 1] = blocks[2 * j];
        }
        return new Binning(size, blocks);
    }

    /**
     * The smallest bin size, at least {@code minimum}, that leaves at most (K − 1)/4 dimensions for
     * K layouts: the inverse sample covariance is then biased by at most a factor 4/3 before
     * correction (see {@link LayoutCovariance#hartlapFactor}).
     */
    public static Binning auto(Experiment experiment, int layouts, int minimum) {
        for (int size = Math.max(1, minimum); ; size++) {
            Binning b = of(experiment, size);
            if (b.dimension() <= (layouts - 1) / 4 || size >= experiment.rawLength()) {
                return b;
            }
        }
    }

    /** Samples per bin. */
    public int size() {
        return size;
    }

    /** Number of bins D. */
    public int dimension() {
        return start.length;
    }

    /** Length of the raw vectors this binning reads. */
    public int rawLength() {
        return rawLength;
    }

    /** Number of raw samples in bin {@code j}: white noise of variance σ² becomes σ²/count. */
    public int count(int j) {
        return count[j];
    }

    /** The binned vector: the mean of each bin's samples. */
    public double[] apply(double[] raw) {
        if (raw.length != rawLength) {
            throw new IllegalArgumentException("expected " + rawLength + " values, got " + raw.length);
        }
        double[] out = new double[start.length];
        for (int j = 0; j < start.length; j++) {
            double s = 0;
            for (int i = start[j]; i < start[j] + count[j]; i++) {
                s += raw[i];
            }
            out[j] = s / count[j];
        }
        return out;
    }
}
