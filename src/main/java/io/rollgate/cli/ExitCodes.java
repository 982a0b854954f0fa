package io.rollgate.cli;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rollgate.analysis.MetricQueryException;
import io.rollgate.analysis.QueryRenderer;
import io.rollgate.kube.ClusterUnreachableException;
import io.rollgate.kube.KubeconfigException;
import io.rollgate.kube.RolloutFailedException;
import io.rollgate.metrics.PrometheusConfigException;
import io.rollgate.metrics.RecordedFileException;
import io.rollgate.pipeline.InvalidPipelineException;
import io.rollgate.stage.StagingFailedException;
import java.io.IOException;

/** Maps the exceptions that reach the command line to the exit codes of SPEC.md. */
final class ExitCodes {
  private ExitCodes() {}

  static int of(Throwable ex) {
    if (ex instanceof InvalidPipelineException
        || ex instanceof UsageException
        || ex instanceof KubeconfigException
        || ex instanceof PrometheusConfigException
        || ex instanceof RecordedFileException
        || ex instanceof QueryRenderer.RenderException) {
      return ExitCode.BAD_INPUT;
    }
    if (ex instanceof StagingFailedException failed) {
      // the rollout wait lost the API server: an outage, not a bad rollout
      return failed.getCause() instanceof RolloutFailedException r
              && RolloutFailedException.CLUSTER_UNREACHABLE.equals(r.reason())
          ? ExitCode.UNREACHABLE
          : ExitCode.STAGING_FAILED;
    }
    if (ex instanceof ClusterUnreachableException
        || ex instanceof io.rollgate.canary.ClusterException) {
      return ExitCode.UNREACHABLE;
    }
    if (ex instanceof io.rollgate.kube.ApplyException
        || ex instanceof io.rollgate.state.StateJson.UnreadableStateException) {
      // the server refused an object as written (422, unknown kind...), or the saved state does
      // not read: input a person must fix
      return ExitCode.BAD_INPUT;
    }
    if (ex instanceof MetricQueryException m) {
      return m.kind() == MetricQueryException.Kind.BAD_QUERY
          ? ExitCode.BAD_INPUT
          : ExitCode.UNREACHABLE;
    }
    if (ex instanceof KubernetesClientException k
        && (k.getCode() == 0 || k.getCause() instanceof IOException)) {
      return ExitCode.UNREACHABLE; // no HTTP answer at all: the API server was not reached
    }
    return ExitCode.INTERNAL_ERROR;
  }
}
