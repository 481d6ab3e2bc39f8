package org.spinecho.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the command line in-process and captures its exit status, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

    /** As {@code main} runs it (one-line parse errors). */
    static CliRun run(String... args) {
        return run(SpinechoCommand.newCommandLine(), args);
    }

    private static CliRun run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Lines of stderr, without empty trailing ones. */
    String[] errLines() {
        return err.isEmpty() ? new String[0] : err.split("\\R");
    }
}
