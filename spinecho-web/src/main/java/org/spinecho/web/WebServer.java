package org.spinecho.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.spinecho.data.DataFormatException;
import org.spinecho.data.SingleCurveText;
import org.spinecho.ml.Estimator;
import org.spinecho.sim.Lattice;

/**
 * The local web server of {@code spinecho serve}: the page ({@link StaticFiles}) and its JSON API.
 * <ul>
 *   <li>{@code POST /api/simulate}: {@link SimulationRequest} → {@link SimulatedCurve};</li>
 *   <li>{@code POST /api/predict}: {@code {"kernel", "re", "im"}} → {@link NetworkEstimate};</li>
 *   <li>{@code POST /api/fit}: {@code {"kernel", "re", "im"}} (optional {@code "lattice"},
 *       {@code "layout-seeds"}, {@code "noise"}) → 202 and the fit's {@link Jobs.Status};
 *       {@code GET /api/fit/<id>} its status and result; {@code DELETE /api/fit/<id>} cancels it;</li>
 *   <li>{@code POST /api/misfit}: {@code {"kernel", "re", "im", "d"}} (optional {@code "grid"},
 *       {@code "layout-seeds"}, {@code "lattice"}) → 202 and the job computing the misfit over the α–ξ
 *       plane ({@link MisfitRequest}), polled and cancelled as a fit;</li>
 *   <li>{@code POST /api/curve}: {@code {"text"}} → the curve parsed by {@link SingleCurveText};</li>
 *   <li>{@code GET /api/info}: kernels, limits.</li>
 * </ul>
 * Requests run on a fixed pool of threads (when all are busy and the queue is full, on the thread
 * that accepts connections, which then accepts no more until done); a bad request is a 4xx with
 * {@code {"error": "..."}}, a body above the limit a 413.
 */
public final class WebServer implements AutoCloseable {
    /**
     * Settings.
     *
     * @param host          address to bind (127.0.0.1: only this machine)
     * @param port          port, 0 for any free one
     * @param models        directory holding gauss/ and rkky/ model directories
     * @param threads       request threads (each simulation or prediction runs on one)
     * @param fitThreads    simulation threads of a likelihood fit
     * @param maxBodyBytes  largest request body accepted
     */
    public record Config(String host, int port, Path models, int threads, int fitThreads, long maxBodyBytes) {
        public Config {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            if (threads < 1 || fitThreads < 1) {
                throw new IllegalArgumentException("threads must be >= 1");
            }
            if (maxBodyBytes < 1024) {
                throw new IllegalArgumentException("the body limit must be at least 1 kB");
            }
        }

        /** 127.0.0.1, the given port and models, threads from the processors, 4 MB bodies. */
        public static Config local(int port, Path models) {
            int cores = Runtime.getRuntime().availableProcessors();
            return new Config("127.0.0.1", port, models, Math.max(2, cores), cores, 4L << 20);
        }
    }

    /** What {@code GET /api/info} answers. */
    record Info(List<String> kernels, String models, long maxBodyBytes,
            int maxSites) {
    }

    /** What {@code POST /api/curve} answers. */
    record ParsedCurve(double[] re, double[] im, int samples, String layout) {
    }

    private final Config config;
    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final ModelCatalog models;
    private final Jobs jobs = new Jobs();
    private final List<HttpContext> contexts = new ArrayList<>();

