package org.spinecho.data;

import java.nio.file.Path;

/**
 * Runs a small generation in a child JVM for {@link DatasetGeneratorTest}: writes every curve as
 * soon as it is done and sleeps after each, so that the test can kill the process mid-way.
 * Arguments: dir count seed sleepMillis.
 */
public final class GenerateMain {
    private GenerateMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        long seed = Long.parseLong(args[2]);
        long sleep = Long.parseLong(args[3]);
        new DatasetGenerator(DatasetGeneratorTest.tinySpec(count, seed), dir).threads(2).flushEvery(1)
                .run((done, total) -> {
                    try {
                        Thread.sleep(sleep);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
    }
}
