package org.spinecho.ml;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.spinecho.data.AtomicFiles;

/**
 * Everything a training run needs to continue after its last finished epoch as if it had never
 * stopped: the weights (with the batch-norm statistics), the optimiser's update count and moments,
 * the two random streams of the loop (shuffling, noise augmentation), the best epoch's weights and
 * loss, and the wall time spent so far. Written atomically to {@value #FILE} in the checkpoint
 * directory after every epoch; {@code fingerprint} (a SHA-256 over the training settings and
 * data) makes a resume refuse a checkpoint of another run.
 *
 * @param fingerprint  identifies the run (settings and data)
 * @param epochsDone   epochs finished
 * @param stopped      whether early stopping ended the run after {@code epochsDone}
 * @param weights      the values of the block's parameters (batch-norm statistics included), in its
 *                     order, after {@code epochsDone}
 * @param updates      optimiser updates made
 * @param moments      per parameter of the block, in its order: {first moment, second moment}, or
 *                     null before its first update
 * @param shuffle      the shuffling stream's state
 * @param noise        the noise-augmentation stream's state
 * @param best         the weights of the best epoch so far
 * @param bestVal      its validation loss
 * @param bestEpoch    its epoch
 * @param wallNanos    wall time spent in the run so far
 */
record TrainingCheckpoint(String fingerprint, int epochsDone, boolean stopped, List<float[]> weights, int updates,
                          List<float[][]> moments, Random shuffle, Random noise, byte[] best, double bestVal,
                          int bestEpoch, long wallNanos) {

    /** File name inside the checkpoint directory. */
    static final String FILE = "checkpoint.bin";
    private static final String MAGIC = "spinecho-training-checkpoint";
    private static final int VERSION = 1;

    /** Writes the checkpoint atomically (a kill leaves the previous one or this one, never a torn file). */
    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(fingerprint);
            out.writeInt(epochsDone);
            out.writeBoolean(stopped);
            out.writeInt(weights.size());
            for (float[] w : weights) {
                writeFloats(out, w);
            }
            out.writeInt(updates);
            out.writeInt(moments.size());
            for (float[][] m : moments) {
                out.writeBoolean(m != null);
                if (m != null) {
                    writeFloats(out, m[0]);
                    writeFloats(out, m[1]);
                }
            }
            writeBytes(out, serialise(shuffle));
            writeBytes(out, serialise(noise));
            writeBytes(out, best);
            out.writeDouble(bestVal);
            out.writeInt(bestEpoch);
            out.writeLong(wallNanos);
        }
        AtomicFiles.write(dir.resolve(FILE), bytes.toByteArray());
    }

    /** The checkpoint in {@code dir}, or null when there is none. */
    static TrainingCheckpoint read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            if (!MAGIC.equals(in.readUTF()) || in.readInt() != VERSION) {
                throw new IOException(file + ": not a training checkpoint of this version");
            }
            String fingerprint = in.readUTF();
            int epochsDone = in.readInt();
            boolean stopped = in.readBoolean();
            int count = in.readInt();
            if (count < 0 || count > in.available()) {
                throw new IOException(file + ": corrupt training checkpoint (" + count + " parameters)");
            }
            List<float[]> weights = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                weights.add(readFloats(in));
            }
            int updates = in.readInt();
            int n = in.readInt();
            List<float[][]> moments = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                moments.add(in.readBoolean() ? new float[][] {readFloats(in), readFloats(in)} : null);
            }
            Random shuffle = deserialise(readBytes(in));
            Random noise = deserialise(readBytes(in));
            byte[] best = readBytes(in);
            double bestVal = in.readDouble();
            int bestEpoch = in.readInt();
            long wall = in.readLong();
            if (in.read() != -1) {
                throw new IOException(file + ": trailing bytes after the checkpoint");
            }
            return new TrainingCheckpoint(fingerprint, epochsDone, stopped, weights, updates, moments, shuffle,
                    noise, best, bestVal, bestEpoch, wall);
        } catch (java.io.EOFException e) {
            throw new IOException(file + ": truncated training checkpoint", e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("corrupt training checkpoint (a block of " + n + " bytes)");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    private static void writeFloats(DataOutputStream out, float[] v) throws IOException {
        out.writeInt(v.length);
        for (float f : v) {
            out.writeFloat(f);
        }
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || 4L * n > in.available()) {
            throw new IOException("corrupt training checkpoint (" + n + " floats)");
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = in.readFloat();
        }
        return v;
    }

    private static byte[] serialise(Random r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Random deserialise(byte[] b) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b)) {
            @Override
            protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                if (!Random.class.getName().equals(desc.getName())) {
                    throw new IOException("unexpected class in a training checkpoint: " + desc.getName());
                }
                return super.resolveClass(desc);
            }
        }) {
            return (Random) in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException(e);
        }
    }
}
