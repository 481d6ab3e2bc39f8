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
@Command(resourceBundle = "org.spinecho.app.ServeCommand",
        name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Serve a local web page to simulate curves, infer alpha, xi, d and fit them.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:stopped", "1:the server could not start (e.g. the port is in use)", "2:bad command line"})
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "P", defaultValue = "8357")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1")
    String bind;

    @Option(names = "--models", paramLabel = "DIR")
    Path models;

    @Option(names = "--max-upload-mb", paramLabel = "MB", defaultValue = "4")
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
