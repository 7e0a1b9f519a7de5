package io.prescale.benchmarks.anomaly;

import io.prescale.ml.trace.DemandGrid;
import io.prescale.ml.trace.TraceReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A labelled anomaly benchmark in NAB's layout ({@code OUT/data/*.csv}, {@code OUT/windows.json})
 * made from real traces of {@code ../shared/data} with injected anomalies, as a check of the
 * detectors that is independent of NAB's 17 AWS files (issue 3). Seeded: the same seed writes the
 * same files.
 *
 * <p>Series: 12 Azure VMs ({@code cpu_avg_pct}, first 14 days), 8 Google jobs ({@code cpu_pct}, 10
 * days) and the NASA web server ({@code requests_per_min} at 300 s, three 14-day segments), chosen
 * by the seed among the entities with a non-constant trace. Each gets 1 to 3 anomalies after the
 * first 20 % of its points, at least one window apart, of these kinds, with {@code σ} the series'
 * robust noise scale ({@code 1.4826 · MAD} of its first differences / √2, floored at 5 % of its
 * 1–99 % range) and {@code R} its 50–99 % range:
 *
 * <ul>
 *   <li><b>spike</b>: 1–3 points raised by {@code R · U(0.5, 1.5) + 6σ};
 *   <li><b>shift</b>: a level change of {@code ±σ · U(4, 8)} lasting 1–2 days;
 *   <li><b>drift</b>: a ramp to {@code +σ · U(6, 12)} over 2–6 hours, held for a day;
 *   <li><b>outage</b>: the value falls to the series' 1st percentile for 1–4 hours;
 *   <li><b>noise</b>: deviations from a 1-hour moving mean multiplied by 4 for 2–6 hours.
 * </ul>
 *
 * Values stay at or above 0. Windows follow NAB's rule: 10 % of the series length divided among its
 * anomalies, centred on each onset.
 *
 * <p>Usage: {@code SyntheticNab OUT_DIR [FIRST_SEED [SEEDS [SHARED_DATA_DIR]]]} (defaults 1, 3 and
 * {@code ../shared/data}): seeds {@code FIRST_SEED .. FIRST_SEED + SEEDS − 1} each write 23 series
 * under {@code OUT_DIR/data/seed<N>/}, all labelled in one {@code OUT_DIR/windows.json}, so that
 * {@code prescale detect --nab OUT_DIR/data} scores them together with one threshold.
 */
public final class SyntheticNab {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Duration STEP = Duration.ofMinutes(5);
    private static final int HOUR = 12;
    private static final int DAY = 288;

    private SyntheticNab() {}

    /** One series with its anomalies' onsets. */
    record Labelled(String name, LocalDateTime start, double[] values, List<Integer> onsets) {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println(
                    "usage: SyntheticNab OUT_DIR [FIRST_SEED [SEEDS [SHARED_DATA_DIR]]]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        long first = args.length > 1 ? Long.parseLong(args[1]) : 1;
        int seeds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path shared = Path.of(args.length > 3 ? args[3] : "../shared/data");
        DemandGrid azure = read(shared, "azure-vm-2017.csv.gz", "cpu_avg_pct");
        DemandGrid google = read(shared, "google-2011-jobs.csv.gz", "cpu_pct");
        DemandGrid nasa = read(shared, "nasa-http-1995.csv.gz", "requests_per_min");
        List<Labelled> series = new ArrayList<>();
        for (long seed = first; seed < first + seeds; seed++) {
            Random random = new Random(seed);
            String prefix = "seed" + seed + "/";
            pick(series, prefix + "azure", azure, 12, 14, random);
            pick(series, prefix + "google", google, 8, 10, random);
            double[] all = nasa.values()[0];
            for (int k = 0; k < 3; k++) {
                int from = k * 14 * DAY;
                double[] v = Arrays.copyOfRange(all, from, Math.min(all.length, from + 14 * DAY));
                series.add(inject(prefix + "nasa-" + k, start(nasa, from), v, random));
            }
        }
        write(out, series);
        System.out.printf(
                "wrote %d series under %s (seeds %d..%d)%n",
                series.size(), out, first, first + seeds - 1);
    }

    private static DemandGrid read(Path shared, String file, String metric) {
        return TraceReader.read(shared.resolve(file), metric, STEP);
    }

    private static LocalDateTime start(DemandGrid g, int step) {
        return LocalDateTime.ofInstant(g.timeOf(step), ZoneOffset.UTC);
    }

    private static void pick(
            List<Labelled> out, String prefix, DemandGrid g, int count, int days, Random random) {
        List<Integer> order = new ArrayList<>();
        for (int e = 0; e < g.entities().size(); e++) {
            order.add(e);
        }
        java.util.Collections.shuffle(order, random);
        int taken = 0;
        for (int e : order) {
            if (taken == count) {
                break;
            }
            int from = g.firstObservedStep()[e];
            int to = Math.min(g.steps(), from + days * DAY);
            double[] v = Arrays.copyOfRange(g.values()[e], from, to);
            if (to - from < 5 * DAY || quantile(v, 0.99) - quantile(v, 0.01) <= 0) {
                continue;
            }
            out.add(inject(prefix + "-" + g.entities().get(e), start(g, from), v, random));
            taken++;
        }
    }

