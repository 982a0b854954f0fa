package io.rollgate.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The name this process gives itself in a pipeline's Lease, so {@code status} and a refused second
 * run can say who holds it: {@code alice@build-7 (pid 4242, GitHub Actions run 99/1 of acme/shop)}.
 * A short random suffix keeps two processes on one host with the same pid namespace apart.
 */
final class HolderIdentity {
  private HolderIdentity() {}

  static String of(Map<String, String> environment) {
    String user = Optional.ofNullable(environment.get("USER")).orElse("rollgate");
    StringBuilder sb = new StringBuilder(user).append('@').append(host(environment));
    sb.append(" (pid ").append(ProcessHandle.current().pid());
    String run = environment.get("GITHUB_RUN_ID");
    if (run != null && !run.isBlank()) {
      sb.append(", GitHub Actions run ").append(run);
      Optional.ofNullable(environment.get("GITHUB_RUN_ATTEMPT"))
          .ifPresent(a -> sb.append('/').append(a));
      Optional.ofNullable(environment.get("GITHUB_REPOSITORY"))
          .ifPresent(r -> sb.append(" of ").append(r));
    }
    sb.append(", ").append(UUID.randomUUID().toString(), 0, 8).append(')');
    return sb.toString();
  }

  private static String host(Map<String, String> environment) {
    String fromEnv = environment.get("HOSTNAME");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }
}
