package org.spinecho.app;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import org.spinecho.data.AtomicFiles;
import org.spinecho.data.DataFormatException;
import org.spinecho.data.GenerationConflictException;
import org.spinecho.ml.ModelFormatException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
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
            ServeCommand.class})
public final class SpinechoCommand implements Callable<Integer> {

    /** Exit status of a bad command line. */
    public static final int EXIT_USAGE = 2;
    /** Exit status of a failure while running. */
    public static final int EXIT_FAILURE = 1;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: expected one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /**
     * The command line as {@code main} runs it, with the one mapping of errors to exit codes: every
     * error is one line on stderr, "spinecho COMMAND: message". Parse errors (unknown option, missing
     * or unconvertible value) add a hint to use --help; exceptions escaping a command are bad input
     * (exit 2: {@link UsageError}, {@link IllegalArgumentException}, a bad data or model file, a
     * conflicting generation) or a failure while running (exit 1: anything else, e.g. an output
     * that cannot be written).
     */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new SpinechoCommand());
        cl.setParameterExceptionHandler(SpinechoCommand::handleParameterException);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Throwable cause = ex instanceof java.util.concurrent.ExecutionException && ex.getCause() != null
                    ? ex.getCause() : ex;
            if (cause instanceof java.io.UncheckedIOException u) {
                cause = u.getCause();
            }
            boolean badInput = cause instanceof IllegalArgumentException || cause instanceof UsageError
                    || cause instanceof DataFormatException || cause instanceof ModelFormatException
                    || cause instanceof GenerationConflictException;
            String message = cause instanceof java.nio.file.FileSystemException f ? f.getFile() + ": "
                    + AtomicFiles.reason(f) : cause.getMessage() != null ? cause.getMessage() : cause.toString();
            return fail(commandLine, message, badInput ? EXIT_USAGE : EXIT_FAILURE);
        });
        return cl;
    }

    /** Prints "spinecho COMMAND: message" as one line on the command's stderr and returns {@code code}. */
    static int fail(CommandLine commandLine, String message, int code) {
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getCommandSpec().qualifiedName() + ": " + Cli.oneLine(message));
        err.flush();
        return code;
    }

    private static int handleParameterException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        String message = ex.getMessage() == null ? "bad command line" : ex.getMessage();
        if (ex.getCause() instanceof CommandLine.TypeConversionException tce && ex.getArgSpec() instanceof OptionSpec o
                && tce.getMessage().startsWith("must ")) { // a bad value: "--kernel must be one of ..."
            return fail(cl, o.longestName() + " " + tce.getMessage(), EXIT_USAGE);
        }
        return fail(cl, message + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')", EXIT_USAGE);
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }
}