    static Labelled inject(String name, LocalDateTime start, double[] v, Random random) {
        int n = v.length;
        double sigma = noiseScale(v);
        double range = quantile(v, 0.99) - quantile(v, 0.5);
        int anomalies = 1 + random.nextInt(3);
        int window = n / 10 / anomalies;
        List<Integer> onsets = new ArrayList<>();
        for (int tries = 0; onsets.size() < anomalies && tries < 1000; tries++) {
            int at = (int) (0.2 * n) + random.nextInt((int) (0.75 * n));
            boolean apart = onsets.stream().allMatch(o -> Math.abs(o - at) > 2 * window);
            if (apart) {
                onsets.add(at);
            }
        }
        onsets.sort(null);
        double[] x = v.clone();
        double floor = quantile(v, 0.01);
        for (int at : onsets) {
            switch (random.nextInt(5)) {
                case 0 ->
                        add(x, at, 1 + random.nextInt(3), range * u(random, 0.5, 1.5) + 6 * sigma);
                case 1 ->
                        add(
                                x,
                                at,
                                DAY + random.nextInt(DAY),
                                sign(random) * sigma * u(random, 4, 8));
                case 2 -> drift(x, at, HOUR * (2 + random.nextInt(5)), sigma * u(random, 6, 12));
                case 3 ->
                        Arrays.fill(x, at, Math.min(n, at + HOUR * (1 + random.nextInt(4))), floor);
                default -> noisier(x, at, HOUR * (2 + random.nextInt(5)));
            }
        }
        for (int i = 0; i < n; i++) {
            x[i] = Math.max(0, x[i]);
        }
        return new Labelled(name, start, x, List.copyOf(onsets));
    }

    private static double u(Random r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    private static double sign(Random r) {
        return r.nextBoolean() ? 1 : -1;
    }

    private static void add(double[] x, int at, int length, double delta) {
        for (int i = at; i < Math.min(x.length, at + length); i++) {
            x[i] += delta;
        }
    }

    private static void drift(double[] x, int at, int ramp, double delta) {
        for (int i = at; i < Math.min(x.length, at + ramp + DAY); i++) {
            x[i] += delta * Math.min(1.0, (i - at + 1) / (double) ramp);
        }
    }

    private static void noisier(double[] x, int at, int length) {
        double[] base = x.clone();
        for (int i = at; i < Math.min(x.length, at + length); i++) {
            double mean = 0;
            int c = 0;
            for (int k = Math.max(0, i - HOUR); k < Math.min(x.length, i + HOUR); k++) {
                mean += base[k];
                c++;
            }
            mean /= c;
            x[i] = mean + 4 * (base[i] - mean);
        }
    }

    /** {@code 1.4826 · MAD(Δx) / √2}, floored at 5 % of the 1–99 % range. */
    static double noiseScale(double[] v) {
        double[] d = new double[v.length - 1];
        for (int i = 1; i < v.length; i++) {
            d[i - 1] = v[i] - v[i - 1];
        }
        double med = quantile(d, 0.5);
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.abs(d[i] - med);
        }
        double mad = 1.4826 * quantile(d, 0.5) / Math.sqrt(2);
        return Math.max(mad, 0.05 * (quantile(v, 0.99) - quantile(v, 0.01)));
    }

    static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.floor(q * s.length))];
    }

    private static void write(Path out, List<Labelled> series) throws IOException {
        Path data = out.resolve("data");
        Files.createDirectories(data);
        StringBuilder json = new StringBuilder("{\n");
        for (int k = 0; k < series.size(); k++) {
            Labelled s = series.get(k);
            String file = s.name().replaceAll("[^A-Za-z0-9_./-]", "_") + ".csv";
            Files.createDirectories(data.resolve(file).getParent());
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(data.resolve(file)))) {
                w.println("timestamp,value");
                for (int i = 0; i < s.values().length; i++) {
                    w.printf(Locale.ROOT, "%s,%.6f%n", time(s, i), s.values()[i]);
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            int half = s.values().length / 10 / s.onsets().size() / 2;
            List<String> windows = new ArrayList<>();
            for (int at : s.onsets()) {
                int from = Math.max(0, at - half);
                int to = Math.min(s.values().length - 1, at + half);
                windows.add("[\"" + time(s, from) + ".000000\", \"" + time(s, to) + ".000000\"]");
            }
            json.append("  \"").append(file).append("\": [").append(String.join(", ", windows));
            json.append(k + 1 < series.size() ? "],\n" : "]\n");
        }
        Files.writeString(out.resolve("windows.json"), json.append("}\n").toString());
    }

    private static String time(Labelled s, int i) {
        return FORMAT.format(s.start().plus(STEP.multipliedBy(i)));
    }
}
