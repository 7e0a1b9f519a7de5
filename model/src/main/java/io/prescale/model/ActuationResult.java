package io.prescale.model;

import java.time.Instant;

/**
 * What the actuator did with one command. It flows back into the forecasting job, which learns the
 * capacity actually in place rather than the capacity it asked for.
 *
 * @param version the command's version, echoed so results can be matched without the id
 * @param appliedAmount the amount in place after this result (for a superseded or failed command,
 *     the amount that stayed), in the command's unit, at least 0; the scaling job reads only
 *     results up to {@link ParserConfig#VALUE_BOUND}, as a hint's amount (it takes the amount as
 *     the capacity in place), and dead-letters the others
 * @param backend which backend acted (k8s, process pool, webhook, log, ...)
 * @param detail free text for people; empty when there is nothing to say; its first 4,096
 *     characters are kept, control characters but the tab and line breaks shown as {@code ?}
 */
public record ActuationResult(
        String commandId,
        String entity,
        String resource,
        long version,
        ActuationStatus status,
        double appliedAmount,
        String backend,
        Instant time,
        String detail) {

    public ActuationResult {
        Checks.notBlank("commandId", commandId);
        Checks.seriesName("entity", entity);
        Checks.seriesName("resource", resource);
        Checks.atLeast("version", version, 0);
        Checks.notNull("status", status);
        Checks.nonNegative("appliedAmount", appliedAmount);
        Checks.seriesName("backend", backend);
        Checks.notNull("time", time);
        detail = detail == null ? "" : Checks.cut(detail);
    }

    /**
     * This result, when its {@code appliedAmount} is within {@link ParserConfig#VALUE_BOUND}, the
     * bound of every amount the scaling job reads (a hint's too). Checked where results are read,
     * not by the constructor: the actuator builds results from what its backend reports, and one it
     * could not build would fail the actuator instead of being dead-lettered by the reader.
     *
     * @throws InvalidRecordException naming the amount and the range, as a hint's is named
     */
    public ActuationResult requireReadable() {
        Checks.inRange(
                "ActuationResult: appliedAmount", appliedAmount, 0, ParserConfig.VALUE_BOUND);
        return this;
    }
}
