package io.prescale.operators.window;

/** Count, mean, max and p95 of one window, before the window's key and bounds are attached. */
public record WindowStats(long count, double mean, double max, double p95) {}
