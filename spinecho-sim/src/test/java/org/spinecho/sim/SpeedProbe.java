package org.spinecho.sim;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Where the simulator's time goes and what bounds it (docs/results.md, "Simulator speed"): not a
 * test, a program. Thread CPU time, best of several rounds of 471 steps on one thread:
 * <ul>
 *   <li>the mean field as the integrator calls it, and inside it the lattice FFT's transform
 *       calls alone (the same shapes, forward and inverse) with their rate in GFLOP/s, and the
 *       transposes alone (what is left: packing P·m, the product with the kernel's transform,
 *       unpacking with Δ, and the caches between them);</li>
 *   <li>the propagator on states of a real run;</li>
 *   <li>two plain loops for reference: a polynomial (16 flops per element read and written, the
 *       arithmetic peak of a vectorised Java loop) and x·a + y·b (3 flops per 2 loads and a store,
 *       the rate of a loop bound by its loads and stores).</li>
 * </ul>
 * Run after {@code mvn -q -DskipTests package} and {@code mvn -q -pl spinecho-sim test-compile}:
 * {@code java -XX:LoopUnrollLimit=250 -cp "spinecho-sim/target/classes:spinecho-sim/target/test-classes:spinecho-app/target/lib/*" org.spinecho.sim.SpeedProbe [side]}
 */
public final class SpeedProbe {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int STEPS = 471;
    private static final int ROUNDS = 12;

    private SpeedProbe() {
    }

