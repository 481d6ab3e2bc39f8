package org.spinecho.app;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code spinecho spark-generate} and {@code spinecho spark-sweep}: hand their arguments to the
 * Spark jobs of the spinecho-spark module. The application does not depend on Spark: a job is found
 * by name on the class path, and the launcher runs it directly with Spark's libraries (see
 * docs/cluster.md). Without the module these commands say how to build it (exit 1).
 */
public abstract class SparkJobCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Unmatched
    List<String> args = new ArrayList<>();

    /** The job's main class in the spinecho-spark module. */
    abstract String job();

    /** {@code spinecho spark-generate}. */
    @Command(name = "spark-generate",
            header = "Generate a data set with Apache Spark (Parquet, and the text files with --text).",
            description = {
                "Runs the spinecho-spark job: --master 'local[2]' --preset P --count N --seed S --out DIR "
                        + "[--partitions M] [--text]; 'spinecho spark-generate --help' lists all options.",
                "Needs the spinecho-spark module (built by the launcher on first use); on a cluster run the same "
                        + "job with spark-submit (docs/cluster.md)."})
    public static final class Generate extends SparkJobCommand {
        @Override
        String job() {
            return "org.spinecho.spark.SparkGenerateJob";
        }
    }

    /** {@code spinecho spark-sweep}. */
    @Command(name = "spark-sweep",
            header = "Map bound over prior draws, or evaluate over noise levels, with Apache Spark.",
            description = {
                "Runs the spinecho-spark job: --master 'local[2]' bound --prior P --count N --seed S --out DIR "
                        + "[--partitions M], or evaluate --model M (data) --noise-levels L --out DIR; it writes the "
                        + "JSON of 'bound --json' or 'evaluate --json'. 'spinecho spark-sweep --help' lists the options.",
                "Needs the spinecho-spark module (built by the launcher on first use); on a cluster run the same "
                        + "job with spark-submit (docs/cluster.md)."})
    public static final class Sweep extends SparkJobCommand {
        @Override
        String job() {
            return "org.spinecho.spark.SparkSweepJob";
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String name = spec.name();
        Method execute;
        try {
            execute = Class.forName(job()).getMethod("execute", String[].class, PrintWriter.class, PrintWriter.class);
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
            err.println(name + ": the Spark job (" + job() + ") is not on the class path; run it through the "
                    + "spinecho launcher, which builds spinecho-spark and adds Spark, or build it with "
                    + "'mvn -pl spinecho-spark -am package' (see docs/cluster.md)");
            err.flush();
            return 1;
        }
        try {
            return (Integer) execute.invoke(null, args.toArray(String[]::new), out, err);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        }
    }
}
