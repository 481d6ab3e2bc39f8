package org.spinecho.ml;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Compares architectures on a small simulated set. Not part of the normal build; run with
 * <pre>
 * mvn -o test -pl spinecho-ml -am -Dtest=ArchitectureBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dspinecho.bench=seed-mlp,cnn -Dspinecho.bench.n=2000 -Dspinecho.bench.epochs=100
 * </pre>
 * The data set (16×16 lattice, ntau 157, gauss priors) is cached in the system temp directory.
 */
@EnabledIfSystemProperty(named = "spinecho.bench", matches = ".+")
class ArchitectureBenchmark {

    @Test
    void compare() throws IOException {
        String kernel = System.getProperty("spinecho.bench.kernel", "gauss");
        int n = Integer.getInteger("spinecho.bench.n", 2000);
        int lattice = Integer.getInteger("spinecho.bench.lattice", 16);
        int ntau = Integer.getInteger("spinecho.bench.ntau", 157);
        int nTest = n / 5;
        SimulatedSet all = cached(kernel, n, lattice, ntau);
        SimulatedSet train = all.slice(0, n - nTest);
        SimulatedSet test = all.slice(n - nTest, n);
        for (String arch : System.getProperty("spinecho.bench").split(",")) {
            Trainer.Builder b = Trainer.builder().optSeed(1)
                    .optListener(r -> {
                        if (r.epoch() % 10 == 0 || r.epoch() == 1) {
                            System.out.println("  " + arch + " " + r);
                        }
                    });
            String specFile = System.getProperty("spinecho.bench.spec." + arch);
            if (specFile != null) {
                b.optArchitecture(ModelDirectory.JSON.readValue(Path.of(specFile).toFile(), ArchitectureSpec.class));
            } else {
                b.optArchitecture(arch);
            }
            String wd = System.getProperty("spinecho.bench.wd." + arch);
            if (wd != null) {
                b.optWeightDecay(Double.parseDouble(wd));
            }
            String epochs = System.getProperty("spinecho.bench.epochs." + arch,
                    System.getProperty("spinecho.bench.epochs"));
            if (epochs != null) {
                b.setEpochs(Integer.parseInt(epochs));
            }
            String lr = System.getProperty("spinecho.bench.lr." + arch);
            if (lr != null) {
                b.optLearningRate(Double.parseDouble(lr));
            }
            long t0 = System.nanoTime();
            try (Estimator m = b.build().train(train.re(), train.im(), train.params())) {
                double wall = (System.nanoTime() - t0) / 1e9;
                Manifest mf = m.manifest();
                Scores s = m.evaluate(test.re(), test.im(), test.params());
                System.out.printf(java.util.Locale.ROOT,
                        "RESULT %s: train %d val %d test %d, epochs run %d (best %d), %.1f s total, %.2f s/epoch,"
                                + " weights %d kB%n  test  %s%n  val   %s%n",
                        arch, mf.trainCount(), mf.valCount(), nTest, mf.epochsRun(), mf.bestEpoch(), wall,
                        wall / mf.epochsRun(), m.parameterBytes() / 1024, s, mf.metrics().get("validation"));
                if (ntau == 157) {
                    double[][] re = new double[6000][];
                    double[][] im = new double[6000][];
                    for (int i = 0; i < 6000; i++) {
                        re[i] = all.re()[i % n];
                        im[i] = all.im()[i % n];
                    }
                    Path dir = Files.createTempDirectory("bench-model");
                    ModelDirectory.save(m, dir.resolve("m"));
                    long t1 = System.nanoTime();
                    try (Estimator loaded = ModelDirectory.load(dir.resolve("m"))) {
                        long t2 = System.nanoTime();
                        loaded.predict(re, im);
                        System.out.printf(java.util.Locale.ROOT,
                                "  load %.2f s, predict 6000 curves %.2f s%n", (t2 - t1) / 1e9,
                                (System.nanoTime() - t2) / 1e9);
                    }
                }
            }
        }
    }

    static SimulatedSet cached(String kernel, int n, int lattice, int ntau) throws IOException {
        Path file = Path.of(System.getProperty("java.io.tmpdir"),
                "spinecho-bench-" + kernel + "-" + n + "-" + lattice + "-" + ntau + ".bin");
        int len = 3 * ntau;
        if (Files.exists(file)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                double[][] re = new double[n][len];
                double[][] im = new double[n][len];
                double[][] p = new double[n][3];
                for (int i = 0; i < n; i++) {
                    for (int s = 0; s < len; s++) {
                        re[i][s] = in.readDouble();
                        im[i][s] = in.readDouble();
                    }
                    for (int k = 0; k < 3; k++) {
                        p[i][k] = in.readDouble();
                    }
                }
                return new SimulatedSet(re, im, p);
            }
        }
        long t0 = System.nanoTime();
        SimulatedSet set = SimulatedSet.generate(kernel, n, lattice, ntau, 2024, 1);
        System.out.printf(java.util.Locale.ROOT, "simulated %d curves (%dx%d, ntau %d) in %.1f s on 1 thread%n",
                n, lattice, lattice, ntau, (System.nanoTime() - t0) / 1e9);
        Path tmp = Files.createTempFile(file.getParent(), "spinecho-bench", ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < len; s++) {
                    out.writeDouble(set.re()[i][s]);
                    out.writeDouble(set.im()[i][s]);
                }
                for (int k = 0; k < 3; k++) {
                    out.writeDouble(set.params()[i][k]);
                }
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return set;
    }
}
