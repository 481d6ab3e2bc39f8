package org.spinecho.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinecho.data.DelimitedText;
import org.spinecho.web.WebServer;

/** The web page's JSON API answers what the commands write: the same doubles. */
class ServeCommandTest {
    static final Path MODELS = Path.of("../models");
    static final ObjectMapper MAPPER = new ObjectMapper();
    static WebServer server;
    static HttpClient client;

    @BeforeAll
    static void start() throws IOException {
        server = WebServer.start(new WebServer.Config("127.0.0.1", 0, MODELS, 2, 1, 1L << 20),
                new PrintStream(System.err, true, StandardCharsets.UTF_8));
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Answer(int status, JsonNode json) {
    }

    static Answer post(String path, String body) throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(URI.create(server.url()).resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> a = client.send(r, HttpResponse.BodyHandlers.ofString());
        return new Answer(a.statusCode(), MAPPER.readTree(a.body()));
    }

    static void run(String... args) {
        CliRun r = CliRun.run(args);
        assertEquals(0, r.exitCode(), () -> String.join(" ", args) + ": " + r.err());
    }

    static double[] doubles(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).doubleValue();
        }
        return v;
    }

    /** A curve none of the models has seen, as the request body of /api/predict. */
    static ObjectNode heldOutCurve(Path dir) throws Exception {
        Path file = dir.resolve("curve.txt");
        run("simulate", "--kernel", "gauss", "--alpha", "0.45", "--xi", "9.5", "--d", "3.4", "--layout-seed",
                "987654321", "--out", file.toString());
        Answer parsed = post("/api/curve", MAPPER.createObjectNode().put("text", Files.readString(file)).toString());
        assertEquals(200, parsed.status(), parsed.json()::toString);
        ObjectNode req = MAPPER.createObjectNode().put("kernel", "gauss");
        req.set("re", parsed.json().get("re"));
        req.set("im", parsed.json().get("im"));
        return req;
    }

    @Test
    void simulateAnswersWhatTheSimulateCommandWrites(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.txt");
        run("simulate", "--kernel", "rkky", "--alpha", "1.5", "--xi", "5", "--d", "4", "--lattice", "12x12",
                "--layout-seed", "7", "--flip-angle", "1.2", "--out", file.toString());
        double[][] rows = DelimitedText.readMatrix(file, 2);
        Answer a = post("/api/simulate", "{\"kernel\":\"rkky\",\"alpha\":1.5,\"xi\":5,\"d\":4,\"lattice\":\"12x12\","
                + "\"layout-seed\":7,\"flip-angle\":1.2}");
        assertEquals(200, a.status(), a.json()::toString);
        double[] re = doubles(a.json().get("re"));
        double[] im = doubles(a.json().get("im"));
        assertEquals(rows.length, re.length);
        for (int i = 0; i < rows.length; i++) { // the command writes 17 significant digits: the same doubles
            assertEquals(rows[i][0], re[i], 0, "Re of sample " + (i + 1));
            assertEquals(rows[i][1], im[i], 0, "Im of sample " + (i + 1));
        }
        // 157 steps of 2 u = 314 u = 49.97 us to the pi pulse, twice that to the echo
        assertEquals(314 / (2 * Math.PI), a.json().get("pi_pulse_us").asDouble(), 1e-12);
        assertEquals(628 / (2 * Math.PI), a.json().get("echo_us").asDouble(), 1e-12);
    }

    @Test
    void predictGivesTheNumbersOfThePredictCommand(@TempDir Path dir) throws Exception {
        ObjectNode req = heldOutCurve(dir);
        Answer a = post("/api/predict", req.toString());
        assertEquals(200, a.status(), a.json()::toString);
        // the same curve through 'spinecho predict --uncertainty' in the challenge's files (full precision)
        Path r = dir.resolve("r.txt");
        Path i = dir.resolve("i.txt");
        DelimitedText.writeMatrix(r, new double[][] {doubles(req.get("re"))});
        DelimitedText.writeMatrix(i, new double[][] {doubles(req.get("im"))});
        Path out = dir.resolve("p.txt");
        run("predict", "--model", MODELS.resolve("gauss").toString(), "--echos-r", r.toString(), "--echos-i",
                i.toString(), "--uncertainty", "--out", out.toString());
        List<String> lines = Files.readAllLines(out); // a header, then alpha xi d sd*3 (lo hi)*3
        assertTrue(lines.get(0).startsWith("# alpha"), lines.get(0));
        double[] cli = java.util.Arrays.stream(lines.get(1).split("\t")).mapToDouble(Double::parseDouble).toArray();
        JsonNode j = a.json();
        String[] names = {"alpha", "xi", "d"};
        for (int v = 0; v < 3; v++) {
            assertEquals(cli[v], j.get(names[v]).doubleValue(), 0, names[v]);
            assertEquals(cli[3 + v], j.get("sd").get(names[v]).doubleValue(), 0, "sd " + names[v]);
            assertEquals(cli[6 + 2 * v], j.get("interval_90").get(names[v]).get(0).doubleValue(), 0, "lo " + names[v]);
            assertEquals(cli[7 + 2 * v], j.get("interval_90").get(names[v]).get(1).doubleValue(), 0, "hi " + names[v]);
            assertTrue(cli[6 + 2 * v] <= cli[v] && cli[v] <= cli[7 + 2 * v]);
        }
    }

}
