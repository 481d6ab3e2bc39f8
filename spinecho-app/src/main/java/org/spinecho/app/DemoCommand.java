package org.spinecho.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.spinecho.data.GenerationSpec;
import org.spinecho.data.Kernel;
import org.spinecho.data.OutputGuard;
import org.spinecho.ml.Scores;
import org.spinecho.ml.Estimator;
import org.spinecho.ml.UncertaintyCalibration;
import org.spinecho.ml.study.FreshSetEvaluation;
import org.spinecho.web.report.DemoReport;
import org.spinecho.web.report.EvaluationReport;
import org.spinecho.sim.Lattice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spinecho demo}: simulates a fresh evaluation set per kernel (fixed seed), predicts it
 * with the shipped models, prints the score table and writes an HTML report with example curves
 * (the curve and the curve re-simulated from the predicted parameters) and true-against-predicted
 * plots.
 */
@Command(resourceBundle = "org.spinecho.app.DemoCommand",
        name = "demo", mixinStandardHelpOptions = true,
        header = "Simulate fresh curves, infer alpha, xi, d with the shipped models, write a report.")
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--count", defaultValue = "200", paramLabel = "N")
    int count;

    @Option(names = "--seed", defaultValue = "20261128", paramLabel = "S")
    long seed;

    @Option(names = "--models", paramLabel = "DIR")
    Path models;

    @Option(names = "--out", defaultValue = "demo-report", paramLabel = "DIR")
    Path out;

    @Mixin
    Options.Threads threads;

    @Option(names = "--lattice", defaultValue = "50x50", paramLabel = "L1xL2", hidden = true,
            converter = Options.LatticeConverter.class)
    Lattice lattice;

    @Option(names = "--ntau", defaultValue = "157", paramLabel = "N", hidden = true)
    int ntau;

    @Override
    public Integer call() throws IOException, InterruptedException, ExecutionException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        Path modelRoot = models != null ? models : ModelLoading.defaultModels();
        if (count < 10) {
            throw new UsageError("--count must be >= 10, got " + count);
        }
        int workers = threads.count();
        OutputGuard.checkReportDirectory("--out", out, protectedPaths(modelRoot));
        List<Kernel> kernels = Kernel.presets();
        List<Estimator> loaded = new ArrayList<>();
        List<DemoReport.KernelResult> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try (Progress progress = Progress.curves("demo")) {
            for (Kernel k : kernels) {
                loaded.add(ModelLoading.load(modelRoot.resolve(k.id()), k.id(), err));
            }
            err.printf(Locale.ROOT, "demo: %d fresh curves per kernel (seeds %d: gauss, +1: rkky; %s lattice), models "
                    + "from %s%n", count, seed, lattice, modelRoot);
            err.flush();
            int examples = 3;
            int total = kernels.size() * (count + examples);
            progress.started(total, 0);
            AtomicInteger done = new AtomicInteger();
            for (int k = 0; k < kernels.size(); k++) {
                Estimator m = loaded.get(k);
                GenerationSpec gs = GenerationSpec.of(kernels.get(k).preset(), "eval", count, seed + k)
                        .withLattice(lattice).withNtau(ntau);
                ModelLoading.checkLength(m, gs.sequence().samples(), Path.of(kernels.get(k) + " demo curves"));
                FreshSetEvaluation r = FreshSetEvaluation.run(gs, m::predict, examples, pool,
                        () -> progress.progressed(done.incrementAndGet(), total));
                UncertaintyCalibration cal = m.calibration();
                results.add(new DemoReport.KernelResult(kernels.get(k), m.description(), r, cal,
                        cal == null ? null : cal.assess(r.pred(), new double[r.pred().length], r.truth(), // noiseless curves
                                EvaluationReport.LEVELS)));
            }
        } finally {
            pool.shutdownNow();
            loaded.forEach(Estimator::close);
        }
        stdout.println("NMSE on " + count + " fresh curves per kernel (the challenge's metric; 1 = predicting the mean):");
        stdout.printf(Locale.ROOT, "%-7s %-9s %8s %8s %8s %8s%n", "kernel", "model", "alpha", "xi", "d", "mean");
        for (DemoReport.KernelResult r : results) {
            Scores s = r.result().scores();
            stdout.printf(Locale.ROOT, "%-7s %-9s %8.4f %8.4f %8.4f %8.4f%n", r.kernel(), r.architecture(),
                    s.nmseAlpha(), s.nmseXi(), s.nmseD(), s.mean());
        }
        for (DemoReport.KernelResult r : results) {
            if (r.coverage() != null) {
                stdout.println(r.kernel() + ": coverage of the central intervals");
                stdout.print(EvaluationReport.coverageText(r.coverage()));
            }
        }
        stdout.flush();
        OutputGuard.writeReportDirectory("--out", out, protectedPaths(modelRoot), tmp -> DemoReport.fill(tmp, results, String.format(Locale.ROOT,
                "%d fresh curves per kernel (seed %d for gauss, +1 for rkky: sets no model was trained on), simulated "
                + "on a %s lattice, predicted by the shipped models.", count, seed, lattice)));
        err.println("demo: done; the report is " + out.toAbsolutePath().normalize().resolve("index.html"));
        err.flush();
        return 0;
    }

    /** The models, which the report must never replace. */
    private static List<OutputGuard.Named> protectedPaths(Path modelRoot) {
        return List.of(new OutputGuard.Named("--models", modelRoot));
    }
}