    private WebServer(Config config, PrintStream log) throws IOException {
        this.config = config;
        this.models = new ModelCatalog(config.models());
        this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(config.threads(), config.threads(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(256), r -> {
                    Thread t = new Thread(r, "spinecho-web-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        server.setExecutor(executor);
        long max = config.maxBodyBytes();
        context("/", new StaticFiles());
        context("/api/", Exchanges.json("/api/", max, log, (method, sub, body) -> {
            throw new ApiError(404, "no API '/api/" + sub + "'; there are /api/simulate, /api/predict, /api/fit, "
                    + "/api/misfit, /api/curve and /api/info");
        }));
        context("/api/info", Exchanges.json("/api/info", max, log, (method, sub, body) ->
                new Info(ModelCatalog.KERNELS, config.models().toString(), max,
                        SimulationRequest.MAX_SITES)));
        context("/api/simulate", Exchanges.json("/api/simulate", max, log, (method, sub, body) -> {
            post(method, sub);
            return SimulationRequest.of(Json.object(body)).run();
        }));
        context("/api/predict", Exchanges.json("/api/predict", max, log, (method, sub, body) -> {
            post(method, sub);
            JsonNode req = Json.object(body);
            Json.onlyFields(req, Set.of("kernel", "re", "im"));
            String kernel = Json.text(req, "kernel", null);
            Estimator model = models.model(kernel);
            return NetworkEstimate.of(kernel, model, Json.numbers(req, "re"), Json.numbers(req, "im"));
        }));
        context("/api/curve", Exchanges.json("/api/curve", max, log, (method, sub, body) -> {
            post(method, sub);
            JsonNode req = Json.object(body);
            Json.onlyFields(req, Set.of("text", "name"));
            String name = Json.text(req, "name", "pasted text");
            try {
                SingleCurveText.Curve c = SingleCurveText.parse(Json.text(req, "text", null),
                        name.isBlank() || name.contains("\0") ? "pasted text" : name);
                return new ParsedCurve(c.re(), c.im(), c.samples(), c.layout().description());
            } catch (DataFormatException e) {
                throw ApiError.badRequest(e.getMessage());
            }
        }));
        context("/api/fit", Exchanges.json("/api/fit", max, log, this::fit));
        context("/api/misfit", Exchanges.json("/api/misfit", max, log, (method, sub, body) -> {
            if (sub.isEmpty() || sub.equals("/")) {
                post(method, "");
                MisfitRequest req = MisfitRequest.of(Json.object(body), config.fitThreads());
                return new Exchanges.Status(202, jobs.submit("misfit", "simulating the curve over a " + req.grid() + " x "
                        + req.grid() + " grid of alpha and xi", req::run));
            }
            return job(method, sub);
        }));
        if (server.getAddress().getAddress().isLoopbackAddress()) {
            LocalHostOnly check = new LocalHostOnly(server.getAddress().getPort());
            for (HttpContext c : contexts) {
                c.getFilters().add(check);
            }
        }
    }

    private void context(String path, HttpHandler handler) {
        contexts.add(server.createContext(path, handler));
    }

    /** Starts a server; {@link #url()} tells where. */
    public static WebServer start(Config config, PrintStream log) throws IOException {
        WebServer w = new WebServer(config, log);
        w.server.start();
        return w;
    }

    /** The page's address, e.g. http://127.0.0.1:8357/. */
    public String url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + a.getPort() + "/";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void post(String method, String sub) {
        if (!sub.isEmpty()) {
            throw new ApiError(404, "no such API path (extra '" + sub + "')");
        }
        if (!method.equals("POST")) {
            throw new ApiError(405, "use POST with a JSON body");
        }
    }

    private Object fit(String method, String sub, byte[] body) {
        if (sub.isEmpty() || sub.equals("/")) {
            post(method, "");
            JsonNode req = Json.object(body);
            Json.onlyFields(req, Set.of("kernel", "re", "im", "lattice", "layout-seeds", "noise"));
            String kernel = Json.text(req, "kernel", null);
            Estimator model = models.model(kernel);
            double[] re = Json.numbers(req, "re");
            double[] im = Json.numbers(req, "im");
            NetworkEstimate.of(kernel, model, re, im); // checks the curve before it is queued
            Lattice lattice;
            try {
                lattice = Lattice.parse(Json.text(req, "lattice", "50x50"));
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("'lattice': " + e.getMessage());
            }
            if (lattice.size() > SimulationRequest.MAX_SITES) {
                throw ApiError.badRequest("'lattice' may have at most " + SimulationRequest.MAX_SITES + " sites here");
            }
            long k = Json.integer(req, "layout-seeds", 4);
            if (k < LikelihoodFitRunner.MIN_LAYOUTS || k > SimulationRequest.MAX_LAYOUTS) {
                throw ApiError.badRequest("'layout-seeds' must be from " + LikelihoodFitRunner.MIN_LAYOUTS + " to "
                        + SimulationRequest.MAX_LAYOUTS + " (the fit estimates the layout's covariance from them), got " + k);
            }
            double noise = Json.number(req, "noise", Double.NaN);
            if (noise < 0) {
                throw ApiError.badRequest("'noise' must be >= 0, got " + noise);
            }
            LikelihoodFitRunner.Input in = new LikelihoodFitRunner.Input(kernel, re, im, lattice, (int) k, noise,
                    config.fitThreads());
            return new Exchanges.Status(202, jobs.submit("fit", "fitting the simulator to the curve (each step "
                    + "simulates the model curve and its derivatives)", progress -> LikelihoodFitRunner.run(in, model, progress)));
        }
        return job(method, sub);
    }

    /** GET or DELETE of {@code /api/fit/<id>} (or {@code /api/misfit/<id>}): the job's status, or cancels it. */
    private Object job(String method, String sub) {
        String id = sub.startsWith("/") ? sub.substring(1) : sub;
        return switch (method) {
            case "GET" -> jobs.status(id);
            case "DELETE" -> jobs.cancel(id);
            default -> throw new ApiError(405, "GET /api/fit/<id> for the status, DELETE to cancel");
        };
    }

    @Override
    public void close() {
        server.stop(0);
        jobs.close();
        executor.shutdownNow();
        models.close();
    }

}