    public static void main(String[] args) {
        int side = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        SimulationParameters p = SimulationParameters.of(new CouplingKernel.Gaussian(8), 0.5, 3)
                .withLattice(new Lattice(side, side));
        int l1 = side;
        int l2 = side;
        int h2 = l2 / 2;
        int n = l1 * l2;
        // the mean field as the integrator calls it
        MeanField field = MeanField.of(MeanFieldMethod.FFT, p.lattice(), p.kernel(), p.alpha(), p.alphaZ());
        Spectrum spectrum = p.spectrum();
        double[] weights = spectrum.weights();
        double[] offsets = spectrum.offsets();
        double[][] m = new double[3][n];
        java.util.Random random = new java.util.Random(1);
        for (double[] c : m) {
            for (int k = 0; k < n; k++) {
                c[k] = random.nextDouble() - 0.5;
            }
        }
        double[][] o = new double[3][n];
        double[][] w = new double[3][n];
        double meanField = best(() -> {
            for (int s = 0; s < STEPS; s++) {
                field.computeFromState(weights, m[0], m[1], m[2], offsets, o[0], o[1], o[2], w[0], w[1], w[2]);
            }
        });
        // the transform calls alone: x–y along j (L2, L1 lanes), packed z along j (H2, L1 lanes),
        // both along i (L1, L2 + H2 lanes); each forward and inverse once per step
        LaneFft fftJ = new LaneFft(l2);
        LaneFft fftJHalf = new LaneFft(h2);
        LaneFft fftI = new LaneFft(l1);
        int width = l2 + h2;
        double[][][] j = rows(6, l2, l1);
        double[][][] z = rows(6, h2, l1);
        double[][][] i = rows(6, l1, width);
        for (double[][][] b : new double[][][][] {j, z, i}) {
            for (double[] row : b[0]) {
                for (int e = 0; e < row.length; e++) {
                    row[e] = 1e-3 * (random.nextDouble() - 0.5);
                }
            }
        }
        double transforms = best(() -> {
            for (int s = 0; s < STEPS; s++) {
                for (int pass = 0; pass < 2; pass++) { // forward, then inverse (re and im exchanged)
                    fftJ.forward(j[0], j[1], j[2], j[3], j[4], j[5], l1);
                    fftJHalf.forward(z[0], z[1], z[2], z[3], z[4], z[5], l1);
                    fftI.forward(i[0], i[1], i[2], i[3], i[4], i[5], width);
                }
            }
        });
        double flops = 2.0 * STEPS * (fftJ.flopsPerLane() * l1 + fftJHalf.flopsPerLane() * l1
                + fftI.flopsPerLane() * width);
        // the transposes of one step: x–y and z, re and im, into the pass along i and back
        double transposes = best(() -> {
            for (int s = 0; s < STEPS; s++) {
                for (int part = 0; part < 2; part++) {
                    FftMeanField.transposeInto(j[2 + part], 0, i[part], 0, l2, l1);
                    FftMeanField.transposeInto(z[2 + part], 0, i[part], l2, h2, l1);
                    FftMeanField.transposeFrom(i[2 + part], 0, j[part], 0, l2, l1);
                    FftMeanField.transposeFrom(i[2 + part], l2, z[part], 0, h2, l1);
                }
            }
        });
        // the propagator on states of a real run (steps 100, 250, 400)
        double[][][] states = new double[3][][];
        int[] at = {100, 250, 400};
        int[] taken = {0};
        new MeanFieldIntegrator(p).run((sample, mx, my, mz) -> {
            if (taken[0] < 3 && sample == at[taken[0]]) {
                double[][] omega = new double[3][n];
                field.computeFromState(weights, mx, my, mz, offsets, omega[0], omega[1], omega[2], w[0], w[1], w[2]);
                states[taken[0]++] = new double[][] {omega[0], omega[1], omega[2], mx.clone(), my.clone(), mz.clone()};
            }
        });
        double g = p.dephasingRate() / 2;
        double h = p.sequence().dt();
        BlochPropagator propagator = new BlochPropagator(n);
        double[][] v = new double[3][n];
        double propagate = best(() -> {
            for (int s = 0; s < STEPS; s++) {
                double[][] st = states[s % 3];
                if (s % 157 == 0) {
                    for (int c = 0; c < 3; c++) {
                        System.arraycopy(st[3 + c], 0, v[c], 0, n);
                    }
                }
                propagator.advanceAll(st[0], st[1], st[2], g, h, Math.exp(-g * h), v[0], v[1], v[2], n);
            }
        });
        // reference loops on 2,500-element arrays
        double[] x = new double[2500];
        double[] y = new double[2500];
        double[] u = new double[2500];
        for (int k = 0; k < x.length; k++) {
            x[k] = 1e-3 * k;
            y[k] = 1 - 1e-3 * k;
        }
        int reps = 4000;
        double poly = best(() -> {
            for (int r = 0; r < reps; r++) {
                polynomial(x, u);
            }
        });
        double axpy = best(() -> {
            for (int r = 0; r < reps; r++) {
                linear(x, y, u);
            }
        });
        System.out.printf(Locale.ROOT, "lattice=%dx%d%n", side, side);
        System.out.printf(Locale.ROOT, "cpu_ms_mean_field_471_steps=%.2f%n", meanField);
        System.out.printf(Locale.ROOT, "cpu_ms_transform_calls_471_steps=%.2f%n", transforms);
        System.out.printf(Locale.ROOT, "transform_gflop_per_curve=%.4f%n", flops / 1e9);
        System.out.printf(Locale.ROOT, "transform_gflops=%.1f%n", flops / transforms / 1e6);
        System.out.printf(Locale.ROOT, "cpu_ms_transposes_471_steps=%.2f%n", transposes);
        System.out.printf(Locale.ROOT, "ns_per_transposed_element=%.2f%n",
                transposes * 1e6 / (STEPS * 2.0 * 2 * (l2 * l1 + h2 * l1)));
        System.out.printf(Locale.ROOT, "cpu_ms_mean_field_other_471_steps=%.2f%n", meanField - transforms - transposes);
        System.out.printf(Locale.ROOT, "cpu_ms_propagator_471_steps=%.2f%n", propagate);
        System.out.printf(Locale.ROOT, "ns_per_spin_step_propagator=%.2f%n", propagate * 1e6 / (STEPS * (double) n));
        System.out.printf(Locale.ROOT, "gflops_polynomial_loop=%.1f%n", 16.0 * x.length * reps / poly / 1e6);
        System.out.printf(Locale.ROOT, "gflops_x_a_plus_y_b_loop=%.1f%n", 3.0 * x.length * reps / axpy / 1e6);
    }

    private static double[][][] rows(int buffers, int count, int lanes) {
        double[][][] out = new double[buffers][count][lanes];
        return out;
    }

    private static void polynomial(double[] x, double[] out) {
        for (int k = 0; k < x.length; k++) {
            double v = x[k];
            out[k] = ((((((((v * 0.9 + 0.1) * v + 0.2) * v + 0.3) * v + 0.4) * v + 0.5) * v + 0.6) * v + 0.7) * v + 0.8);
        }
    }

    private static void linear(double[] x, double[] y, double[] out) {
        for (int k = 0; k < x.length; k++) {
            out[k] = x[k] * 1.0001 + y[k] * 0.9999;
        }
    }

    /** The least thread CPU time of {@code ROUNDS} runs after two warm-ups, in ms. */
    private static double best(Runnable work) {
        double best = Double.POSITIVE_INFINITY;
        for (int r = -2; r < ROUNDS; r++) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            work.run();
            double ms = (THREADS.getCurrentThreadCpuTime() - t0) / 1e6;
            if (r >= 0) {
                best = Math.min(best, ms);
            }
        }
        return best;
    }
}
