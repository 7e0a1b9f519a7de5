package io.prescale.ml.forecast.eval;

import io.prescale.ml.trace.OutputFiles;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;

/**
 * {@code forecast-eval --points FILE}: every scored entity-step of every model as one CSV row, so
 * that each printed figure can be recomputed from what was issued. Columns {@code
 * entity,timestamp,model,actual,lagged,mean,q0.5,q0.9,q0.95,q0.99}: the step scored (ISO-8601), y
 * there, y h steps before (the naive forecast MASE divides by), and what the model had issued for
 * it h steps before. Gzipped when the file name ends in {@code .gz}. Numbers as Java prints a
 * double (they read back exactly).
 */
public final class EvalPoints implements ScoredSteps, Closeable {
    /** The header row. */
    public static final String HEADER =
            "entity,timestamp,model,actual,lagged,mean,q0.5,q0.9,q0.95,q0.99";

    /**
     * Where the header's mean and quantile columns are in what a model issued: the point forecast,
     * the pinball levels 0.5, 0.9, 0.99, then the coverage levels 0.95, 0.99 ({@link
     * ForecastEval}).
     */
    private static final int[] ISSUED_COLUMNS = {0, 1, 2, 4, 3};

    private final Path file;
    private final Writer out;
    private long rows;
    private boolean finished;

    private EvalPoints(Path file, Writer out) {
        this.file = file;
        this.out = out;
    }

    /**
     * Starts {@code file} (its directory too) with the header, written to its {@link
     * OutputFiles#partial} until {@link #finish}.
     */
    public static EvalPoints create(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        var stream = Files.newOutputStream(OutputFiles.partial(file));
        var raw = file.toString().endsWith(".gz") ? new GZIPOutputStream(stream, 1 << 16) : stream;
        EvalPoints points =
                new EvalPoints(
                        file,
                        new BufferedWriter(
                                new OutputStreamWriter(raw, StandardCharsets.UTF_8), 1 << 16));
        points.out.write(HEADER);
        points.out.write('\n');
        return points;
    }

    @Override
    public void accept(
            String entity,
            long epochSeconds,
            String model,
            double actual,
            double lagged,
            double[] issued)
            throws IOException {
        out.write(entity);
        out.write(',');
        out.write(Instant.ofEpochSecond(epochSeconds).toString());
        out.write(',');
        out.write(model);
        number(actual);
        number(lagged);
        for (int i : ISSUED_COLUMNS) {
            number(issued[i]);
        }
        out.write('\n');
        rows++;
    }

    private void number(double v) throws IOException {
        out.write(',');
        out.write(Double.toString(v));
    }

    /** Rows written so far, the header not counted. */
    public long rows() {
        return rows;
    }

    /** Completes the file: renamed over {@code file}, an earlier run's, whole. */
    public void finish() throws IOException {
        out.close();
        OutputFiles.commit(file);
        finished = true;
    }

    /** Without {@link #finish}, a run that failed: its partial rows are deleted. */
    @Override
    public void close() throws IOException {
        if (!finished) {
            out.close();
            OutputFiles.discard(file);
        }
    }
}
