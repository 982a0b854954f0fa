package io.rollgate.kube;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One kind of request a rollout watch sends, named as RBAC names it ({@code list pods in namespace
 * shop}), with the rights the watch needs on that resource; and how its failure reads.
 *
 * <p>Only a transient failure (429, 5xx, no answer) that outlasts the retry budget means the
 * cluster is unreachable. Any other answer is the cluster refusing: 401 "Unauthorized", 403
 * "Forbidden", 404 "NotFound" (the API does not serve the resource), anything else "Rejected"; a
 * failure with no answer that is not the network either is "RequestFailed".
 */
record WatchRequest(String verb, String resource, String namespace, List<String> rights) {
  WatchRequest {
    rights = List.copyOf(rights);
  }

  /** A request for the workload itself, which the watch gets and then watches. */
  static WatchRequest workload(String verb, String resource, String namespace) {
    return new WatchRequest(verb, resource, namespace, List.of("get", "watch"));
  }

  /** A request for the workload's pods, which the watch lists and then watches. */
  static WatchRequest pods(String verb, String namespace) {
    return new WatchRequest(verb, "pods", namespace, List.of("list", "watch"));
  }

  /** What this request failing with {@code e} means for the rollout of {@code ref}. */
  RolloutFailedException failure(WorkloadRef ref, Throwable e) {
    int code = ApiErrors.code(e);
    if (ApiErrors.isTransient(e)) {
      String what = code > 0 ? "HTTP " + code : ApiErrors.message(e);
      return new RolloutFailedException(
          ref,
          RolloutFailedException.CLUSTER_UNREACHABLE,
          ref
              + ": cluster unreachable: could not "
              + this
              + " ("
              + what
              + ") within the retry budget",
          e);
    }
    if (code == 0) { // no answer to judge, and not the network: a failure of the client itself
      return new RolloutFailedException(
          ref,
          RolloutFailedException.REQUEST_FAILED,
          ref + ": could not " + this + ": " + ApiErrors.message(e),
          e);
    }
    String reason =
        switch (code) {
          case 401 -> RolloutFailedException.UNAUTHORIZED;
          case 403 -> RolloutFailedException.FORBIDDEN;
          case 404 -> RolloutFailedException.NOT_FOUND;
          default -> RolloutFailedException.REJECTED;
        };
    String why =
        switch (code) {
          case 401 -> "the credentials were not accepted (expired, or the wrong user); ";
          case 404 -> "the API server does not serve " + resource + " (a wrong server URL?); ";
          default -> "";
        };
    return new RolloutFailedException(
        ref,
        reason,
        ref
            + ": the cluster refused to "
            + this
            + " (HTTP "
            + code
            + "): "
            + why
            + "the credentials need "
            + rights.stream().map(r -> "'" + r + "'").collect(Collectors.joining(" and "))
            + " on "
            + resource
            + " there (the server said: "
            + ApiErrors.message(e)
            + ")",
        e);
  }

  @Override
  public String toString() {
    return verb + " " + resource + " in namespace " + namespace;
  }
}
