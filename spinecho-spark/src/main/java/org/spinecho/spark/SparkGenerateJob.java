package org.spinecho.spark;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.spinecho.data.GenerationConflictException;
import org.spinecho.data.GenerationOptions;
import org.spinecho.data.GenerationSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spinecho spark-generate}, and the main class for {@code spark-submit}: generates a data
 * set with {@link SparkGeneration}. Exit status 0 success, 1 failure while running, 2 bad input
 * (one line on stderr).
 */
@Command(name = "spark-generate", mixinStandardHelpOptions = true,
        header = "Generate a data set with Apache Spark: Parquet, and the challenge's text files with --text.",
        description = {
            "Cuts the set into M parts (as generate --shard K/M does), computes each part in a Spark task and "
                    + "writes it as DIR/<kernel>_<split>_parquet/part-0000K-of-0000M.parquet (one row per curve: "
                    + "index, alpha, xi, d, re[], im[]). The curves do not depend on M or on the executors.",
            "Rerunning the same command after a failure or a kill skips the finished parts; a retried task "
                    + "never duplicates curves. --text also writes the challenge's files into DIR, byte-identical "
                    + "to 'spinecho generate' with the same options.",
            "DIR must be on a file system every executor sees. On a cluster run this class with spark-submit "
                    + "and leave out --master (docs/cluster.md)."})
public final class SparkGenerateJob implements Callable<Integer> {

    @Spec
    CommandSpec commandSpec;

    @Mixin
    GenerationOptions options;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master, e.g. 'local[2]'. Default: the one spark-submit gives, else local[*].")
    String master;

    @Option(names = "--partitions", paramLabel = "M",
            description = "Number of parts (Spark tasks). Default: as the unfinished job in DIR, else about 1000 "
                    + "curves a part and at least 4 per core.")
    Integer partitions;

    @Option(names = "--text", description = "Also write the challenge's text files into DIR.")
    boolean text;

    /** Entry point of spark-submit and of the launcher. */
    public static void main(String[] args) {
        int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(code);
    }

    /** Runs the command line with these streams; returns the exit status. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new SparkGenerateJob());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("spark-generate: " + ex.getMessage());
            err.println("Try 'spinecho spark-generate --help' for more information.");
            err.flush();
            return 2;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        PrintWriter err = commandSpec.commandLine().getErr();
        SparkGeneration job;
        GenerationSpec spec;
        try {
            spec = options.toSpec();
            job = new SparkGeneration(spec, options.out(), partitions).text(text);
        } catch (IllegalArgumentException e) {
            return fail(err, 2, e.getMessage());
        }
        SparkSession spark;
        boolean ours = SparkSession.getActiveSession().isEmpty();
        try {
            spark = SparkSessions.session(master, "spinecho spark-generate");
        } catch (RuntimeException e) {
            return fail(err, 1, "cannot start Spark: " + e);
        }
        try {
            SparkGeneration.Outcome o = job.run(spark);
            err.println(String.format(Locale.ROOT,
                    "spark-generate: %d parts of %d curves: %d computed now (%d curves, %.1f task-seconds, %.3f s "
                            + "a curve), %d already finished; %s",
                    o.partitions(), spec.count(), o.computed(), o.curves(), o.taskSeconds(),
                    o.curves() > 0 ? o.taskSeconds() / o.curves() : 0.0, o.skipped(),
                    o.complete() ? "Parquet in " + o.parquetDir()
                            + (o.textFiles() != null ? ", text files in " + options.out() : "")
                            : "not complete yet"));
            err.flush();
            return 0;
        } catch (GenerationConflictException | IllegalArgumentException e) {
            return fail(err, 2, e.getMessage());
        } catch (Exception e) {
            return fail(err, 1, "failed: " + e);
        } finally {
            if (ours) {
                spark.stop();
            }
        }
    }

    private static int fail(PrintWriter err, int code, String message) {
        err.println("spark-generate: " + message);
        err.flush();
        return code;
    }
}
