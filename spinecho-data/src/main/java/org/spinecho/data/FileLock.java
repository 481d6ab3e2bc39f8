package org.spinecho.data;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * An exclusive lock held through a lock file ({@link FileChannel#tryLock()}, an operating-system
 * lock: released when the process ends, even by {@code kill -9}). The holder writes who it is
 * (process id, host, start time, purpose) into the file, so that a refused process can say who
 * holds it. The lock file stays after release (deleting it would let two processes lock two
 * different files of the same name); it is a small hidden file.
 *
 * <p>Used by {@code generate} (one lock per data set in its output directory) and by the commands
 * that change a model directory in place ({@code evaluate --record}, {@code calibrate}).
 */
public final class FileLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final java.nio.channels.FileLock lock;

    private FileLock(Path file, FileChannel channel, java.nio.channels.FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock now or refuses.
     *
     * @param lockFile the lock file (created if missing; its directory must exist)
     * @param what     what is locked, for the message, e.g. "the data set gauss model in out/"
     * @param purpose  what this process does, written for others to read, e.g. "generate"
     * @throws RefusedException if another process (or another part of this one) holds it
     */
    public static FileLock acquire(Path lockFile, String what, String purpose) throws IOException {
        FileLock l = tryAcquire(lockFile, purpose);
        if (l == null) {
            throw new RefusedException(what + " is in use by " + holder(lockFile)
                    + "; wait for it to finish, or use another output");
        }
        return l;
    }

    /**
     * Takes the lock, waiting for another holder to release it for at most {@code timeoutMillis}.
     *
     * @throws RefusedException if it is still held after that
     */
    public static FileLock await(Path lockFile, String what, String purpose, long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            FileLock l = tryAcquire(lockFile, purpose);
            if (l != null) {
                return l;
            }
            if (System.nanoTime() > deadline) {
                throw new RefusedException(what + " has been in use for " + timeoutMillis / 1000 + " s by "
                        + holder(lockFile) + "; try again when it has finished");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + what, e);
            }
        }
    }

    /** The lock, or null if someone holds it. */
    private static FileLock tryAcquire(Path lockFile, String purpose) throws IOException {
        FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        java.nio.channels.FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) { // held by this process
            l = null;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (l == null) {
            ch.close();
            return null;
        }
        try {
            byte[] who = (describeThisProcess() + " (" + purpose + ")\n").getBytes(StandardCharsets.UTF_8);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(who), 0);
            ch.force(false);
        } catch (IOException e) {
            l.release();
            ch.close();
            throw e;
        }
        return new FileLock(lockFile, ch, l);
    }

    /** Who holds the lock, as its holder wrote it, or "another process". */
    static String holder(Path lockFile) {
        try {
            String text = Files.readString(lockFile, StandardCharsets.UTF_8).strip();
            if (!text.isEmpty() && text.length() < 500 && text.startsWith("process ")) {
                return text;
            }
        } catch (IOException | RuntimeException e) {
            // unreadable: say what we know
        }
        return "another process";
    }

    /** "process 1234 on host h, started 2026-11-28T03:13:03Z". */
    static String describeThisProcess() {
        long pid = ProcessHandle.current().pid();
        Instant start = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime())
                .truncatedTo(ChronoUnit.SECONDS);
        return "process " + pid + " on host " + hostName() + ", started " + start;
    }

    /** The host name without a network look-up (which can hang without DNS). */
    static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            String etc = Files.readString(Path.of("/etc/hostname"), StandardCharsets.UTF_8).strip();
            if (!etc.isEmpty()) {
                return etc;
            }
        } catch (IOException | RuntimeException e) {
            // not on this system
        }
        return "(unknown host)";
    }

    /** The lock file. */
    public Path file() {
        return file;
    }

    /** Releases the lock (the file stays). */
    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }
}
