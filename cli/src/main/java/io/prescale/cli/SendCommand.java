package io.prescale.cli;

import io.prescale.cli.infra.KafkaPreflight;
import io.prescale.cli.replay.Replayer;
import io.prescale.cli.send.SendRecords;
import io.prescale.cli.send.SendRecords.Kind;
import io.prescale.connectors.kafka.Topics;
import io.prescale.jobs.IngestSettings;
import io.prescale.jobs.JobOptions;
import io.prescale.jobs.JobSettings;
import io.prescale.model.InvalidRecordException;
import io.prescale.model.ParserConfig;
import io.prescale.operators.allocation.AllocationSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code prescale send}: puts policy overrides, client feedback or samples (mended dead letters, a
 * test's input) on the job's topics, each record checked first as the job decodes it, so that a
 * typo is refused here rather than dead-lettered.
 */
@Command(
        name = "send",
        mixinStandardHelpOptions = true,
        description = {
            "Sends policy overrides (to prescale.config), client feedback, hints and ratings (to"
                    + " prescale.feedback), or samples (to prescale.metrics: a JSON sample or one"
                    + " line-protocol point a line, e.g. mended dead letters), one record a line"
                    + " from --file or standard input, keyed as the job expects: an override by"
                    + " its scope, feedback and a sample by its entity. Every line is checked as"
                    + " the job decodes it, against its options"
                    + " (-D, --job-config); if one is refused, its line number and reason are"
                    + " said and nothing is sent (exit 1). Sent with acks=all and idempotence."
                    + " An override replaces its scope's earlier one whole: send every field to"
                    + " keep.",
            "Example: echo '{\"v\":1,\"scope\":\"vm-7\",\"min\":10,\"max\":80}'"
                    + " | prescale send overrides"
        })
final class SendCommand implements Callable<Integer> {
    private static final int PROBLEMS_SHOWN = 10;

    /**
     * Said after overrides are sent: the job keeps one override per scope, the latest, as the
     * compacted topic does, so a field the earlier one gave and this one leaves out is lost.
     */
    static final String REPLACES =
            "prescale send: each override replaces its scope's earlier one whole: a field it"
                    + " leaves out is inherited again (from the tenant's override, then the job's"
                    + " options), not kept from the earlier override";

    @Parameters(
            index = "0",
            paramLabel = "KIND",
            description = "overrides, feedback or metrics: what the records are.")
    Kind kind;

    @Mixin BootstrapOption broker;

    @Option(
            names = "--topic",
            description =
                    "Topic to send to (default the job's topics.config for overrides,"
                            + " topics.feedback for feedback, topics.metrics for metrics: "
                            + Topics.CONFIG
                            + ", "
                            + Topics.FEEDBACK
                            + " and "
                            + Topics.METRICS
                            + " unless -D or --job-config say otherwise).")
    String topic;

    @Option(
            names = "--file",
            description =
                    "Records, one a line: JSON, or for metrics JSON or line protocol (default:"
                            + " standard input).")
    Path file;

    @Option(
            names = "--delete",
            paramLabel = "SCOPE",
            description =
                    "Deletes SCOPE's override (an entity, or tenant:ID): sends its tombstone."
                            + " Repeatable; overrides only, instead of records.")
    List<String> deletes = new ArrayList<>();

    @Mixin JobConfigOptions jobConfig;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        JobView job = checkOptions();
        String bootstrap = broker.checked();
        PrintWriter err = spec.commandLine().getErr();
        List<Replayer.Payload> payloads;
        Map<String, Integer> counts;
        if (!deletes.isEmpty()) {
            payloads = tombstones();
            counts = Map.of("tombstone", payloads.size());
        } else {
            SendRecords.Checked checked = readRecords(job, err);
            if (!checked.problems().isEmpty()) {
                refuse(err, checked);
                return 1; // the input data is wrong, as a malformed trace is
            }
            payloads = checked.payloads();
            checked.notes().forEach(note -> err.println("prescale send: note: " + note));
            counts = checked.counts();
        }
        KafkaPreflight.requireCommandTopic(bootstrap, topic, KafkaPreflight.TIMEOUT);
        if (kind == Kind.overrides) {
            String note =
                    KafkaPreflight.notCompacted(bootstrap, List.of(topic), KafkaPreflight.TIMEOUT);
            if (note != null) {
                err.println("prescale send: note: " + note);
            }
        }
        Replayer.send(bootstrap, topic, payloads, sent -> {});
        err.printf(
                "prescale send: sent %s to %s at %s; all acknowledged (acks=all)%n",
                summary(counts), topic, bootstrap);
        if (kind == Kind.overrides && deletes.isEmpty()) {
            err.println(REPLACES);
        }
        return 0;
    }

    /** What the records are checked against: the job's settings as its options give them. */
    private record JobView(AllocationSettings allocation, ParserConfig parser) {}

    /** The job's settings from -D and --job-config, once the options are checked. */
    private JobView checkOptions() {
        if (!deletes.isEmpty() && kind != Kind.overrides) {
            throw usage(
                    "--delete deletes an override: it needs KIND overrides, was " + kind.name());
        }
        if (!deletes.isEmpty() && file != null) {
            throw usage("give --file or --delete, not both");
        }
        if (file != null) {
            PathOptions.requireInputFile(spec, "--file", file);
        }
        Configuration conf = jobConfig.configuration();
        try {
            ConfigOption<String> own =
                    switch (kind) {
                        case overrides -> JobOptions.TOPIC_CONFIG;
                        case feedback -> JobOptions.TOPIC_FEEDBACK;
                        case metrics -> JobOptions.TOPIC_METRICS;
                    };
            topic = topic == null ? conf.get(own) : TopicOption.checked(spec, topic);
            refuseAnotherRolesTopic(conf, own);
            IngestSettings ingest = IngestSettings.from(conf);
            AllocationSettings allocation = JobSettings.allocationSettings(conf, ingest);
            // as the job parses samples: one with a demand below 0 is refused (it was sent)
            return new JobView(
                    allocation, ingest.withDemandMetrics(allocation.demandMetrics()).parser());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /**
     * Refuses a --topic that is one of the job's other topics (an override on the commands topic
     * reaches the actuator, which dead-letters it; the job never reads it): {@code own} names the
     * topic the job reads these records from.
     */
    private void refuseAnotherRolesTopic(Configuration conf, ConfigOption<String> own) {
        for (ConfigOption<String> other : JobOptions.TOPICS) {
            if (other != own && topic.equals(conf.get(other))) {
                throw usage(
                        "--topic "
                                + topic
                                + " is the job's "
                                + other.key()
                                + "; it reads "
                                + kind.name()
                                + " from "
                                + own.key()
                                + " ("
                                + conf.get(own)
                                + ")");
            }
        }
    }

    private List<Replayer.Payload> tombstones() {
        List<Replayer.Payload> out = new ArrayList<>();
        for (String scope : deletes) {
            try {
                out.add(SendRecords.tombstone(scope));
            } catch (InvalidRecordException e) {
                throw usage("--delete: " + e.getMessage());
            }
        }
        return out;
    }

    private SendRecords.Checked readRecords(JobView job, PrintWriter err) throws IOException {
        String source = file == null ? "standard input" : file.toString();
        if (file == null && System.console() != null) {
            err.println("prescale send: reading records from standard input; end with Ctrl-D");
        }
        SendRecords.Checked checked;
        try (InputStream in = file == null ? System.in : Files.newInputStream(file)) {
            checked = SendRecords.check(kind, in, source, job.allocation(), job.parser());
        }
        if (checked.payloads().isEmpty() && checked.problems().isEmpty()) {
            throw usage("no records in " + source + ": give them one record a line");
        }
        return checked;
    }

    private void refuse(PrintWriter err, SendRecords.Checked checked) {
        List<String> problems = checked.problems();
        problems.stream().limit(PROBLEMS_SHOWN).forEach(p -> err.println("prescale send: " + p));
        if (problems.size() > PROBLEMS_SHOWN) {
            err.printf(
                    "prescale send: and %d more lines refused%n", problems.size() - PROBLEMS_SHOWN);
        }
        err.printf(
                "prescale send: nothing sent: %d of %d records refused%n",
                problems.size(), problems.size() + checked.payloads().size());
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** "2 hints, 1 rating". */
    static String summary(Map<String, Integer> counts) {
        return counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey() + (e.getValue() == 1 ? "" : "s"))
                .collect(Collectors.joining(", "));
    }
}
