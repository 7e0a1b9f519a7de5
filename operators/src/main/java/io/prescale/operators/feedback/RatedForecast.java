package io.prescale.operators.feedback;

import java.time.Instant;

/**
 * A client's rating recorded against the forecast it rates.
 *
 * @param issuedAt when the rated forecast was issued
 * @param target the time it was for
 * @param forecastMean its point forecast
 * @param model the model that made it
 * @param score the rating, 1 (useless) to 5 (exact)
 * @param comment the client's comment, possibly empty
 */
public record RatedForecast(
        String entity,
        String metric,
        Instant issuedAt,
        Instant target,
        double forecastMean,
        String model,
        int score,
        String comment) {}
