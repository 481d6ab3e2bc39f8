package org.spinecho.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A reference curve of docs/model.md, "Checks": parameters in the header, then "Re Im" per sample. */
record ReferenceCurve(String name, SimulationParameters parameters, double[] re, double[] im) {

    static ReferenceCurve load(String name) throws IOException {
        try (InputStream in = ReferenceCurve.class.getResourceAsStream("/reference/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource /reference/" + name);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> header = new HashMap<>();
            for (String token : reader.readLine().substring(1).trim().split("\\s+")) {
                String[] kv = token.split("=", 2);
                header.put(kv[0], kv[1]);
            }
            List<double[]> rows = new ArrayList<>();
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] parts = line.trim().split("\\s+");
                rows.add(new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])});
            }
            double xi = Double.parseDouble(header.get("xi"));
            SimulationParameters p = new SimulationParameters(
                    CouplingKernel.of(header.get("kernel"), xi, 1),
                    Double.parseDouble(header.get("alpha")),
                    Double.parseDouble(header.get("alpha_z_ratio")),
                    Double.parseDouble(header.get("d")),
                    new Lattice(Integer.parseInt(header.get("L1")), Integer.parseInt(header.get("L2"))),
                    new LineShape(Double.parseDouble(header.get("nu0")), Double.parseDouble(header.get("bw")),
                            Double.parseDouble(header.get("fwhm"))),
                    SpectrumLayout.parse(header.get("layout")),
                    Long.parseLong(header.get("layout_seed")),
                    EchoSequence.DEFAULT.withNtau(Integer.parseInt(header.get("ntau")))
                            .withDt(Double.parseDouble(header.get("dt"))));
            double[] re = rows.stream().mapToDouble(r -> r[0]).toArray();
            double[] im = rows.stream().mapToDouble(r -> r[1]).toArray();
            return new ReferenceCurve(name, p, re, im);
        }
    }
}
