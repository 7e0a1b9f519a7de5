package io.prescale.connectors.actuation;

import java.io.Serializable;
import java.time.Duration;

/**
 * How often and how patiently a transient backend failure is retried: attempt {@code k} (from 1)
 * after the first waits {@code initialBackoff * 2^(k-1)}, capped at {@code maxBackoff}.
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff)
        implements Serializable {

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "need 0 <= initialBackoff <= maxBackoff, were "
                            + initialBackoff
                            + " and "
                            + maxBackoff);
        }
    }

    /** The wait before retry {@code attempt} (1-based). */
    public Duration backoff(int attempt) {
        long factor = 1L << Math.min(attempt - 1, 30);
        Duration d = initialBackoff.multipliedBy(factor);
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
