package org.spinecho.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
    @TempDir
    Path dir;

    private String err;

    private int run(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "generate";
        System.arraycopy(args, 0, all, 1, args.length);
        CliRun r = CliRun.run(all);
        err = r.err();
        return r.exitCode();
    }

    private String[] tiny(String... extra) {
        String[] base = {"--preset", "gauss", "--count", "6", "--seed", "3", "--out", dir.toString(),
            "--lattice", "6x6", "--ntau", "5", "--threads", "2"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void generatesThenReportsComplete() throws Exception {
        assertEquals(0, run(tiny("--split", "eval", "--noise", "1e-3", "--alpha", "0.2:0.4")), err);
        assertTrue(Files.exists(dir.resolve("gauss_echos_eval_r.txt")));
        assertTrue(Files.exists(dir.resolve("gauss_eval_manifest.json")));
        assertEquals(6, Files.readAllLines(dir.resolve("gauss_mat_info_eval.txt")).size());
        assertEquals(0, run(tiny("--split", "eval", "--noise", "1e-3", "--alpha", "0.2:0.4")), err);
        assertTrue(err.contains("already complete"), err);
    }

    @Test
    void badInputIsOneLineAndStatus2() {
        String[][] cases = {
            tiny("--alpha", "2:1"), tiny("--xi", "0:3"), tiny("--d", "x:1"), tiny("--alpha", "-1:1"),
            {"--preset", "gauss", "--count", "6", "--seed", "3", "--out", dir.toString(), "--lattice", "6by6"},
            tiny("--split", "train"), tiny("--noise", "-1"),
            {"--preset", "gauss", "--count", "6", "--seed", "3", "--out", dir.toString(), "--threads", "0"},
            {"--preset", "power", "--count", "6", "--seed", "3", "--out", dir.toString()},
            {"--preset", "gauss", "--count", "0", "--seed", "3", "--out", dir.toString()},
        };
        String[] options = {"--alpha", "--xi", "--d", "--alpha", "--lattice", "--split", "--noise", "--threads",
            "--preset", "--count"};
        for (int k = 0; k < cases.length; k++) {
            assertEquals(2, run(cases[k]), err);
            assertEquals(1, err.lines().count(), err);
            assertTrue(err.startsWith("spinecho generate: " + options[k]), err);
        }
        assertFalse(Files.exists(dir.resolve("gauss_echos_model_r.txt")));
    }

    @Test
    void refusesADifferentCommandOnTheSameOutput() {
        assertEquals(0, run(tiny()), err);
        assertEquals(2, run(tiny("--noise", "0.1")), err);
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains("--noise 0.0 (this command: 0.1)"), err);
    }
}
