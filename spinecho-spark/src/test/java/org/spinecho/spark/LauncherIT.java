package org.spinecho.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinecho.data.DatasetGenerator;
import org.spinecho.data.GenerationListener;
import org.spinecho.data.GenerationOptions;

/**
 * The packaged module as a user runs it: the checkout's launcher starts {@code spark-generate} with
 * the jar and the libraries the build copied (Spark among them), and the text files it writes are
 * those of the single-machine generator, byte for byte. Runs after {@code package} (Failsafe), so
 * that a launcher classpath without Spark fails the build.
 */
class LauncherIT {
    @TempDir
    Path dir;

    @Test
    void theLaunchersSparkGenerateRunsAndMatchesTheGenerator() throws IOException, InterruptedException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path launcher = root.resolve("spinecho");
        assertTrue(Files.isRegularFile(launcher), "the launcher at " + launcher);
        Path out = dir.resolve("spark");
        Path log = dir.resolve("launcher.log");
        Process p = new ProcessBuilder("bash", launcher.toString(), "spark-generate", "--master", "local[1]",
                "--preset", "gauss", "--count", "3", "--seed", "5", "--lattice", "6x6", "--ntau", "5",
                "--partitions", "2", "--out", out.toString(), "--text")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "spark-generate did not finish");
        assertEquals(0, p.exitValue(), Files.readString(log));

        Path reference = dir.resolve("reference");
        new DatasetGenerator(GenerationOptions.of("gauss", "model", 3, 5L, 0, null, null, null, "6x6", 5, null)
                .toSpec(), reference).threads(1).run(GenerationListener.NONE);
        for (String name : List.of("gauss_echos_model_r.txt", "gauss_echos_model_i.txt", "gauss_mat_info_model.txt")) {
            assertArrayEquals(Files.readAllBytes(reference.resolve(name)), Files.readAllBytes(out.resolve(name)), name);
        }
    }
}
