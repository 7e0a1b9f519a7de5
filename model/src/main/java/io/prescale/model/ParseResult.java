package io.prescale.model;

import java.util.List;

/** The samples a payload held and the rejections of whatever else it held. */
public record ParseResult(List<MetricSample> samples, List<Rejection> rejections) {
    public ParseResult {
        samples = List.copyOf(samples);
        rejections = List.copyOf(rejections);
    }

    static ParseResult rejected(String reason) {
        return new ParseResult(List.of(), List.of(new Rejection(reason)));
    }
}
