package io.rollgate.analysis;

import java.time.Instant;

/** One value at one time; the value may be NaN, +Inf or -Inf, as Prometheus sent it. */
public record Sample(Instant time, double value) {}
