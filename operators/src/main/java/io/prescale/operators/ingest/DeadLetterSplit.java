package io.prescale.operators.ingest;

import io.prescale.model.CommandIngested;
import io.prescale.model.DeadLetter;
import io.prescale.model.Ingested;
import io.prescale.model.MetricPoint;
import io.prescale.model.ScaleCommand;
import java.io.Serializable;
import java.util.function.Function;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits what a source ingested, a value or a dead letter in each record: values go on, dead
 * letters to {@link #DEAD_LETTERS}, each counted (the values under a name of their own, the dead
 * letters as {@code recordsDeadLettered}).
 */
public final class DeadLetterSplit<I, O> extends ProcessFunction<I, O> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    /** One part of an ingested record, {@code null} when the record holds the other. */
    private interface Part<I, T> extends Function<I, T>, Serializable {}

    private final String acceptedCounter;
    private final Part<I, O> value;
    private final Part<I, DeadLetter> deadLetter;
    private transient Counter accepted;
    private transient Counter deadLettered;

    private DeadLetterSplit(String acceptedCounter, Part<I, O> value, Part<I, DeadLetter> dead) {
        this.acceptedCounter = acceptedCounter;
        this.value = value;
        this.deadLetter = dead;
    }

    /** The scaling job's samples: points counted as {@code pointsAccepted}. */
    public static DeadLetterSplit<Ingested, MetricPoint> points() {
        return new DeadLetterSplit<>("pointsAccepted", Ingested::point, Ingested::deadLetter);
    }

    /** The actuator's commands, counted as {@code commandsReceived}. */
    public static DeadLetterSplit<CommandIngested, ScaleCommand> commands() {
        return new DeadLetterSplit<>(
                "commandsReceived", CommandIngested::command, CommandIngested::deadLetter);
    }

    @Override
    public void open(OpenContext openContext) {
        accepted = getRuntimeContext().getMetricGroup().counter(acceptedCounter);
        deadLettered = getRuntimeContext().getMetricGroup().counter("recordsDeadLettered");
    }

    @Override
    public void processElement(I in, Context ctx, Collector<O> out) {
        O v = value.apply(in);
        if (v != null) {
            accepted.inc();
            out.collect(v);
        } else {
            deadLettered.inc();
            ctx.output(DEAD_LETTERS, deadLetter.apply(in));
        }
    }
}
