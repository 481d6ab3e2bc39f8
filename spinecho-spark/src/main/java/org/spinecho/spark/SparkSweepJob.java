package org.spinecho.spark;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.spinecho.data.DataFormatException;
import org.spinecho.data.GenerationConflictException;
import org.spinecho.data.Preset;
import org.spinecho.ml.ModelFormatException;
import org.spinecho.ml.bound.BoundMapSpec;
import org.spinecho.sim.Lattice;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code spinecho spark-sweep}, and the main class for {@code spark-submit}: maps a computation
 * over many items with {@link SparkSweep}. Subcommands: {@code bound} (the bound over N prior
 * draws) and {@code evaluate} (a model over noise levels). Exit status 0 success, 1 failure while
 * running, 2 bad input (one line on stderr).
 */
@Command(name = "spark-sweep", mixinStandardHelpOptions = true,
        header = "Map a computation over a prior sample or noise levels with Apache Spark.",
        description = {
            "Cuts the items (prior draws, noise levels) into M parts, computes each part in a Spark task and "
                    + "writes its results to DIR/<name>_parts/part-0000K-of-0000M.jsonl; when all parts are done, "
                    + "writes DIR/<name>.json, the file the single-machine command writes (same values; only "
                    + "'command' differs). The result does not depend on M or on the executors.",
            "Rerunning the same command after a failure or a kill skips the finished parts; a retried task "
                    + "never duplicates results. DIR must be on a file system every executor sees. On a cluster "
                    + "run this class with spark-submit and leave out --master (docs/cluster.md)."},
        subcommands = {SparkSweepJob.BoundCommand.class, SparkSweepJob.EvaluateCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success", "1:failure while running", "2:bad command line or a conflicting DIR"})
public final class SparkSweepJob implements Callable<Integer> {

    @Spec
    CommandSpec commandSpec;

    @Option(names = "--master", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Spark master, e.g. 'local[2]'. Default: the one spark-submit gives, else local[*].")
    String master;

    private String[] args = new String[0];

    /** Entry point of spark-submit and of the launcher. */
    public static void main(String[] args) {
        int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(code);
    }

    /** Runs the command line with these streams; returns the exit status. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        SparkSweepJob job = new SparkSweepJob();
        job.args = args.clone();
        CommandLine cl = new CommandLine(job);
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("spark-sweep: " + ex.getMessage());
            err.println("Try 'spinecho spark-sweep --help' for more information.");
            err.flush();
            return 2;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        return fail(commandSpec.commandLine().getErr(), 2, "name what to sweep: bound or evaluate (see 'spinecho spark-sweep "
                + "--help')");
    }

    /** Runs a sweep and reports; the exit status. */
    int run(Sweep sweep, Path out, Integer partitions, PrintWriter err) {
        SparkSweep job;
        try {
            job = new SparkSweep(sweep, out, partitions).command(SparkSessions.commandLine("spark-sweep", args));
        } catch (IllegalArgumentException e) {
            return fail(err, 2, e.getMessage());
        }
        SparkSession spark;
        boolean ours = SparkSession.getActiveSession().isEmpty();
        try {
            spark = SparkSessions.session(master, "spinecho spark-sweep " + sweep.name());
        } catch (RuntimeException e) {
            return fail(err, 1, "cannot start Spark: " + e);
        }
        try {
            SparkSweep.Outcome o = job.run(spark);
            err.println(String.format(Locale.ROOT,
                    "spark-sweep: %s, %d parts of %d items: %d computed now (%d items, %.1f task-seconds, %.1f s an "
                            + "item), %d already finished; %s",
                    sweep.name(), o.partitions(), sweep.items(), o.computed(), o.items(), o.taskSeconds(),
                    o.items() > 0 ? o.taskSeconds() / o.items() : 0.0, o.skipped(),
                    o.complete() ? "wrote " + o.output() : "not complete yet"));
            if (!o.summary().isEmpty()) {
                err.println("spark-sweep: " + o.summary());
            }
            err.flush();
            return 0;
        } catch (GenerationConflictException | IllegalArgumentException e) {
            return fail(err, 2, e.getMessage());
        } catch (Exception e) {
            Throwable input = inputError(e);
            if (input != null) {
                return fail(err, 2, input.getMessage());
            }
            return fail(err, 1, "failed: " + e);
        } finally {
            if (ours) {
                spark.stop();
            }
        }
    }

    /** A bad input found by a task (a model or data file it cannot read), under Spark's wrapping; or null. */
    static Throwable inputError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException || t instanceof ModelFormatException
                    || t instanceof DataFormatException) {
                return t;
            }
        }
        return null;
    }

    static int fail(PrintWriter err, int code, String message) {
        err.println("spark-sweep: " + message);
        err.flush();
        return code;
    }

    /** {@code spark-sweep bound}: the bound over N draws from a prior, as {@code bound --prior P --count N}. */
    @Command(name = "bound", mixinStandardHelpOptions = true, sortOptions = false,
            header = "The bound over N draws from a prior (as 'spinecho bound --prior P --count N --json').",
            description = {
                "Point n is draw n of 'generate --preset P --count N --seed S'; each point simulates K layouts "
                        + "(7*K curves per flip angle). Writes DIR/bound.json, with the values of "
                        + "'spinecho bound --prior P --count N ... --json FILE'.",
                "The method: docs/bound.md."})
    static final class BoundCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ParentCommand
        SparkSweepJob parent;

        @Option(names = {"--prior", "--preset"}, required = true, paramLabel = "gauss|rkky",
                description = "The preset whose prior is sampled (and NMSE measured against).")
        String prior;

        @Option(names = "--count", defaultValue = "8", paramLabel = "N",
                description = "Number of draws. Default: ${DEFAULT-VALUE}.")
        int count;

        @Option(names = "--seed", defaultValue = "9001", paramLabel = "S",
                description = "Seed of the draws. Default: ${DEFAULT-VALUE}.")
        long seed;

        @Option(names = "--noise", paramLabel = "S[,S...]", split = ",", defaultValue = "0",
                description = "White noise sigma per component; one bound per level. Default: ${DEFAULT-VALUE}.")
        double[] noise;

        @Option(names = "--flip-angles", paramLabel = "DEG[,DEG...]", split = ",", defaultValue = "90",
                description = "First-pulse flip angles in degrees, one Hahn echo each on the same sample. "
                        + "Default: ${DEFAULT-VALUE}.")
        double[] flipAngles;

        @Option(names = "--layouts", paramLabel = "K", defaultValue = "400",
                description = "Layouts simulated per point. Default: ${DEFAULT-VALUE}.")
        int layouts;

        @Option(names = "--bin", paramLabel = "B", defaultValue = "0",
                description = "Samples averaged per bin; 0 = the default of 'bound'. Default: ${DEFAULT-VALUE}.")
        int bin;

        @Option(names = "--lattice", paramLabel = "L1xL2", defaultValue = "50x50",
                description = "Lattice. Default: ${DEFAULT-VALUE}.")
        String lattice;

        @Option(names = "--ntau", paramLabel = "N", defaultValue = "157",
                description = "Steps between the pulses. Default: ${DEFAULT-VALUE}.")
        int ntau;

        @Option(names = "--out", required = true, paramLabel = "DIR",
                description = "Output directory (created if missing): DIR/bound.json and DIR/bound_parts/.")
        Path out;

        @Option(names = "--partitions", paramLabel = "M",
                description = "Number of parts (Spark tasks). Default: as the unfinished sweep in DIR, else one "
                        + "point a part (at most " + SparkSweep.MAX_DEFAULT_PARTS + ").")
        Integer partitions;

        @Option(names = "--threads", paramLabel = "T", defaultValue = "1",
                description = "Simulation threads of each task (on a cluster also set spark.task.cpus=T); the result "
                        + "does not depend on it. Default: ${DEFAULT-VALUE}.")
        int threads;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            BoundSweep sweep;
            try {
                Preset preset;
                try {
                    preset = Preset.of(prior);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--prior must be gauss or rkky, got '" + prior + "'", e);
                }
                Lattice l;
                try {
                    l = Lattice.parse(lattice);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--lattice " + e.getMessage(), e);
                }
                sweep = new BoundSweep(new BoundMapSpec(preset, count, seed, noise, flipAngles, layouts, bin, l, ntau),
                        threads);
            } catch (IllegalArgumentException e) {
                return fail(err, 2, "bound: " + e.getMessage());
            }
            return parent.run(sweep, out, partitions, err);
        }
    }

    /** {@code spark-sweep evaluate}: a model scored at many noise levels, as {@code evaluate --noise-levels --json}. */
    @Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
            header = "A model scored on a labelled set at many noise levels (as 'spinecho evaluate --noise-levels "
                    + "--json').",
            description = {
                "Item 0 is the set as it is (NMSE, Err, coverage of a calibrated model), item k the set with the k-th "
                        + "noise level added to Re and Im (seeded per curve, as evaluate does). Writes "
                        + "DIR/evaluate.json, the file 'spinecho evaluate --model M ... --noise-levels L --json FILE' "
                        + "writes. Each task loads the model and the set: both must be on a file system every "
                        + "executor sees."})
    static final class EvaluateCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ParentCommand
        SparkSweepJob parent;

        @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory.")
        Path model;

        @Option(names = "--echos-r", paramLabel = "FILE", description = "Real parts of the curves (one per line).")
        Path echosR;

        @Option(names = "--echos-i", paramLabel = "FILE", description = "Imaginary parts of the curves.")
        Path echosI;

        @Option(names = "--params", paramLabel = "FILE", description = "True alpha, xi, d per line.")
        Path params;

        @Option(names = "--parquet", paramLabel = "DIR",
                description = "A Parquet data set (spark-generate's) instead of the three files.")
        Path parquet;

        @Option(names = {"--noise-levels", "--noise"}, required = true, split = ",", paramLabel = "SIGMA[,SIGMA...]",
                description = "Noise levels: the standard deviation added to Re and Im of every sample.")
        double[] levels;

        @Option(names = "--out", required = true, paramLabel = "DIR",
                description = "Output directory (created if missing): DIR/evaluate.json and DIR/evaluate_parts/.")
        Path out;

        @Option(names = "--partitions", paramLabel = "M",
                description = "Number of parts (Spark tasks). Default: as the unfinished sweep in DIR, else one "
                        + "item a part.")
        Integer partitions;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            EvaluateSweep sweep;
            try {
                boolean anyText = echosR != null || echosI != null || params != null;
                if (anyText && (echosR == null || echosI == null || params == null)) {
                    throw new IllegalArgumentException("the text form needs --echos-r, --echos-i and --params");
                }
                sweep = new EvaluateSweep(model, anyText ? List.of(echosR, echosI, params) : null, parquet, levels);
            } catch (IllegalArgumentException e) {
                return fail(err, 2, "evaluate: " + e.getMessage());
            }
            return parent.run(sweep, out, partitions, err);
        }
    }
}
