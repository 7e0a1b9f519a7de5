package io.prescale.cli.send;

import io.prescale.cli.replay.Replayer;
import io.prescale.ml.overrides.ScopeOverride;
import io.prescale.ml.trace.BoundedLineReader;
import io.prescale.model.Decimals;
import io.prescale.model.Feedback;
import io.prescale.model.InvalidRecordException;
import io.prescale.model.MetricSample;
import io.prescale.model.ParseResult;
import io.prescale.model.ParserConfig;
import io.prescale.model.PolicyOverride;
import io.prescale.model.SampleParser;
import io.prescale.operators.allocation.AllocationSettings;
import io.prescale.operators.inputs.DecodeFeedback;
import io.prescale.operators.inputs.DecodeOverrides;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The records {@code prescale send} puts on the config, feedback or metrics topic, one record a
 * line, checked as the scaling job decodes them ({@link DecodeOverrides#decode}, {@link
 * DecodeFeedback#decode}, {@link SampleParser#parse}) and keyed as it expects: an override by its
 * scope, feedback and a sample by its entity. A record the job would dead-letter for its content is
 * refused here, before anything is sent, and so is a rating of a forecast issued further after the
 * wall clock than the job's {@code parser.max-future-skew}; what the job alone can know (a hint
 * that ends before its entity's event time, a rating of a forecast it does not remember) it still
 * dead-letters.
 */
public final class SendRecords {
    private SendRecords() {}

    /** What a topic carries, as the command line writes it. */
    public enum Kind {
        overrides,
        feedback,
        metrics;

        /** What one record of the kind is called in messages: "override", "feedback", "sample". */
        String record() {
            return this == overrides ? "override" : this == feedback ? "feedback" : "sample";
        }
    }

    /**
     * Lines checked.
     *
     * @param payloads the records to send, keyed, in the order of their lines
     * @param counts how many of each kind ("override", "hint", "rating", "sample"), in order of
     *     appearance
     * @param problems what is wrong with each refused line, "SOURCE line N: REASON"
     * @param notes what looks like a slip in a line that is sent all the same, "SOURCE line N: ..."
     */
    public record Checked(
            List<Replayer.Payload> payloads,
            Map<String, Integer> counts,
            List<String> problems,
            List<String> notes) {}

    /** How far ahead a hint may end before it is noted: the job keeps it in state until then. */
    static final Duration FAR_AHEAD = Duration.ofDays(366);

    /**
     * Checks every line of {@code in} (blank lines are skipped, and for samples line-protocol
     * comments too) against the job's {@code allocation} settings and its {@code parser} (a rating
     * ahead of the clock by more than its future skew; a sample as the job parses one, its time
     * within the skews of now). {@code source} names the input in the problems. A sample's line is
     * one record: a JSON sample or one line-protocol point. A line that is not UTF-8 is refused
     * (the reader had replaced its bad bytes, and the job took the record the job itself would have
     * dead-lettered), as is one longer than the job's bound on a record.
     *
     * @throws IOException when a line is longer than the job's bound on a record (1 MiB), naming
     *     it: what follows it is not read
     */
    public static Checked check(
            Kind kind,
            InputStream in,
            String source,
            AllocationSettings allocation,
            ParserConfig parser)
            throws IOException {
        List<Replayer.Payload> payloads = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        // one parser for every line: it holds only the job's settings (SampleParser is thread-safe)
        SampleParser samples = new SampleParser(parser);
        // bytes as characters one for one: each line is decoded as the job decodes its record
        BoundedLineReader lines =
                new BoundedLineReader(
                        new InputStreamReader(in, StandardCharsets.ISO_8859_1),
                        ParserConfig.defaults().maxPayloadBytes());
        int n = 0;
        while (true) {
            String line;
            try {
                line = lines.readLine();
            } catch (BoundedLineReader.LineTooLongException e) {
                throw new IOException(source + " line " + e.line() + " " + e.getMessage(), e);
            }
            if (line == null) {
                break;
            }
            n++;
            if (line.isBlank() || kind == Kind.metrics && line.stripLeading().startsWith("#")) {
                continue;
            }
            // a byte-order mark (from some editors) is not part of the first record
            String text =
                    n == 1 && line.startsWith("\u00ef\u00bb\u00bf") ? line.substring(3) : line;
            byte[] json = text.strip().getBytes(StandardCharsets.ISO_8859_1);
            try {
                requireUtf8(json);
                Decoded d = decode(kind, json, allocation, parser, samples);
                payloads.add(d.payload());
                counts.merge(d.label(), 1, Integer::sum);
                if (d.note() != null) {
                    notes.add(source + " line " + n + ": " + d.note());
                }
            } catch (InvalidRecordException e) {
                problems.add(
                        source + " line " + n + ": bad " + kind.record() + ": " + e.getMessage());
            }
        }
        return new Checked(payloads, counts, problems, notes);
    }

    private static void requireUtf8(byte[] line) {
        ByteBuffer in = ByteBuffer.wrap(line);
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(in);
        } catch (CharacterCodingException e) {
            int at = Math.min(in.position(), line.length - 1);
            throw new InvalidRecordException(
                    String.format(
                            "not UTF-8 text: byte %d of the line is 0x%02X, not valid there",
                            at + 1, line[at] & 0xFF));
        }
    }

    /**
     * The tombstone that deletes {@code scope}'s override.
     *
     * @throws InvalidRecordException when no override could have {@code scope}
     */
    public static Replayer.Payload tombstone(String scope) {
        return new Replayer.Payload(PolicyOverride.requireScope(scope), null);
    }

    /**
     * A line's record, keyed, what it is ("override", "hint", "rating"), and what looks like a slip
     * in it, or null.
     */
    private record Decoded(String label, Replayer.Payload payload, String note) {}

    private static Decoded decode(
            Kind kind,
            byte[] json,
            AllocationSettings allocation,
            ParserConfig parser,
            SampleParser samples) {
        if (kind == Kind.metrics) {
            return sample(json, samples);
        }
        if (kind == Kind.overrides) {
            ScopeOverride o =
                    DecodeOverrides.decode(
                            null, json, allocation.defaults(), allocation.step().toMillis());
            return new Decoded("override", new Replayer.Payload(o.scope(), json), null);
        }
        Feedback f = DecodeFeedback.decode(json, allocation.demandMetrics());
        if (f instanceof Feedback.Rating r) {
            String ahead = DecodeFeedback.aheadOfTheClock(r, Instant.now(), parser.maxFutureSkew());
            if (ahead != null) {
                throw new InvalidRecordException(ahead);
            }
        }
        String note = f instanceof Feedback.Hint h ? slip(h, allocation) : null;
        String label = f instanceof Feedback.Hint ? "hint" : "rating";
        return new Decoded(label, new Replayer.Payload(f.entity(), json), note);
    }

    /**
     * A sample's line as the job parses a record of it, keyed by its entity as agents key theirs;
     * one without a time is noted: the job takes it at the time it reads it, not the time it was
     * measured (a mended letter's sample lands in a later window than its own).
     */
    private static Decoded sample(byte[] line, SampleParser samples) {
        Instant now = Instant.now();
        ParseResult parsed = samples.parse(line, now);
        if (!parsed.rejections().isEmpty()) {
            throw new InvalidRecordException(parsed.rejections().get(0).reason());
        }
        MetricSample s = parsed.samples().get(0);
        // the parser stamps a sample without a time with the very now it was given
        String note =
                s.ts() == now
                        ? "the sample has no time: the job takes it at the time it reads it"
                                + " (give a ts, e.g. its dead letter's rejectedAt)"
                        : null;
        return new Decoded("sample", new Replayer.Payload(s.entity(), line), note);
    }

    /**
     * What looks like a slip in a hint that the job takes all the same: an amount above 100 of a
     * percentage (a tester's 1000 for a CPU at 69 % was commanded), an end more than {@link
     * #FAR_AHEAD} away (kept in the job's state until then). Null when neither.
     */
    private static String slip(Feedback.Hint h, AllocationSettings allocation) {
        boolean percent =
                allocation.resources().stream()
                        .anyMatch(
                                r ->
                                        r.metric().equals(h.metric())
                                                && r.unit().equalsIgnoreCase("pct"));
        List<String> slips = new ArrayList<>();
        if (percent && h.amount() > 100) {
            slips.add(
                    "the hint's amount "
                            + Decimals.plain(h.amount())
                            + " is above 100 % of "
                            + h.metric()
                            + " (unit pct): it is commanded as it is unless a max caps it");
        }
        if (h.to().isAfter(Instant.now().plus(FAR_AHEAD))) {
            slips.add(
                    "the hint ends "
                            + h.to()
                            + ", more than a year ahead: the job keeps it in its state until then");
        }
        return slips.isEmpty() ? null : String.join("; ", slips);
    }
}
