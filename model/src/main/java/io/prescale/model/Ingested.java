package io.prescale.model;

/**
 * What ingesting one Kafka record yields, element by element: a metric point, or a dead letter for
 * what could not be accepted. Exactly one of the two is set. A union in one type so that the source
 * can parse, and so assign event time and watermarks per Kafka partition, while rejected records
 * still flow on to the dead-letter topic.
 */
public record Ingested(MetricPoint point, DeadLetter deadLetter) {

    public Ingested {
        if ((point == null) == (deadLetter == null)) {
            throw new IllegalArgumentException("exactly one of point and deadLetter must be set");
        }
    }

    public static Ingested of(MetricPoint point) {
        return new Ingested(point, null);
    }

    public static Ingested rejected(DeadLetter deadLetter) {
        return new Ingested(null, deadLetter);
    }

    /** Event time of a point; {@link Long#MIN_VALUE} for a dead letter (no event time). */
    public long eventTimeMillis() {
        return point != null ? point.timestampMillis() : Long.MIN_VALUE;
    }
}
