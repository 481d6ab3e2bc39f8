package org.spinecho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real browser: headless Chromium through the system's chromedriver (never one
 * downloaded at run time). Skipped only when no Chromium or chromedriver binary is installed
 * (CI installs them). Screenshots go to target/web-*.png.
 */
class BrowserTest {
    static WebServer server;
    static ChromeDriver driver;
    static final Path SHOTS = Path.of("target");
    /**
     * Longest wait for one step, in seconds: an upper bound, not an expectation (on an idle 2-core
     * machine every step takes well under 10 s; on one shared with other builds a step took 26 s).
     */
    static final int LIMIT = 300;

    /** The first executable found: on the PATH under one of the names, or at one of the paths. */
    static Optional<Path> executable(List<String> names, List<String> paths) {
        Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(d -> !d.isEmpty())
                .flatMap(d -> names.stream().map(n -> Path.of(d, n)));
        return Stream.concat(onPath, paths.stream().map(Path::of)).filter(Files::isExecutable).findFirst();
    }

    @BeforeAll
    static void start() throws IOException {
        Optional<Path> chromedriver = executable(List.of("chromedriver"),
                List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"));
        Optional<Path> chromium = executable(List.of("chromium", "chromium-browser", "google-chrome"),
                List.of("/usr/bin/chromium", "/usr/lib/chromium/chromium"));
        Assumptions.assumeTrue(chromedriver.isPresent() && chromium.isPresent(),
                "no chromium and chromedriver installed (Debian: apt-get install chromium chromium-driver)");
        server = WebServer.start(WebServer.Config.local(0, WebApiTest.MODELS),
                new PrintStream(System.err, true, StandardCharsets.UTF_8));
        // the installed driver, named explicitly: Selenium Manager never downloads one
        System.setProperty("webdriver.chrome.driver", chromedriver.get().toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.get().toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1360,900", "--lang=en-GB");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(LIMIT));
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    static WebDriverWait waiting(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(25));
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    static long revision(String plot) {
        Object r = js("return Number(document.getElementById(arguments[0]).dataset.revision || 0);", plot);
        return ((Number) r).longValue();
    }

    @SuppressWarnings("unchecked")
    static List<Number> trace(String plot, String name) {
        return (List<Number>) js("const d = document.getElementById(arguments[0]).data || [];"
                + "const t = d.find(x => x.name === arguments[1]); return t ? Array.from(t.y) : null;", plot, name);
    }

    static void screenshot(String name) throws IOException {
        Files.createDirectories(SHOTS);
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), SHOTS.resolve(name),
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** The page's console: no entry at SEVERE (errors, failed loads, uncaught exceptions). */
    static void assertNoConsoleErrors() {
        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()).toList();
        assertTrue(errors.isEmpty(), () -> "console errors: " + errors);
    }

    static double maxDifference(List<Number> a, List<Number> b) {
        assertEquals(a.size(), b.size());
        double max = 0;
        for (int i = 0; i < a.size(); i++) {
            max = Math.max(max, Math.abs(a.get(i).doubleValue() - b.get(i).doubleValue()));
        }
        return max;
    }

    @Test
    void simulateInferAndFitInTheBrowser(@TempDir Path dir) throws Exception {
        driver.get(server.url());
        waiting(LIMIT).until(d -> revision("sim-plot") >= 1); // plotly.js is 11 MB of script to parse
        List<Number> before = trace("sim-plot", "|M|");
        assertEquals(471, before.size());
        assertTrue(driver.findElement(By.id("sim-error")).getAttribute("class").contains("hidden"));

        // move the alpha slider with the keyboard, as a user does: 0.50 -> 0.69, then one more step
        long rev = revision("sim-plot");
        WebElement alpha = driver.findElement(By.id("sim-alpha"));
        for (int k = 0; k < 19; k++) {
            alpha.sendKeys(Keys.ARROW_RIGHT);
        }
        waiting(LIMIT).until(d -> revision("sim-plot") > rev
                && "0.69".equals(js("return sim.request && String(sim.request.alpha);")));
        long rev2 = revision("sim-plot");
        long t0 = System.nanoTime();
        alpha.sendKeys(Keys.ARROW_RIGHT);
        waiting(LIMIT).until(d -> revision("sim-plot") > rev2
                && "0.7".equals(js("return sim.request && String(sim.request.alpha);")));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals("0.7", driver.findElement(By.id("sim-alpha-value")).getAttribute("value"));
        List<Number> after = trace("sim-plot", "|M|");
        double change = maxDifference(before, after);
        assertTrue(change > 1e-3, "the curve did not change: max |delta|M|| = " + change);
        System.err.printf("browser: one slider step, curve redrawn %.3f s after the key (max change of |M| from "
                + "alpha 0.5 to 0.7: %.3g)%n", seconds, change);
        // pin it, move d, see both
        driver.findElement(By.id("sim-pin")).click();
        WebElement d = driver.findElement(By.id("sim-d-value"));
        d.clear();
        d.sendKeys("2.5", Keys.TAB);
        waiting(LIMIT).until(x -> "2.5".equals(js("return sim.request && String(sim.request.d);")));
        waiting(LIMIT).until(x -> trace("sim-plot", "|M| " + js("return sim.pins[0].label;")) != null);
        screenshot("web-simulate.png");
        assertNoConsoleErrors();

        // upload a curve the models have not seen and read the estimate and its intervals
        Path curve = dir.resolve("held-out.txt");
        WebApiTest.writeCurve(curve, WebApiTest.heldOutParameters());
        driver.findElement(By.id("tab-infer")).click();
        driver.findElement(By.id("infer-file")).sendKeys(curve.toAbsolutePath().toString());
        waiting(LIMIT).until(x -> driver.findElement(By.id("int-xi")).getText().startsWith("["));
        waiting(LIMIT).until(x -> trace("curve-plot", "Re M network estimate") != null);
        String alphaText = driver.findElement(By.id("est-alpha")).getText();
        String interval = driver.findElement(By.id("int-alpha")).getText();
        System.err.println("browser: estimate alpha " + alphaText + ", 90% " + interval);
        double shown = Double.parseDouble(alphaText.split(" ")[0]);
        double lo = Double.parseDouble(interval.substring(1, interval.indexOf(',')));
        double hi = Double.parseDouble(interval.substring(interval.indexOf(',') + 1, interval.length() - 1).strip());
        assertTrue(lo <= shown && shown <= hi, interval + " around " + shown);
        double api = WebApiTest.MAPPER.readTree((String) ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch('/api/predict', {method: 'POST', body: JSON.stringify({kernel: 'gauss', re: inf.curve.re, "
                        + "im: inf.curve.im})}).then(r => r.text()).then(done);")).get("alpha").asDouble();
        assertEquals(Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4g", api)), shown, 0);
        assertTrue(trace("plane-plot", "network estimate") != null);
        assertEquals(471, trace("curve-plot", "Re residual (estimate)").size());
        screenshot("web-infer.png");

        // the likelihood fit: cancel a long one, then run one on a small lattice to the end
        WebElement layouts = driver.findElement(By.id("fit-layouts"));
        layouts.clear();
        layouts.sendKeys("8");
        driver.findElement(By.id("fit-run")).click();
        waiting(LIMIT).until(x -> driver.findElement(By.id("fit-status")).getText().startsWith("running"));
        driver.findElement(By.id("fit-cancel")).click();
        waiting(LIMIT).until(x -> driver.findElement(By.id("fit-status")).getText().startsWith("fit cancelled"));
        boolean full = Boolean.getBoolean("spinecho.web.fullFit"); // for the README's screenshot
        // the misfit valley over the alpha-xi plane, with its progress
        WebElement grid = driver.findElement(By.id("misfit-grid"));
        grid.clear();
        grid.sendKeys(full ? "16" : "4");
        driver.findElement(By.id("misfit-run")).click();
        waiting(full ? 900 : LIMIT).until(x -> driver.findElement(By.id("misfit-status")).getText().startsWith("mapped"));
        assertEquals(Boolean.TRUE, js("const t = document.getElementById('plane-plot').data.find(x => x.type === 'contour');"
                + "return t !== undefined && t.z.length === " + (full ? 16 : 4) + ";"));
        layouts.clear();
        layouts.sendKeys("4");
        WebElement lattice = driver.findElement(By.id("fit-lattice"));
        lattice.clear();
        lattice.sendKeys(full ? "50x50" : "10x10");
        driver.findElement(By.id("fit-run")).click();
        waiting(full ? 900 : LIMIT).until(x -> driver.findElement(By.id("fit-status")).getText().startsWith("fit done"));
        assertTrue(driver.findElement(By.id("estimate-table")).getAttribute("class").contains("with-fit"));
        assertTrue(driver.findElement(By.id("fit-alpha")).getText().contains("±"));
        assertTrue(driver.findElement(By.id("cint-alpha")).getText().startsWith("["));
        waiting(LIMIT).until(x -> trace("curve-plot", "Re M fit") != null);
        assertEquals(471, trace("curve-plot", "Re M fit").size());
        screenshot("web-fit.png");
        assertNoConsoleErrors();

        // bad input: a clear message on the page (the 400 answer is the only console entry)
        WebElement text = driver.findElement(By.id("infer-text"));
        text.clear();
        text.sendKeys("0.1 0.2\n0.3 abc\n0.5 0.6\n");
        driver.findElement(By.id("infer-run")).click();
        waiting(LIMIT).until(x -> driver.findElement(By.id("infer-error")).isDisplayed());
        assertEquals("pasted text:2:2: not a number: 'abc'", driver.findElement(By.id("infer-error")).getText());
        List<LogEntry> left = driver.manage().logs().get(LogType.BROWSER).getAll();
        assertTrue(left.stream().allMatch(e -> e.getMessage().contains("status of 400")), () -> left.toString());
        screenshot("web-bad-input.png");
        // a 50 MB file: refused with a message before it is sent
        Path huge = dir.resolve("huge.txt");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(50L << 20);
        }
        driver.findElement(By.id("infer-file")).sendKeys(huge.toAbsolutePath().toString());
        waiting(LIMIT).until(x -> driver.findElement(By.id("infer-error")).getText().startsWith("huge.txt is 50.0 MB"));
    }
}
