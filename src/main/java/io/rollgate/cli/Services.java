package io.rollgate.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rollgate.kube.KubeClients;
import io.rollgate.kube.KubeconfigException;
import io.rollgate.kube.PortForwardTunnel;
import io.rollgate.smoke.ServiceTunnel;
import io.rollgate.time.Sleeper;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What commands reach the outside world through: time, waiting, the environment, clusters and
 * tunnels. Production wiring by {@link #system()}; tests and the sandbox pass their own.
 */
public record Services(
    Clock clock,
    Sleeper sleeper,
    Map<String, String> environment,
    ClusterConnector clusters,
    Function<KubernetesClient, ServiceTunnel> tunnels) {

  /** Opens a client for a kubeconfig and context. */
  @FunctionalInterface
  public interface ClusterConnector {
    KubernetesClient connect(Optional<Path> kubeconfig, Optional<String> context)
        throws KubeconfigException;
  }

  public static Services system() {
    return new Services(
        Clock.systemUTC(),
        Sleeper.system(),
        System.getenv(),
        KubeClients::connect,
        PortForwardTunnel::new);
  }
}
