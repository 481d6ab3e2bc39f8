package org.spinecho.sim;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Two builds of the simulator timed side by side in one JVM (docs/results.md, "Simulator speed"):
 * not a test, a program. Each build is loaded from its own class path (e.g. the spinecho-sim jar
 * of an older checkout and of this one, each with JTransforms); default curves (gauss or rkky,
 * α = 0.5, ξ = 8, d = 3) of the two alternate on one thread, and the thread CPU time of each is
 * printed (best and median), so that a busy machine disturbs both alike.
 * {@code java -XX:LoopUnrollLimit=250 -cp spinecho-sim/target/test-classes org.spinecho.sim.SideBySide CLASSPATH_A CLASSPATH_B [gauss|rkky] [curves] [side]}
 */
public final class SideBySide {
    private SideBySide() {
    }

    public static void main(String[] args) throws Exception {
        String kernel = args.length > 2 ? args[2] : "gauss";
        int curves = args.length > 3 ? Integer.parseInt(args[3]) : 15;
        int side = args.length > 4 ? Integer.parseInt(args[4]) : 50;
        Build[] builds = {Build.load(args[0], kernel, side), Build.load(args[1], kernel, side)};
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int warmUp = side <= 50 ? 12 : 2;
        double[][] cpuMs = new double[2][curves];
        for (int r = -warmUp; r < curves; r++) {
            for (int i = 0; i < 2; i++) {
                int b = (r & 1) == 0 ? i : 1 - i; // A first on even rounds, B first on odd ones
                long c0 = threads.getCurrentThreadCpuTime();
                builds[b].curve();
                double ms = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
                if (r >= 0) {
                    cpuMs[b][r] = ms;
                }
            }
        }
        System.out.printf(Locale.ROOT, "kernel=%s lattice=%dx%d curves=%d (after %d warm-up curves each, alternated)%n",
                kernel, side, side, curves, warmUp);
        for (int b = 0; b < 2; b++) {
            double[] sorted = cpuMs[b].clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "%s_cpu_ms_best=%.1f %s_cpu_ms_median=%.1f%n", b == 0 ? "A" : "B", sorted[0],
                    b == 0 ? "A" : "B", sorted[sorted.length / 2]);
        }
    }

    /** One build: new MeanFieldIntegrator(p).run() through its own class loader. */
    private record Build(Constructor<?> integrator, Object parameters, Method run) {
        static Build load(String classPath, String kernel, int side) throws Exception {
            List<URL> urls = new ArrayList<>();
            for (String entry : classPath.split(java.io.File.pathSeparator)) {
                urls.add(Path.of(entry).toUri().toURL());
            }
            ClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
            Class<?> kernelClass = loader.loadClass("org.spinecho.sim.CouplingKernel$"
                    + (kernel.equals("rkky") ? "Rkky" : "Gaussian"));
            Object k = kernelClass.getConstructor(double.class).newInstance(8.0);
            Class<?> params = loader.loadClass("org.spinecho.sim.SimulationParameters");
            Object p = params.getMethod("of", loader.loadClass("org.spinecho.sim.CouplingKernel"), double.class,
                    double.class).invoke(null, k, 0.5, 3.0);
            Class<?> lattice = loader.loadClass("org.spinecho.sim.Lattice");
            p = params.getMethod("withLattice", lattice)
                    .invoke(p, lattice.getConstructor(int.class, int.class).newInstance(side, side));
            Class<?> integrator = loader.loadClass("org.spinecho.sim.MeanFieldIntegrator");
            return new Build(integrator.getConstructor(params), p, integrator.getMethod("run"));
        }

        void curve() throws Exception {
            run.invoke(integrator.newInstance(parameters));
        }
    }
}
