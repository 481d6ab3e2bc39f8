package org.spinecho.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spinecho.data.DatasetMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spinecho merge}: joins the parts of a data set ({@code generate --shard K/N}) into the
 * standard files. All logic lives in {@link DatasetMerge}; exit 2 with one line naming the part
 * when a part is missing, duplicated, foreign or damaged.
 */
@Command(resourceBundle = "org.spinecho.app.MergeCommand",
        name = "merge", mixinStandardHelpOptions = true,
        header = "Join the parts of a data set (generate --shard K/N) into the standard files.")
public final class MergeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Parameters(arity = "1..*", paramLabel = "PART_DIR", description = "The directories of the parts, in any order.")
    List<Path> parts;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        DatasetMerge.Outcome o = DatasetMerge.merge(parts, out, "spinecho merge");
        if (o.status() == DatasetMerge.Status.ALREADY_COMPLETE) {
            err.println("merge: " + out + " already holds this merged set (" + o.count() + " curves)");
        } else {
            err.println(String.format(Locale.ROOT, "merge: wrote %d curves from %d parts to %s in %.1f s",
                    o.count(), o.parts(), out, o.wallTime().toNanos() / 1e9));
        }
        err.flush();
        return 0;
    }
}
