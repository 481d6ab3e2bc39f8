package org.spinecho.app;

import java.nio.file.Path;
import java.util.Iterator;
import org.spinecho.data.Kernel;
import org.spinecho.sim.Lattice;
import org.spinecho.sim.MeanFieldMethod;
import org.spinecho.sim.SpectrumLayout;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The options several commands share (picocli mixins) and the converters of typed option values.
 * A converter's message completes the option's name: "--kernel must be one of gauss, rkky, ...".
 */
final class Options {
    private Options() {
    }

    /** --threads: simulation threads, 1..1024, default all processors. */
    static final class Threads {
        @Option(names = "--threads", paramLabel = "T",
                description = "Threads (1..1024; the results do not depend on it). Default: all processors.")
        Integer threads;

        int count() {
            return threads == null ? Runtime.getRuntime().availableProcessors()
                    : OptionChecks.intInRange("--threads", threads, 1, 1024);
        }
    }

    /** --model DIR, by default the shipped model of the command's kernel. */
    static final class Model {
        @Option(names = "--model", paramLabel = "DIR",
                description = "Model directory (e.g. models/gauss). With --kernel, default: the shipped models/<kernel>.")
        Path model;

        /** --model, which this command needs. */
        Path required() {
            if (model == null) {
                throw new UsageError("missing --model DIR");
            }
            return model;
        }

        /** The model directory: --model, or the shipped one of {@code kernel} (null: --model is required). */
        Path dir(Kernel kernel) {
            if (model != null) {
                return model;
            }
            if (kernel == null) {
                throw new UsageError("give --model DIR, or --kernel for the shipped model of a kernel");
            }
            return ModelLoading.defaultModels().resolve(kernel.id());
        }
    }

    /** --lattice L1xL2, default 50x50. */
    static final class LatticeOption {
        @Option(names = "--lattice", paramLabel = "L1xL2", defaultValue = "50x50", converter = LatticeConverter.class,
                description = "Periodic lattice of L1 x L2 spins; both sides >= 2. Default: ${DEFAULT-VALUE}.")
        Lattice lattice;
    }

    /** Any kernel: gauss, rkky, power, uniform. */
    static final class KernelConverter implements ITypeConverter<Kernel> {
        @Override
        public Kernel convert(String value) {
            try {
                return Kernel.of(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A kernel with a preset prior: gauss or rkky. */
    static final class PresetKernelConverter implements ITypeConverter<Kernel> {
        @Override
        public Kernel convert(String value) {
            Kernel k = new KernelConverter().convert(value);
            if (!k.hasPreset()) {
                throw new TypeConversionException("must be one of " + Kernel.names(Kernel.presets()) + ", got '"
                        + value + "'");
            }
            return k;
        }
    }

    /** The names gauss, rkky for help texts (${COMPLETION-CANDIDATES}). */
    static final class PresetKernels implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Kernel.presets().stream().map(Kernel::id).iterator();
        }
    }

    /** L1xL2. */
    static final class LatticeConverter implements ITypeConverter<Lattice> {
        @Override
        public Lattice convert(String value) {
            try {
                return Lattice.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** random or ordered. */
    static final class LayoutConverter implements ITypeConverter<SpectrumLayout> {
        @Override
        public SpectrumLayout convert(String value) {
            for (SpectrumLayout layout : SpectrumLayout.values()) {
                if (layout.id().equals(value)) {
                    return layout;
                }
            }
            throw new TypeConversionException("must be random or ordered, got '" + value + "'");
        }
    }

    /** fft or direct. */
    static final class MethodConverter implements ITypeConverter<MeanFieldMethod> {
        @Override
        public MeanFieldMethod convert(String value) {
            return switch (value) {
                case "fft" -> MeanFieldMethod.FFT;
                case "direct" -> MeanFieldMethod.DIRECT;
                default -> throw new TypeConversionException("must be fft or direct, got '" + value + "'");
            };
        }
    }
}
