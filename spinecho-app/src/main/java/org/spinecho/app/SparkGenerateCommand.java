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
 * {@code spinecho spark-generate}: hands its arguments to the Spark job of the spinecho-spark
 * module ({@value #JOB}). The application does not depend on Spark: the job is found by name on
 * the class path, and the launcher runs it directly with Spark's libraries (see docs/cluster.md).
 * Without the module this command says how to build it (exit 1).
 */
@Command(name = "spark-generate",
        header = "Generate a data set with Apache Spark (Parquet, and the text files with --text).",
        description = {
            "Runs the spinecho-spark job: --master 'local[2]' --preset P --count N --seed S --out DIR "
                    + "[--partitions M] [--text]; 'spinecho spark-generate --help' lists all options.",
            "Needs the spinecho-spark module (built by the launcher on first use); on a cluster run the same "
                    + "job with spark-submit (docs/cluster.md)."})
public final class SparkGenerateCommand implements Callable<Integer> {
    /** The job's entry point in the spinecho-spark module. */
    static final String JOB = "org.spinecho.spark.SparkGenerateJob";

    @Spec
    CommandSpec spec;

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Method execute;
        try {
            execute = Class.forName(JOB).getMethod("execute", String[].class, PrintWriter.class, PrintWriter.class);
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
            err.println("spark-generate: the Spark job (" + JOB + ") is not on the class path; run it through the "
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
