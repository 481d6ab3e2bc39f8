package org.spinecho.ml.fit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.spinecho.data.Kernel;

/**
 * The fit's calibrated temperature for a kernel: the T of {@link ValleyPosterior} with which the
 * fit's 90% intervals covered the truth on a calibration set (curves used for nothing else), chosen
 * by leave-one-out over that set's fitted curves ({@link TemperatureCalibration}). The values live in
 * the resource {@code fit-calibration.json} beside this class, with the commands that measured them;
 * a kernel without an entry gets T = 1 (the Gaussian quasi-likelihood as it is).
 *
 * @param kernel      the kernel
 * @param temperature T ≥ 1
 * @param curves      how many calibration curves chose it (0: not calibrated)
 * @param provenance  how it was measured (the commands), or "not calibrated"
 */
public record FitCalibration(Kernel kernel, double temperature, int curves, String provenance) {
    private static final String RESOURCE = "fit-calibration.json";

    public FitCalibration {
        if (kernel == null || !(temperature >= 1) || !Double.isFinite(temperature) || curves < 0
                || provenance == null) {
            throw new IllegalArgumentException("invalid fit calibration for " + kernel + ": T = " + temperature);
        }
    }

    /** The shipped calibration of {@code kernel}. */
    public static FitCalibration of(Kernel kernel) {
        try (InputStream in = FitCalibration.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + RESOURCE + " is missing from the jar");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            if (!"spinecho-fit-calibration".equals(root.path("format").asText())
                    || root.path("format_version").asInt() != 1) {
                throw new IllegalStateException(RESOURCE + " is not a fit calibration of format version 1");
            }
            JsonNode k = root.path("kernels").path(kernel.id());
            if (k.isMissingNode()) {
                return new FitCalibration(kernel, 1, 0, "not calibrated");
            }
            return new FitCalibration(kernel, k.path("temperature").asDouble(Double.NaN), k.path("curves").asInt(-1),
                    k.path("provenance").asText(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
