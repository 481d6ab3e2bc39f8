package org.spinecho.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The checks every command makes before it writes, so that no output destroys a user's file:
 * <ul>
 *   <li>an output file must not be a directory, must not be (by its real path, also through a
 *   symbolic or hard link) any input of the command, must not lie inside a protected directory
 *   (the model directory), and two outputs must differ ({@link #checkFiles});</li>
 *   <li>an output directory (a report) is written only into a new directory or over a previous
 *   report of ours, which carries a marker file and nothing else but what a report holds
 *   ({@link #writeReportDirectory}).</li>
 * </ul>
 * Violations throw {@link RefusedException} naming the option and the path.
 */
public final class OutputGuard {
    /** The marker file in every report directory we write. */
    public static final String REPORT_MARKER = ".spinecho-report";

    /** Temporary directories being filled, deleted if the process is stopped (Ctrl-C). */
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path p : PENDING) {
                try {
                    deleteTree(p);
                } catch (IOException | RuntimeException e) {
                    // best effort while the process ends
                }
            }
        }, "spinecho-cleanup"));
    }

    private OutputGuard() {
    }

    /** A path given on the command line, with its option (e.g. "--out"). */
    public record Named(String option, Path path) {
        public Named {
            Objects.requireNonNull(option, "option");
        }
    }

    /** The named paths whose path is not null. */
    public static List<Named> given(Named... named) {
        List<Named> list = new ArrayList<>();
        for (Named n : named) {
            if (n.path() != null) {
                list.add(n);
            }
        }
        return list;
    }

    /**
     * Refuses output files that are directories, that are one of the inputs, that lie inside a
     * protected directory, or that name the same file twice.
     *
     * @param outputs   output files (null paths are skipped)
     * @param inputs    input files and directories (null paths are skipped)
     * @param protect   directories nothing may be written into, e.g. the model directory
     */
    public static void checkFiles(Collection<Named> outputs, Collection<Named> inputs, Collection<Named> protect) {
        List<Named> seen = new ArrayList<>();
        for (Named out : outputs) {
            if (out.path() == null) {
                continue;
            }
            Path path = out.path();
            if (Files.isDirectory(path)) {
                throw new RefusedException(out.option() + " must name a file, but " + path + " is a directory");
            }
            Path real = realPath(path);
            for (Named in : inputs) {
                if (in.path() != null && same(real, in.path())) {
                    throw new RefusedException(out.option() + " " + path + " is the input " + in.option() + " "
                            + in.path() + ": refusing to write over an input");
                }
            }
            for (Named dir : protect) {
                if (dir.path() != null && real.startsWith(realPath(dir.path()))) {
                    throw new RefusedException(out.option() + " " + path + " is inside " + dir.option() + " "
                            + dir.path() + ": refusing to write into it");
                }
            }
            for (Named other : seen) {
                if (same(real, other.path())) {
                    throw new RefusedException(out.option() + " and " + other.option() + " name the same file "
                            + path);
                }
            }
            seen.add(out);
        }
    }

    /**
     * Refuses an output directory (a model directory to write) that is, holds or lies inside one
     * of the inputs (by real path, so also through symbolic links).
     */
    public static void checkDirectory(String option, Path out, Collection<Named> inputs) {
        Path real = realPath(out);
        for (Named in : inputs) {
            if (in.path() == null) {
                continue;
            }
            Path input = realPath(in.path());
            if (input.startsWith(real) || real.startsWith(input)) {
                throw new RefusedException(option + " " + out + (input.equals(real) ? " is " : input.startsWith(real)
                        ? " holds " : " is inside ") + "the input " + in.option() + " " + in.path()
                        + ": write it elsewhere");
            }
        }
    }

    /** Whether {@code real} (a real path) and {@code other} are the same file. */
    private static boolean same(Path real, Path other) {
        if (real.equals(realPath(other))) {
            return true;
        }
        try {
            return Files.exists(real) && Files.exists(other) && Files.isSameFile(real, other); // hard links
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The real path of {@code path}: symbolic links resolved, also for a file that does not exist
     * yet (its nearest existing ancestor is resolved and the rest appended).
     */
    public static Path realPath(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        try {
            return abs.toRealPath();
        } catch (IOException e) {
            Path parent = abs.getParent();
            return parent == null ? abs : realPath(parent).resolve(abs.getFileName().toString());
        }
    }

    /** Writes the files of a directory. */
    @FunctionalInterface
    public interface DirectoryContent {
        void writeInto(Path dir) throws IOException;
    }

    /**
     * Writes a report directory: refuses (see {@link #checkReportDirectory}) unless {@code target}
     * is new or a previous report; fills a hidden sibling directory (created with the user's
     * umask, deleted if the process is stopped), adds the marker file and renames it into place,
     * replacing the previous report.
     */
    public static void writeReportDirectory(String option, Path target, Collection<Named> protect,
                                            DirectoryContent content) throws IOException {
        checkReportDirectory(option, target, protect);
        Path abs = target.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        Files.createDirectories(parent);
        Path tmp = newHiddenDirectory(parent, abs.getFileName() + ".rep");
        PENDING.add(tmp);
        try {
            content.writeInto(tmp);
            Files.writeString(tmp.resolve(REPORT_MARKER), "spinecho report: this directory is replaced "
                    + "whole when the report is written again\n");
            checkReportDirectory(option, target, protect); // nothing else appeared meanwhile
            if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
                Path old = newHiddenDirectory(parent, abs.getFileName() + ".old");
                Files.delete(old);
                AtomicFiles.move(abs, old);
                PENDING.add(old);
                AtomicFiles.move(tmp, abs);
                deleteTree(old);
                PENDING.remove(old);
            } else {
                AtomicFiles.move(tmp, abs);
            }
            AtomicFiles.syncDirectory(parent);
        } finally {
            if (Files.exists(tmp, LinkOption.NOFOLLOW_LINKS)) {
                deleteTree(tmp);
            }
            PENDING.remove(tmp);
        }
    }

    /**
     * Refuses a report directory that exists but is not a previous report of ours: a file, a
     * symbolic link, a directory without the marker file or holding anything a report does not
     * hold (only the marker, index.html and PNG images), or one inside a protected directory.
     */
    public static void checkReportDirectory(String option, Path target, Collection<Named> protect) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        if (abs.getParent() == null) {
            throw new RefusedException(option + " " + target + " is the root directory");
        }
        Path real = realPath(abs);
        for (Named dir : protect) {
            if (dir.path() != null) {
                Path p = realPath(dir.path());
                if (real.startsWith(p) || p.startsWith(real)) {
                    throw new RefusedException(option + " " + target + " would replace or hold " + dir.option() + " "
                            + dir.path() + ": use a new directory");
                }
            }
        }
        if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isSymbolicLink(abs)) {
            throw new RefusedException(option + " " + target + " is a symbolic link: give a new directory");
        }
        if (!Files.isDirectory(abs)) {
            throw new RefusedException(option + " " + target + " is a file, not a report directory: give a new "
                    + "directory");
        }
        if (!Files.isRegularFile(abs.resolve(REPORT_MARKER), LinkOption.NOFOLLOW_LINKS)) {
            throw new RefusedException(option + " " + target + " exists and is not a spinecho report (no "
                    + REPORT_MARKER + "): refusing to replace it; give a new directory");
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(abs)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                boolean ours = Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                        && (name.equals(REPORT_MARKER) || name.equals("index.html") || name.endsWith(".png"));
                if (!ours) {
                    throw new RefusedException(option + " " + target + " holds " + name
                            + ", which is not part of a report: refusing to replace it; move it away or give a new "
                            + "directory");
                }
            }
        }
    }

    /** A new hidden directory {@code .<stem>-<random>} in {@code parent}, with the default permissions (umask). */
    static Path newHiddenDirectory(Path parent, String stem) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path p = parent.resolve("." + stem + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16));
            try {
                return Files.createDirectory(p);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /** Deletes a directory tree (symbolic links themselves, not their targets). */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
