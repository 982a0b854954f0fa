package io.rollgate.analysis;

import java.util.Optional;

/** The queries one metric runs in one tick, rendered: canary always, stable to compare, the sample count. */
public record RenderedQueries(String canary, Optional<String> stable, Optional<String> samples) {}
