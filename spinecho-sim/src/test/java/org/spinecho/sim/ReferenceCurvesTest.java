package org.spinecho.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/model.md, "Checks": every reference curve (made by an independent implementation of docs/model.md; parameters
 * in each file's header) is reproduced to 1e-9 on every sample.
 */
class ReferenceCurvesTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "curve1_gauss_random.txt", "curve2_rkky_random.txt", "curve3_gauss_random.txt",
        "curve4_rkky_random.txt", "curve5_gauss_random.txt", "curve6_rkky_random.txt",
        "curve7_gauss_random.txt", "curve8_gauss_ordered.txt"})
    void reproducesReferenceCurve(String name) throws IOException {
        ReferenceCurve ref = ReferenceCurve.load(name);
        EchoCurve curve = new MeanFieldIntegrator(ref.parameters()).run();
        assertEquals(ref.re().length, curve.size(), "sample count");
        assertEquals(3 * ref.parameters().sequence().ntau(), curve.size());
        double worst = 0;
        for (int i = 0; i < curve.size(); i++) {
            worst = Math.max(worst, Math.abs(curve.re(i) - ref.re()[i]));
            worst = Math.max(worst, Math.abs(curve.im(i) - ref.im()[i]));
        }
        assertTrue(worst <= 1e-9, name + ": largest deviation " + worst);
    }
}
