package org.spinecho.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.spinecho.sim.Theta;

/**
 * The Parquet form of a data set: one file per part, one row per curve with its index, its
 * parameters and its samples ({@code index int, alpha double, xi double, d double,
 * re array<double>, im array<double>}, the standard three-level LIST layout, so Spark, pandas
 * or DuckDB read it as arrays). Each file carries the set's settings and its part in its key-value
 * metadata. A file is written under a temporary name and renamed, so a part's file either exists
 * complete or not at all. {@link #read(Path)} reads such a directory back as an
 * {@link EchoDataset}, so that training and evaluation take a big set without a text copy.
 */
public final class CurveParquet {
    /** The schema of a row. */
    public static final MessageType SCHEMA = MessageTypeParser.parseMessageType("message spinecho_curve {\n"
            + "  required int32 index;\n"
            + Theta.NAMES.stream().map(name -> "  required double " + name + ";\n").collect(Collectors.joining())
            + "  required group re (LIST) { repeated group list { required double element; } }\n"
            + "  required group im (LIST) { repeated group list { required double element; } }\n"
            + "}");

    private CurveParquet() {
    }

    /** The file of part {@code shard}: {@code part-00003-of-00008.parquet}. */
    public static String fileName(Shard shard) {
        return String.format("part-%05d-of-%05d.parquet", shard.part(), shard.parts());
    }

    /**
     * Writes the curves of part {@code shard} to {@code file} through a temporary file in the
     * same directory (ignored by Parquet readers: its name starts with a dot) and an atomic rename.
     *
     * @param curves   the part's curves in index order
     * @param metadata key-value metadata stored in the file's footer
     */
    public static void write(Path file, GenerationSpec spec, Shard shard, List<GenerationSpec.Curve> curves,
                             Map<String, String> metadata) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        SimpleGroupFactory rows = new SimpleGroupFactory(SCHEMA);
        boolean done = false;
        try {
            try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(tmp))
                    .withType(SCHEMA)
                    .withCompressionCodec(CompressionCodecName.SNAPPY)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .withExtraMetaData(metadata)
                    .build()) {
                int index = shard.first(spec.count());
                for (GenerationSpec.Curve c : curves) {
                    Group row = rows.newGroup().append("index", index++);
                    for (int k = 0; k < Theta.SIZE; k++) {
                        row.append(Theta.NAMES.get(k), c.params()[k]);
                    }
                    addList(row.addGroup("re"), c.re());
                    addList(row.addGroup("im"), c.im());
                    writer.write(row);
                }
            }
            AtomicFiles.move(tmp, file);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Reads the Parquet files of a data set ({@code part-*.parquet} in {@code dir}, as
     * {@code spark-generate} writes them, or a single {@code .parquet} file) as one set in index
     * order.
     *
     * @throws DataFormatException naming the file and row (1-based) if there are no part files,
     *                             a row lacks a column, the indices are not exactly 0 … n−1
     *                             (a part missing or duplicated), the curves differ in length or a
     *                             value is not finite
     */
    public static EchoDataset read(Path dir) {
        List<Path> files = partFiles(dir);
        List<double[]> re = new ArrayList<>();
        List<double[]> im = new ArrayList<>();
        List<double[]> params = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        List<Path> from = new ArrayList<>();
        for (Path f : files) {
            int row = 0;
            try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
                    new org.apache.hadoop.fs.Path(f.toAbsolutePath().toUri())).build()) {
                Group g;
                while ((g = reader.read()) != null) {
                    row++;
                    try {
                        index.add(g.getInteger("index", 0));
                        double[] theta = new double[Theta.SIZE];
                        for (int k = 0; k < Theta.SIZE; k++) {
                            theta[k] = g.getDouble(Theta.NAMES.get(k), 0);
                        }
                        params.add(theta);
                        re.add(list(g.getGroup("re", 0)));
                        im.add(list(g.getGroup("im", 0)));
                        from.add(f);
                    } catch (RuntimeException e) {
                        throw new DataFormatException(f, row, 1, "not a spinecho curve row (" + e.getMessage() + ")");
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (e instanceof DataFormatException dfe) {
                    throw dfe;
                }
                throw new DataFormatException(f, Math.max(1, row), 1, "cannot read Parquet: " + e.getMessage());
            }
        }
        int n = index.size();
        if (n == 0) {
            throw new DataFormatException(files.get(0), 1, 1, "no curves");
        }
        double[][] r = new double[n][];
        double[][] i = new double[n][];
        double[][] p = new double[n][];
        Path[] source = new Path[n];
        for (int k = 0; k < n; k++) {
            int at = index.get(k);
            if (at < 0 || at >= n) {
                throw new DataFormatException(from.get(k), 1, 1, "curve index " + at + " outside 0.." + (n - 1)
                        + ": a part of the set is missing or extra");
            }
            if (r[at] != null) {
                throw new DataFormatException(from.get(k), 1, 1, "curve index " + at + " appears twice (also in "
                        + source[at].getFileName() + ")");
            }
            r[at] = re.get(k);
            i[at] = im.get(k);
            p[at] = params.get(k);
            source[at] = from.get(k);
        }
        try {
            return new EchoDataset(r, i, p);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(dir, 1, 1, e.getMessage());
        }
    }

    /** The part files of a Parquet data set, by name; a {@code .parquet} file stands for itself. */
    public static List<Path> partFiles(Path dir) {
        if (Files.isRegularFile(dir)) {
            return List.of(dir);
        }
        if (!Files.isDirectory(dir)) {
            throw new DataFormatException(dir, 1, 1, "no such Parquet file or directory");
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.parquet")) {
            for (Path f : ds) {
                String name = f.getFileName().toString();
                if (!name.startsWith(".") && !name.startsWith("_")) {
                    files.add(f);
                }
            }
        } catch (IOException e) {
            throw new DataFormatException(dir, 1, 1, "cannot list: " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new DataFormatException(dir, 1, 1, "no .parquet files");
        }
        files.sort(null);
        return files;
    }

    private static double[] list(Group list) {
        int n = list.getFieldRepetitionCount("list");
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = list.getGroup("list", k).getDouble("element", 0);
        }
        return v;
    }

    private static void addList(Group list, double[] values) {
        for (double v : values) {
            list.addGroup("list").append("element", v);
        }
    }
}
