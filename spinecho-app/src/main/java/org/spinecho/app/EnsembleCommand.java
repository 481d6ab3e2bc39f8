package org.spinecho.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.spinecho.data.OutputGuard;
import org.spinecho.ml.Ensemble;
import org.spinecho.ml.Estimator;
import org.spinecho.ml.ModelDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spinecho ensemble}: combines trained networks (same kernel, same curve length) into one
 * model directory that predicts their mean.
 */
@Command(resourceBundle = "org.spinecho.app.EnsembleCommand",
        name = "ensemble", mixinStandardHelpOptions = true,
        header = "Combine trained networks into one model that predicts their mean.")
public final class EnsembleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Parameters(arity = "2..*", paramLabel = "MODEL", description = "Model directories of single networks (two or more).")
    List<Path> models;

    @Override
    public Integer call() {
        List<Estimator> loaded = new ArrayList<>();
        try {
            List<OutputGuard.Named> inputs = new ArrayList<>();
            for (Path m : models) {
                inputs.add(new OutputGuard.Named("MODEL", m));
            }
            OutputGuard.checkDirectory("--out", out, inputs);
            for (Path m : models) {
                loaded.add(ModelLoading.load(m));
            }
            Ensemble ensemble = Ensemble.of(loaded.get(0), loaded.subList(1, loaded.size()),
                    Cli.commandLine(spec));
            ModelDirectory.save(ensemble, out);
            PrintWriter o = spec.commandLine().getOut();
            o.println("ensemble: wrote " + out + " (" + ensemble.memberCount() + " networks, "
                    + ensemble.parameterBytes() / 1024 + " KiB of weights); evaluate and calibrate it next");
            o.flush();
            return 0;
        } finally {
            loaded.forEach(Estimator::close);
        }
    }
}
