package io.prescale.ml.session;

/**
 * Which resource limits a session, as tracked by {@link BottleneckTracker}.
 *
 * @param resource the confirmed bottleneck, or {@code null} before one is confirmed
 * @param candidate the resource that has had the highest pressure lately but is not confirmed, or
 *     {@code null}
 * @param streak for how many consecutive observations {@code candidate} has led, &ge; 0
 */
public record BottleneckState(String resource, String candidate, int streak) {

    public BottleneckState {
        if (streak < 0) {
            throw new IllegalArgumentException("streak must be >= 0, was " + streak);
        }
    }

    /** Nothing observed yet. */
    public static BottleneckState none() {
        return new BottleneckState(null, null, 0);
    }
}
