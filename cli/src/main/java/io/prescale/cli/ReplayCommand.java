package io.prescale.cli;

import io.prescale.cli.infra.KafkaPreflight;
import io.prescale.cli.replay.Replayer;
import io.prescale.cli.replay.SampleFormats;
import io.prescale.cli.replay.TenantFile;
import io.prescale.cli.replay.TraceSamples;
import io.prescale.connectors.kafka.Topics;
import io.prescale.jobs.JobOptions;
import io.prescale.ml.trace.Plural;
import io.prescale.model.MetricSample;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code prescale replay}: sends a trace's samples to a real broker's metrics topic, as agents
 * would have sent them, for a job started with {@code prescale run} or on a cluster to read.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Sends a trace (timestamp,entity,metric,value CSV, optionally gzipped) to the metrics"
                    + " topic as the samples agents would have sent: one per entity and"
                    + " timestamp, keyed by entity, as JSON, in time order whatever the file's"
                    + " order, as fast as the broker takes them. The whole trace is read and"
                    + " checked first (values the job would refuse, a few timestamps far from an"
                    + " entity's others): a bad row sends nothing."
        })
final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--trace", required = true, description = Prescale.TRACE_HELP)
    Path trace;

    @Mixin BootstrapOption broker;

    @Option(
            names = "--topic",
            defaultValue = Topics.METRICS,
            description = "Topic the job reads samples from (default ${DEFAULT-VALUE}).")
    String topic;

    @Option(
            names = "--entities",
            description = "Replay only the trace's first N entities (default: all).")
    Integer entities;

    @Option(
            names = "--tenants",
            paramLabel = "FILE",
            description =
                    "Give the samples of listed entities a tenant (for tenant overrides and"
                            + " tiers; a trace has no tenant column): ENTITY,TENANT a line, blank"
                            + " lines and # comments skipped; entities not listed have none.")
    Path tenants;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PathOptions.requireInputFile(spec, "--trace", trace);
        // 0 meant all, and a tester's --entities 0 sent a whole trace into a live job by mistake;
        // demo --entities refuses it too
        if (entities != null && entities < 1) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(),
                    "--entities must be >= 1 (leave it out to replay every entity), was "
                            + entities);
        }
        Map<String, String> tenantOf = Map.of();
        if (tenants != null) {
            PathOptions.requireInputFile(spec, "--tenants", tenants);
            try {
                tenantOf = TenantFile.read(tenants);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(), "--tenants " + e.getMessage());
            }
        }
        TopicOption.forSamples(spec, topic);
        String bootstrap = broker.checked();
        PrintWriter err = spec.commandLine().getErr();
        // the whole trace is checked before the broker is asked anything, and so before any send
        Predicate<String> keep =
                entities == null
                        ? e -> true
                        : new HashSet<>(TraceSamples.firstEntities(trace, entities))::contains;
        List<MetricSample> samples =
                TraceSamples.read(
                        trace,
                        keep,
                        tenantOf,
                        n ->
                                err.printf(
                                        "prescale replay: note: %s an (entity, metric, timestamp)"
                                                + " of an earlier row; the larger value is sent,"
                                                + " as the backtest takes the larger%n",
                                        Plural.of(n, "row repeats", "rows repeat")));
        if (samples.isEmpty()) {
            throw new IllegalStateException(trace + ": no samples to replay");
        }
        notNegative(samples, err);
        KafkaPreflight.requireCommandTopic(bootstrap, topic, KafkaPreflight.TIMEOUT);
        long distinct = samples.stream().map(MetricSample::entity).distinct().count();
        Instant first = samples.get(0).ts();
        Instant last = samples.get(samples.size() - 1).ts();
        err.printf(
                "prescale replay: %,d %s of %s%s, %s to %s, to %s at %s%n",
                samples.size(),
                Plural.noun(samples.size(), "sample", "samples"),
                Plural.of(distinct, "entity", "entities"),
                entities != null && distinct < entities
                        ? " (--entities " + entities + ": the trace has no more)"
                        : "",
                first,
                last,
                topic,
                bootstrap);
        if (tenants != null) {
            long given =
                    samples.stream()
                            .map(MetricSample::entity)
                            .distinct()
                            .filter(tenantOf::containsKey)
                            .count();
            long absent = tenantOf.size() - given;
            err.printf(
                    "prescale replay: tenants from %s for %s of %,d%s%n",
                    tenants,
                    Plural.of(given, "entity", "entities"),
                    distinct,
                    absent == 0
                            ? ""
                            : "; not in the trace: "
                                    + Plural.of(absent, "listed entity", "listed entities")
                                    + " (names must match exactly; a line is split at its last"
                                    + " comma)");
        }
        if (first.isBefore(Instant.now().minus(JobOptions.MAX_PAST_SKEW.defaultValue()))) {
            err.println(
                    "prescale replay: note: the samples are older than the job accepts by default"
                            + " (parser.max-past-skew, 7 d); unless the job runs with"
                            + " -Dparser.max-past-skew=0, they are dead-lettered");
        }
        if (last.isAfter(Instant.now().plus(JobOptions.MAX_FUTURE_SKEW.defaultValue()))) {
            err.printf(
                    "prescale replay: note: samples up to %s are dated after now, more than the"
                            + " job accepts by default (parser.max-future-skew, 30 s); unless the"
                            + " job runs with -Dparser.max-future-skew=0, they are dead-lettered%n",
                    last);
        }
        TreeSet<String> metrics = new TreeSet<>();
        samples.forEach(s -> metrics.addAll(s.metrics().keySet()));
        String demand = JobOptions.DEMAND_METRIC.defaultValue();
        if (!metrics.contains(demand)) {
            err.printf(
                    "prescale replay: note: the trace has no %s, the job's default"
                            + " allocation.demand-metric; unless the job runs with"
                            + " -Dallocation.demand-metric=NAME (the trace's: %s), or"
                            + " -Dallocation.resources=RESOURCE:NAME:UNIT,..., it commands"
                            + " nothing%n",
                    demand, String.join(", ", metrics));
        }
        List<Replayer.Payload> payloads =
                samples.stream()
                        .map(s -> new Replayer.Payload(s.entity(), SampleFormats.json(s)))
                        .toList();
        Replayer.send(
                bootstrap,
                topic,
                payloads,
                sent -> {
                    if (sent % 100_000 == 0 || sent == payloads.size()) {
                        err.printf("prescale replay: sent %,d of %,d%n", sent, payloads.size());
                        err.flush();
                    }
                });
        return 0;
    }

    /**
     * Notes the metrics with values below 0: the scaling job dead-letters a sample whose demand
     * metric is below 0, the sample's other metrics with it, where the backtest refuses the trace
     * (a tester's one -5 was sent without a word, and the job lost that step of both metrics).
     */
    static void notNegative(List<MetricSample> samples, PrintWriter err) {
        Map<String, Long> negative = new TreeMap<>();
        for (MetricSample s : samples) {
            s.metrics()
                    .forEach(
                            (m, v) -> {
                                if (v < 0) {
                                    negative.merge(m, 1L, Long::sum);
                                }
                            });
        }
        if (!negative.isEmpty()) {
            err.println(
                    "prescale replay: note: values below 0 ("
                            + negative.entrySet().stream()
                                    .map(e -> e.getKey() + ": " + e.getValue())
                                    .collect(Collectors.joining(", "))
                            + "): the scaling job dead-letters a sample whose demand metric"
                            + " (allocation.demand-metric or allocation.resources) is below 0, with"
                            + " its other metrics, as the"
                            + " backtest refuses such a trace");
        }
    }
}
