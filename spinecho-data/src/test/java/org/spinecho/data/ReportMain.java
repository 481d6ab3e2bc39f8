package org.spinecho.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a report directory in a child JVM for {@link FileSafetyUnitTest}: one file, then sleeps,
 * so that the test can stop the process while the hidden directory is being filled.
 * Arguments: target sleepMillis.
 */
public final class ReportMain {
    private ReportMain() {
    }

    public static void main(String[] args) throws Exception {
        long sleep = Long.parseLong(args[1]);
        OutputGuard.writeReportDirectory("--report", Path.of(args[0]), List.of(), dir -> {
            Files.writeString(dir.resolve("index.html"), "partial");
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
