package org.spinecho.app;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spinecho.data.DatasetGenerator;
import org.spinecho.data.GenerationSpec;
import org.spinecho.data.PlainProgressReporter;
import org.spinecho.data.GenerationOptions;
import org.spinecho.data.Shard;
import org.spinecho.sim.SimulationCost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spinecho generate}: a data set in the NMR challenge's file format, deterministic for a
 * seed (whatever the thread count) and resumable after an interruption. All logic lives in
 * {@link DatasetGenerator}; this class parses options and shows progress.
 */
@Command(resourceBundle = "org.spinecho.app.GenerateCommand",
        name = "generate", mixinStandardHelpOptions = true,
        header = "Simulate a data set in the NMR challenge's file format (deterministic, resumable).")
public final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GenerationOptions options;

    @Mixin
    Options.Threads threads;

    @Option(names = "--shard", paramLabel = "K/N")
    String shard;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        GenerationSpec gs = options.toSpec();
        int workers = threads.count();
        String note = SimulationCost.of(gs.lattice(), gs.sequence().ntau(), workers).check(options.lattice());
        if (note != null) {
            err.println("generate: " + note);
        }
        DatasetGenerator generator = new DatasetGenerator(gs, options.out());
        generator.threads(workers);
        generator.shard(shard != null ? Shard.parse(shard) : null);
        try (Progress progress = Progress.curves("generate")) {
            DatasetGenerator.Outcome outcome = generator.run(progress);
            progress.close();
            report(err, outcome);
            return 0;
        }
    }

    private static void report(PrintWriter err, DatasetGenerator.Outcome o) {
        String where = o.files().dir().toString();
        switch (o.status()) {
            case ALREADY_COMPLETE -> err.println("generate: " + o.files().kernel() + " " + o.files().split()
                    + " data set in " + where + " is already complete (" + o.resumedFrom() + " curves)");
            default -> {
                double s = o.wallTime().toNanos() / 1e9;
                err.println(String.format(Locale.ROOT, "generate: wrote %d curves to %s in %s (%.1f curves/s)%s",
                        o.resumedFrom() + o.computed(), where, PlainProgressReporter.duration(Math.round(s)),
                        s > 0 ? o.computed() / s : 0.0,
                        o.resumedFrom() > 0 ? ", resumed after " + o.resumedFrom() : ""));
            }
        }
        err.flush();
    }
}
