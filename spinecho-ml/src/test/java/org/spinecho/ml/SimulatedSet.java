package org.spinecho.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.spinecho.sim.BatchSimulator;
import org.spinecho.sim.CouplingKernel;
import org.spinecho.sim.EchoCurve;
import org.spinecho.sim.EchoSequence;
import org.spinecho.sim.Lattice;
import org.spinecho.sim.MeanFieldMethod;
import org.spinecho.sim.SimulationParameters;

/** Small in-process data sets drawn from the standard priors (docs/model.md), for tests and benchmarks. */
record SimulatedSet(double[][] re, double[][] im, double[][] params) {

    /** gauss: α ∈ [0,1]; rkky: α ∈ [0,3]; ξ ∈ [3,20]; d ∈ [2,5]; one layout seed per curve. */
    static SimulatedSet generate(String kernel, int n, int lattice, int ntau, long seed, int threads) {
        Random rnd = new Random(seed);
        double alphaMax = kernel.equals("rkky") ? 3 : 1;
        List<SimulationParameters> ps = new ArrayList<>(n);
        double[][] params = new double[n][];
        for (int i = 0; i < n; i++) {
            double alpha = alphaMax * rnd.nextDouble();
            double xi = 3 + 17 * rnd.nextDouble();
            double d = 2 + 3 * rnd.nextDouble();
            params[i] = new double[] {alpha, xi, d};
            ps.add(SimulationParameters.of(CouplingKernel.of(kernel, xi, 0), alpha, d)
                    .withLattice(new Lattice(lattice, lattice))
                    .withSequence(EchoSequence.DEFAULT.withNtau(ntau))
                    .withLayoutSeed(seed * 1_000_003L + i));
        }
        List<EchoCurve> curves = new BatchSimulator(threads).simulate(ps, MeanFieldMethod.FFT);
        double[][] re = new double[n][];
        double[][] im = new double[n][];
        for (int i = 0; i < n; i++) {
            re[i] = curves.get(i).re();
            im[i] = curves.get(i).im();
        }
        return new SimulatedSet(re, im, params);
    }

    SimulatedSet slice(int from, int to) {
        return new SimulatedSet(java.util.Arrays.copyOfRange(re, from, to), java.util.Arrays.copyOfRange(im, from, to),
                java.util.Arrays.copyOfRange(params, from, to));
    }

    int size() {
        return re.length;
    }
}
