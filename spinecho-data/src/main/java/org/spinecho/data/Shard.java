package org.spinecho.data;

/**
 * Part {@code part} of {@code parts} of a data set: the contiguous range of curve indices
 * {@code [first, end)} with {@code first = ⌊(part−1)·count/parts⌋} and
 * {@code end = ⌊part·count/parts⌋}. The parts of one set cover {@code 0 … count−1} exactly once,
 * in order, and differ in size by at most one curve. Written {@code K/N} ("3/7"), K from 1.
 *
 * @param part  which part, 1 … parts
 * @param parts number of parts (≥ 1)
 */
public record Shard(int part, int parts) {
    public Shard {
        if (parts < 1 || part < 1 || part > parts) {
            throw new IllegalArgumentException("--shard: expected K/N with 1 <= K <= N, got " + part + "/" + parts);
        }
    }

    /**
     * Parses {@code K/N}.
     *
     * @throws IllegalArgumentException starting with "--shard:"
     */
    public static Shard parse(String text) {
        String[] kn = text == null ? new String[0] : text.trim().split("/", -1);
        if (kn.length != 2) {
            throw new IllegalArgumentException("--shard: expected K/N (e.g. 3/7), got '" + text + "'");
        }
        int k;
        int n;
        try {
            k = Integer.parseInt(kn[0].trim());
            n = Integer.parseInt(kn[1].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--shard: expected K/N with whole numbers (e.g. 3/7), got '" + text + "'");
        }
        return new Shard(k, n);
    }

    /** The first curve index of this part in a set of {@code count} curves. */
    public int first(int count) {
        return (int) ((long) (part - 1) * count / parts);
    }

    /** One past the last curve index of this part in a set of {@code count} curves. */
    public int end(int count) {
        return (int) ((long) part * count / parts);
    }

    /** Number of curves of this part in a set of {@code count} curves. */
    public int size(int count) {
        return end(count) - first(count);
    }

    /** Checks that every part of a set of {@code count} curves holds at least one curve. */
    public void checkFits(int count) {
        if (parts > count) {
            throw new IllegalArgumentException("--shard: " + parts + " parts of " + count
                    + " curves would leave parts empty; use N <= --count");
        }
    }

    /** {@code K/N}. */
    @Override
    public String toString() {
        return part + "/" + parts;
    }
}
