package org.spinecho.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs every {@code ./spinecho} command of the README's {@code bash} blocks, in order, in-process on a tiny set:
 * options that make a command small (fewer curves and layouts, a smaller lattice) are appended, paths under
 * {@code target/} are moved into a temporary directory, and {@code models/} means the checkout's shipped models.
 * Fails on a non-zero exit status, on shell syntax the test cannot run as written (pipes, redirections,
 * variables, quotes), and on a command that writes anywhere but under {@code target/} (ignored by git) or to
 * the terminal, so that the README's commands leave no untracked files in a fresh clone.
 */
class ReadmeCommandsTest {

    /** The checkout (Maven gives the module directory as basedir). */
    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();

    /** Options that write files. */
    private static final Set<String> OUTPUT_OPTIONS = Set.of("--out", "--json", "--plot", "--record", "--report",
            "--predictions");

    /** Appended to each command (picocli keeps the last value of a repeated option). */
    private static final Map<String, List<String>> TINY = Map.of(
            "simulate", List.of("--lattice", "8x8"),
            "generate", List.of("--count", "8", "--lattice", "8x8", "--threads", "2"),
            "fit", List.of("--layouts", "4", "--lattice", "8x8", "--threads", "2"),
            "bound", List.of("--layouts", "24", "--ntau", "20", "--bin", "10", "--lattice", "8x8", "--threads", "2"),
            "demo", List.of("--count", "10", "--lattice", "8x8", "--threads", "2"),
            "bench", List.of("--quick", "--no-direct", "--curves", "1", "--batch-curves", "2", "--threads", "2"));

    @TempDir
    Path dir;

    @Test
    void everyReadmeCommandRunsOnATinySet() throws IOException {
        List<List<String>> commands = readmeCommands(Files.readString(ROOT.resolve("README.md")));
        assertTrue(commands.size() >= 5, "the README shows its commands in ```bash blocks: " + commands);
        String previousHome = System.getProperty("spinecho.home");
        System.setProperty("spinecho.home", ROOT.toString());
        try {
            for (List<String> command : commands) {
                run(command);
            }
        } finally {
            if (previousHome == null) {
                System.clearProperty("spinecho.home");
            } else {
                System.setProperty("spinecho.home", previousHome);
            }
        }
    }

    private void run(List<String> command) throws IOException {
        String shown = "./spinecho " + String.join(" ", command);
        String name = command.get(0);
        List<String> args = new ArrayList<>();
        boolean writesToDefault = name.equals("demo");
        for (int i = 0; i < command.size(); i++) {
            String token = command.get(i);
            for (char c : new char[] {'>', '<', '|', '$', '\'', '"', '`', ';', '&', '*'}) {
                assertTrue(token.indexOf(c) < 0, "README command with shell syntax the test cannot run: " + shown);
            }
            if (i > 0 && OUTPUT_OPTIONS.contains(command.get(i - 1))) {
                assertTrue(token.startsWith("target/"),
                        command.get(i - 1) + " " + token + " must write under target/ (ignored by git): " + shown);
                writesToDefault = false;
            }
            if (token.startsWith("target/")) {
                args.add(dir.resolve(token).toString());
            } else if (token.startsWith("models/")) {
                args.add(ROOT.resolve(token).toString());
            } else {
                args.add(token);
            }
        }
        if (writesToDefault) {
            // demo without --out writes demo-report/, which git must ignore
            assertTrue(Files.readAllLines(ROOT.resolve(".gitignore")).contains("/demo-report/"),
                    "demo-report/ is not ignored by git: " + shown);
            args.addAll(List.of("--out", dir.resolve("demo-report").toString()));
        }
        args.addAll(TINY.getOrDefault(name, List.of()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = SpinechoCommand.newCommandLine();
        cl.setOverwrittenOptionsAllowed(true);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        long t0 = System.nanoTime();
        int code = cl.execute(args.toArray(String[]::new));
        System.out.printf(java.util.Locale.ROOT, "README command (tiny): %s  [exit %d, %.1f s]%n", shown, code,
                (System.nanoTime() - t0) / 1e9);
        assertEquals(0, code, shown + "\nexit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err);
        assertFalse(out.toString().isBlank() && !writesAFile(command),
                "a README command should show something: " + shown);
    }

    private static boolean writesAFile(List<String> command) {
        return command.stream().anyMatch(OUTPUT_OPTIONS::contains) || command.get(0).equals("demo");
    }

    /**
     * The {@code ./spinecho} commands of the {@code bash} blocks, without the program name: continuation lines
     * joined, comments dropped, other commands (mvn) skipped.
     */
    static List<List<String>> readmeCommands(String readme) {
        List<List<String>> commands = new ArrayList<>();
        boolean inBash = false;
        StringBuilder pending = null;
        for (String line : readme.split("\\R")) {
            if (!inBash) {
                inBash = line.strip().equals("```bash");
                continue;
            }
            if (line.strip().equals("```")) {
                if (pending != null) {
                    fail("a ```bash block ends in a continued line: " + pending);
                }
                inBash = false;
                continue;
            }
            int hash = line.indexOf(" #");
            String code = hash >= 0 ? line.substring(0, hash) : line.startsWith("#") ? "" : line;
            code = code.strip();
            boolean continued = code.endsWith("\\");
            if (continued) {
                code = code.substring(0, code.length() - 1).strip();
            }
            if (pending == null) {
                if (code.isEmpty()) {
                    continue;
                }
                pending = new StringBuilder(code);
            } else {
                pending.append(' ').append(code);
            }
            if (!continued) {
                List<String> tokens = Arrays.asList(pending.toString().split("\\s+"));
                pending = null;
                if (tokens.get(0).equals("./spinecho")) {
                    commands.add(tokens.subList(1, tokens.size()));
                } else if (!tokens.get(0).equals("mvn")) {
                    fail("README bash blocks may show ./spinecho and mvn commands only, not: " + tokens);
                }
            }
        }
        return commands;
    }

    @Test
    void readerJoinsContinuationsAndDropsComments() {
        String md = "text\n```bash\n./spinecho a --x 1 \\\n    --y 2   # note\n# comment\nmvn -B verify\n```\n"
                + "```\n./spinecho not-bash\n```\n";
        assertEquals(List.of(List.of("a", "--x", "1", "--y", "2")), readmeCommands(md));
    }
}
