package org.spinecho.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.spinecho.web.WebServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spinecho serve}: starts the local web page of the spinecho-web module ({@link WebServer}). */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Serve a local web page to simulate curves, infer alpha, xi, d and fit them.",
        description = {"Starts a web server on this machine (127.0.0.1 unless --bind says otherwise) and prints the "
                + "page's address. The page works offline (its plotting library is in the jar). The JSON API it uses "
                + "(/api/simulate, /api/predict, /api/fit, /api/curve) is described in the README.",
            "Stop it with Ctrl-C."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:stopped", "1:the server could not start (e.g. the port is in use)", "2:bad command line"})
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "P", defaultValue = "8357",
            description = "Port to listen on (0: any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on. The default serves this machine only; the server has no "
                    + "authentication, so think before binding it to a network. Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--models", paramLabel = "DIR",
            description = "Directory holding the gauss/ and rkky/ models. Default: the shipped models/.")
    Path models;

    @Option(names = "--max-upload-mb", paramLabel = "MB", defaultValue = "4",
            description = "Largest request body (a pasted or uploaded curve) in MB. Default: ${DEFAULT-VALUE}.")
    double maxUploadMb;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        OptionChecks.intInRange("--port", port, 0, 65535);
        if (!(maxUploadMb >= 0.01 && maxUploadMb <= 1024)) {
            throw new UsageError("--max-upload-mb must be from 0.01 to 1024, got " + maxUploadMb);
        }
        Path root = models != null ? models : ModelLoading.defaultModels();
        WebServer.Config local = WebServer.Config.local(port, root);
        WebServer.Config config = new WebServer.Config(bind, port, root, local.threads(), local.fitThreads(),
                (long) (maxUploadMb * 1048576));
        WebServer server;
        try {
            server = WebServer.start(config, System.err);
        } catch (BindException e) {
            throw new IllegalStateException("cannot listen on " + bind + ":" + port + " (" + e.getMessage()
                    + "); try another --port", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot start the server on " + bind + ":" + port + ": " + e.getMessage(), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "spinecho-serve-stop"));
        out.println("spinecho serve: open " + server.url() + " (models from " + root + "; Ctrl-C stops the server)");
        out.flush();
        stopped.await();
        return 0;
    }
}
