package org.spinecho.web;

import org.spinecho.sim.EchoSequence;

/**
 * A curve as the API answers it: Re and Im of samples s = 1 … 3·ntau (time s·dt), and the times the
 * page marks, in µs (1 u = 1/(2π·1 MHz)): the π pulse after sample ntau, the echo of a
 * non-interacting ensemble at sample 2·ntau.
 */
record SimulatedCurve(double[] re, double[] im, int ntau, double dtUs,
                      double piPulseUs,
                      double echoUs) {
    /** Microseconds per time unit u. */
    static final double MICROSECONDS_PER_U = 1 / (2 * Math.PI);

    static SimulatedCurve of(double[] re, double[] im, EchoSequence sequence) {
        double dtUs = sequence.dt() * MICROSECONDS_PER_U;
        return new SimulatedCurve(re, im, sequence.ntau(), dtUs, sequence.ntau() * dtUs,
                sequence.echoSample() * dtUs);
    }
}
