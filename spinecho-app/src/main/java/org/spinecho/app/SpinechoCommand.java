package org.spinecho.app;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code spinecho} command line: simulate spin-echo curves, benchmark the simulator and (later)
 * generate data sets, train, evaluate and predict.
 *
 * <p>Exit status: 0 success, 1 failure while running (e.g. an output file cannot be written),
 * 2 bad command line (unknown option, missing or out-of-range value). Every error is reported
 * as one line on stderr, starting with the command's name.
 */
@Command(
        name = "spinecho",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Simulate NMR spin-echo curves of interacting nuclear spins (and infer their couplings).",
        description = {
            "The model (mean-field spins on a periodic lattice, Hahn echo) is described in docs/model.md.",
            "Run 'spinecho COMMAND --help' for the options of a command."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:success",
            "1:failure while running (e.g. an output file cannot be written)",
            "2:bad command line (unknown option, missing or out-of-range value)"
        },
        // Subcommands:
        subcommands = {SimulateCommand.class, GenerateCommand.class, TrainCommand.class, EvaluateCommand.class,
            PredictCommand.class, CalibrateCommand.class, EnsembleCommand.class, FitCommand.class, BoundCommand.class, DemoCommand.class, BenchCommand.class,
            AddChecksumsCommand.class, MergeCommand.class, SparkJobCommand.Generate.class, SparkJobCommand.Sweep.class,
            org.spinecho.app.web.ServeCommand.class})
public final class SpinechoCommand implements Callable<Integer> {

    /** Exit status of a bad command line. */
    public static final int EXIT_USAGE = 2;
    /** Exit status of a failure while running. */
    public static final int EXIT_FAILURE = 1;

    static {
        Headless.ensure();
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: expected one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /**
     * The command line as {@code main} runs it: picocli's parse errors (unknown option, missing
     * required option, unparseable number) become one line on stderr plus a hint to use --help,
     * exit status 2; exceptions escaping a command become one line (exit 2 for
     * {@link IllegalArgumentException}, otherwise 1 with the stack trace).
     */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new SpinechoCommand());
        cl.setParameterExceptionHandler(SpinechoCommand::handleParameterException);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            String name = commandLine.getCommandSpec().qualifiedName();
            if (ex instanceof IllegalArgumentException) {
                err.println(name + ": " + ex.getMessage());
                err.flush();
                return EXIT_USAGE;
            }
            err.println(name + ": error: " + ex);
            ex.printStackTrace(err);
            err.flush();
            return EXIT_FAILURE;
        });
        return cl;
    }

    private static int handleParameterException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        String name = cl.getCommandSpec().qualifiedName();
        String message = ex.getMessage() == null ? "bad command line" : ex.getMessage().strip();
        message = message.replaceAll("\\s*\\R\\s*", " "); // keep it on one line
        err.println(name + ": " + message + " (see '" + name + " --help')");
        err.flush();
        return EXIT_USAGE;
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }
}
