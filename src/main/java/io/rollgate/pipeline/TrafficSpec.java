package io.rollgate.pipeline;

import java.util.Optional;

/** How traffic is split between stable and canary. */
public sealed interface TrafficSpec {
  /** No mesh: a {@code <target>-canary} workload; weight approximated by replica counts. */
  record Replicas() implements TrafficSpec {}

  /** Gateway API HTTPRoute backendRef weights. */
  record GatewayApi(String httpRoute, String stableService, String canaryService)
      implements TrafficSpec {}

  /** Istio VirtualService route weights, by subset or by host. */
  record Istio(
      String virtualService,
      Optional<String> route,
      Optional<String> stableSubset,
      Optional<String> stableHost,
      Optional<String> canarySubset,
      Optional<String> canaryHost)
      implements TrafficSpec {}

  /** A {@code <ingress>-canary} Ingress with NGINX canary-weight annotations. */
  record Nginx(String ingress) implements TrafficSpec {}
}
