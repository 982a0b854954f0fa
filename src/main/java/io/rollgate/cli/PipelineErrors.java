package io.rollgate.cli;

import io.rollgate.metrics.PrometheusConfigException;
import io.rollgate.pipeline.InvalidPipelineException;
import io.rollgate.pipeline.LoadedPipeline;
import io.rollgate.pipeline.Problem;
import java.util.List;

/**
 * A problem with a pipeline's settings found only when they are used (a credential variable that is
 * not set, a CA file that cannot be read), put at the file, line and column that gives them.
 */
final class PipelineErrors {
  private static final String ANALYSIS = "spec.production.canary.analysis.";

  private PipelineErrors() {}

  /** {@code e} at its place in the pipeline file, when it is about a setting of it; else itself. */
  static Exception located(Exception e, LoadedPipeline loaded) {
    if (e instanceof PrometheusConfigException p) {
      return new InvalidPipelineException(
          List.of(new Problem(loaded.at(ANALYSIS + p.setting()), p.getMessage())), p);
    }
    return e;
  }
}
