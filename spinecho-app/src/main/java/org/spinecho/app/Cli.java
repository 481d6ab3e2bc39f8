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
        err.println(command + ": " + message.strip().replaceAll("\\s*\\R\\s*", " "));
        err.flush();
        return code;
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
