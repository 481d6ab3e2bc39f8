package org.spinecho.app;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** Small helpers shared by the commands. */
final class Cli {
    private Cli() {
    }

    /** Prints "COMMAND: message" as one line and returns {@code code}. */
    static int fail(PrintWriter err, String command, int code, String message) {
        err.println(command + ": " + oneLine(message));
        err.flush();
        return code;
    }

    /**
     * A message as one printable line: line breaks become spaces, and other control characters
     * (which a data file can carry into a message, e.g. a terminal escape) are shown escaped as
     * {@code \\u001b}.
     */
    static String oneLine(String message) {
        String flat = (message == null ? "(no message)" : message).strip().replaceAll("\\s*\\R\\s*", " ");
        StringBuilder sb = new StringBuilder(flat.length());
        for (int i = 0; i < flat.length(); i++) {
            char c = flat.charAt(i);
            if (Character.isISOControl(c) && c != '\t' || c == '\u2028' || c == '\u2029') {
                sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Runs a library call that checks an option's value; its IllegalArgumentException names the option. */
    static <T> T option(String name, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException e) {
            throw new UsageError(name + ": " + e.getMessage());
        }
    }

    /** The command as typed: "spinecho train --kernel gauss ...", for manifests. */
    static String commandLine(CommandSpec spec) {
        List<String> args = spec.commandLine().getParseResult() == null ? List.of()
                : spec.commandLine().getParseResult().originalArgs();
        StringBuilder sb = new StringBuilder("spinecho");
        for (String a : args) {
            sb.append(' ').append(a.matches("[A-Za-z0-9_./:=@%+,-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }
}
