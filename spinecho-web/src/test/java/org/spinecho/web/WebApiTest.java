package org.spinecho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinecho.data.CurveText;
import org.spinecho.sim.CouplingKernel;
import org.spinecho.sim.MeanFieldIntegrator;
import org.spinecho.sim.SimulationParameters;

/** The JSON API of spinecho serve, against the shipped models (the command line's answers: the app's ServeCommandTest). */
class WebApiTest {
    static final Path MODELS = Path.of("../models");
    static final ObjectMapper MAPPER = new ObjectMapper();
    static WebServer server;
    static HttpClient client;
    static final StringWriter LOG = new StringWriter();

    @BeforeAll
    static void start() throws IOException {
        server = WebServer.start(new WebServer.Config("127.0.0.1", 0, MODELS, 4, 2, 1L << 20),
                new PrintStream(System.err, true, StandardCharsets.UTF_8));
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Answer(int status, JsonNode json) {
    }

    static Answer call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url()).resolve(path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), MAPPER.readTree(r.body()));
    }

    static Answer post(String path, Object body) throws IOException, InterruptedException {
        return call("POST", path, body instanceof String s ? s : MAPPER.writeValueAsString(body));
    }

    /** Simulates the curve of {@code p} and writes it as 'spinecho simulate' does: lines "Re Im", 17 digits. */
    static void writeCurve(Path file, SimulationParameters p) throws IOException {
        StringWriter text = new StringWriter();
        CurveText.write(new MeanFieldIntegrator(p).run(), text);
        Files.writeString(file, text.toString());
    }

    /** The held-out curve of {@link #heldOutCurve}: gauss, alpha 0.45, xi 9.5, d 3.4, layout seed 987654321. */
    static SimulationParameters heldOutParameters() {
        return SimulationParameters.of(new CouplingKernel.Gaussian(9.5), 0.45, 3.4).withLayoutSeed(987654321L);
    }

    static double[] doubles(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).doubleValue();
        }
        return v;
    }

    /** A curve none of the models has seen: simulated with a layout seed outside the data sets' streams. */
    static ObjectNode heldOutCurve(Path dir) throws Exception {
        Path file = dir.resolve("curve.txt");
        writeCurve(file, heldOutParameters());
        Answer parsed = post("/api/curve", MAPPER.createObjectNode().put("text", Files.readString(file)));
        assertEquals(200, parsed.status(), parsed.json()::toString);
        assertEquals(471, parsed.json().get("samples").asInt());
        ObjectNode req = MAPPER.createObjectNode().put("kernel", "gauss");
        req.set("re", parsed.json().get("re"));
        req.set("im", parsed.json().get("im"));
        return req;
    }

    @Test
    void badInputIsA4xxWithAMessageAndTheServerGoesOn() throws Exception {
        String curve = "\"re\":[0.1,0.2,0.3],\"im\":[0,0,0]";
        Object[][] cases = {
            {"/api/predict", "this is not json", 400, "not valid JSON"},
            {"/api/predict", "[1,2,3]", 400, "JSON object"},
            {"/api/predict", "{\"kernel\":\"gauss\"}", 400, "'re' is required"},
            {"/api/predict", "{\"kernel\":\"gauss\"," + curve + "}", 400, "expects 471"},
            {"/api/predict", "{\"kernel\":\"gauss\",\"re\":[0.1,\"x\"],\"im\":[0,0]}", 400, "'re'[1]"},
            {"/api/predict", "{\"kernel\":\"power\"," + curve + "}", 400, "'kernel' must be one of gauss, rkky"},
            {"/api/simulate", "{\"kernel\":\"gauss\",\"alpha\":0.5,\"xi\":-2,\"d\":3}", 400, "'xi' must be > 0"},
            {"/api/simulate", "{\"kernel\":\"gauss\",\"alpha\":0.5,\"xi\":2,\"d\":3,\"lattice\":\"300x300\"}", 400,
                "at most 40000 sites"},
            {"/api/simulate", "{\"kernel\":\"gauss\",\"alpha\":\"lots\",\"xi\":2,\"d\":3}", 400, "'alpha' must be a number"},
            {"/api/simulate", "{\"kernel\":\"gauss\",\"alpha\":1,\"xi\":2,\"d\":3,\"ntua\":5}", 400, "unknown field 'ntua'"},
            {"/api/curve", "{\"text\":\"1 2\\n3 abc\\n5 6\\n\"}", 400, "pasted text:2:2: not a number: 'abc'"},
            {"/api/fit", "{\"kernel\":\"gauss\"," + curve + "}", 400, "expects 471"},
            {"/api/misfit", "{\"kernel\":\"gauss\"," + curve + ",\"d\":3,\"grid\":100}", 400, "'grid' must be"},
            {"/api/nothing", "{}", 404, "no API"},
        };
        for (Object[] c : cases) {
            Answer a = post((String) c[0], c[1]);
            assertEquals(c[2], a.status(), () -> c[0] + " " + c[1] + " -> " + a.json());
            String error = a.json().get("error").asText();
            assertTrue(error.contains((String) c[3]), () -> c[0] + " " + c[1] + ": " + error);
        }
        assertEquals(405, call("GET", "/api/simulate", null).status());
        assertEquals(404, call("GET", "/api/fit/no-such-fit", null).status());
        // a body above the limit (1 MB here; 4 MB by default) is refused with 413
        Answer big = post("/api/curve", "{\"text\":\"" + "0.1 0.2\\n".repeat(300_000) + "\"}");
        assertEquals(413, big.status());
        assertTrue(big.json().get("error").asText().contains("too large"), big.json()::toString);
        // a request addressed to another name (DNS rebinding) is refused
        Socket probe = null;
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            probe = socket;
            socket.getOutputStream().write(("GET /api/info HTTP/1.1\r\nHost: evil.example:" + server.port()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String head = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(head.startsWith("HTTP/1.1 403"), head);
            assertTrue(head.contains("127.0.0.1 or localhost only"), head);
        }
        assertTrue(probe.isClosed());
        assertEquals(200, call("GET", "/api/info", null).status());
        // and the server still works
        Answer ok = post("/api/simulate", "{\"kernel\":\"uniform\",\"alpha\":0.2,\"d\":3,\"lattice\":\"4x4\",\"ntau\":5}");
        assertEquals(200, ok.status());
        assertEquals(15, ok.json().get("re").size());
    }

    @Test
    void twentyConcurrentRequestsAllSucceed(@TempDir Path dir) throws Exception {
        ObjectNode req = heldOutCurve(dir);
        Answer single = post("/api/predict", req);
        assertEquals(200, single.status());
        String simulate = "{\"kernel\":\"gauss\",\"alpha\":0.7,\"xi\":4,\"d\":3,\"lattice\":\"12x12\",\"layout-seed\":3}";
        Answer simulated = post("/api/simulate", simulate);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Answer>> answers = new ArrayList<>();
        try {
            for (int k = 0; k < 20; k++) {
                boolean predict = k % 2 == 0;
                answers.add(pool.submit(() -> {
                    go.await();
                    return predict ? post("/api/predict", req) : post("/api/simulate", simulate);
                }));
            }
            go.countDown();
            for (int k = 0; k < 20; k++) {
                Answer a = answers.get(k).get();
                assertEquals(200, a.status(), a.json()::toString);
                assertEquals(k % 2 == 0 ? single.json() : simulated.json(), a.json(), "request " + k);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFitRunsAndACancelledFitStops(@TempDir Path dir) throws Exception {
        ObjectNode req = heldOutCurve(dir);
        // a fit that takes a while (full lattice, 16 layouts), cancelled after it started
        ObjectNode slow = req.deepCopy().put("layout-seeds", 16);
        Answer started = post("/api/fit", slow);
        assertEquals(202, started.status(), started.json()::toString);
        String id = started.json().get("id").asText();
        Thread.sleep(500);
        Answer cancelled = call("DELETE", "/api/fit/" + id, null);
        assertEquals("cancelled", cancelled.json().get("state").asText());
        // a small fit (8x8 lattice, the fewest layouts) runs after it to the end: the cancelled one has let go
        assertEquals(400, post("/api/fit", req.deepCopy().put("layout-seeds", 1)).status());
        ObjectNode quick = req.deepCopy().put("lattice", "8x8").put("layout-seeds", 4);
        String quickId = post("/api/fit", quick).json().get("id").asText();
        JsonNode status;
        long deadline = System.nanoTime() + 600_000_000_000L; // an upper bound for a busy machine
        do {
            Thread.sleep(200);
            status = call("GET", "/api/fit/" + quickId, null).json();
        } while (List.of("queued", "running").contains(status.get("state").asText()) && System.nanoTime() < deadline);
        assertEquals("done", status.get("state").asText(), status::toString);
        assertEquals("cancelled", call("GET", "/api/fit/" + id, null).json().get("state").asText());
        JsonNode r = status.get("result");
        assertTrue(r.get("chi_square").asDouble() > 0);
        assertTrue(r.get("simulations").asLong() > 0);
        // its progress: the fit's last stage and simulation count
        assertTrue(status.get("phase").asText().matches("done \\(.*, \\d+ simulations\\)"), status::toString);
        String[] names = {"alpha", "xi", "d"};
        double[][] box = {{0, 1}, {3, 20}, {2, 5}}; // the gauss prior: the fit's bounds
        for (int v = 0; v < 3; v++) {
            double fit = r.get("fit").get(names[v]).asDouble();
            double lo = r.get("interval_90").get(names[v]).get(0).asDouble();
            double hi = r.get("interval_90").get(names[v]).get(1).asDouble();
            assertTrue(fit >= box[v][0] && fit <= box[v][1], names[v] + " = " + fit);
            assertTrue(lo <= fit && fit <= hi && lo >= box[v][0] && hi <= box[v][1], names[v] + " " + lo + " " + hi);
            assertTrue(r.get("sd").get(names[v]).asDouble() >= 0);
        }
        // a misfit map over the alpha-xi plane on the same small lattice: 4 x 4 points, all positive
        String mapId = post("/api/misfit", req.deepCopy().put("d", 3.4).put("grid", 4).put("lattice", "8x8"))
                .json().get("id").asText();
        JsonNode map;
        do {
            Thread.sleep(200);
            map = call("GET", "/api/misfit/" + mapId, null).json();
        } while (List.of("queued", "running").contains(map.get("state").asText()) && System.nanoTime() < deadline);
        assertEquals("done", map.get("state").asText(), map::toString);
        assertEquals(1.0, map.get("progress").asDouble());
        assertEquals(4, map.get("result").get("rms").size());
        assertEquals(4, map.get("result").get("rms").get(3).size());
        assertEquals(3.0, map.get("result").get("xi").get(0).asDouble(), 1e-12); // the gauss prior's xi range
        assertEquals(20.0, map.get("result").get("xi").get(3).asDouble(), 1e-12);
        assertTrue(map.get("result").get("rms").get(2).get(1).asDouble() > 0);
        // the fit's start is the network's estimate of the same curve
        assertEquals(post("/api/predict", req).json().get("alpha").asDouble(), r.get("start").get("alpha").asDouble(), 0);
    }
}
