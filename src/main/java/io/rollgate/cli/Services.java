package io.rollgate.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rollgate.analysis.MetricSource;
import io.rollgate.kube.KubeClients;
import io.rollgate.kube.KubeconfigException;
import io.rollgate.kube.PortForwardTunnel;
import io.rollgate.metrics.PrometheusClient;
import io.rollgate.pipeline.PrometheusSpec;
import io.rollgate.smoke.ServiceTunnel;
import io.rollgate.time.Sleeper;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What commands reach the outside world through: time, waiting, the environment, clusters, tunnels,
 * Prometheus, and who this process is when it holds a lock. {@link #system()} wires the real ones;
 * tests and the sandbox replace single parts with the {@code with...} methods, so a new part never
 * touches the call sites that do not care about it.
 */
public final class Services {
  private final Clock clock;
  private final Sleeper sleeper;
  private final Environment environment;
  private final ClusterConnector clusters;
  private final Function<KubernetesClient, ServiceTunnel> tunnels;
  private final MetricsConnector metrics;
  private final String identity;

  private Services(
      Clock clock,
      Sleeper sleeper,
      Environment environment,
      ClusterConnector clusters,
      Function<KubernetesClient, ServiceTunnel> tunnels,
      MetricsConnector metrics,
      String identity) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.environment = Objects.requireNonNull(environment, "environment");
    this.clusters = Objects.requireNonNull(clusters, "clusters");
    this.tunnels = Objects.requireNonNull(tunnels, "tunnels");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.identity = Objects.requireNonNull(identity, "identity");
  }

  /** Opens a client for a kubeconfig and context. */
  @FunctionalInterface
  public interface ClusterConnector {
    KubernetesClient connect(Optional<Path> kubeconfig, Optional<String> context)
        throws KubeconfigException;
  }

  /** Opens the metric source a pipeline's {@code prometheus} section describes. */
  @FunctionalInterface
  public interface MetricsConnector {
    MetricSession open(PrometheusSpec spec, Map<String, String> environment, Sleeper sleeper);
  }

  /** A metric source and what closing it releases (a client's connections and threads). */
  public record MetricSession(MetricSource source, Runnable onClose) implements AutoCloseable {
    @Override
    public void close() {
      onClose.run();
    }
  }

  /** Kubeconfigs found as kubectl finds them, in this environment. */
  private record Kubeconfigs(Environment environment) implements ClusterConnector {
    @Override
    public KubernetesClient connect(Optional<Path> kubeconfig, Optional<String> context)
        throws KubeconfigException {
      return KubeClients.connect(kubeconfig, context, environment);
    }
  }

  public static Services system() {
    Environment environment = Environment.system();
    return new Services(
        Clock.systemUTC(),
        Sleeper.system(),
        environment,
        new Kubeconfigs(environment),
        PortForwardTunnel::new,
        Services::prometheus,
        HolderIdentity.of(environment));
  }

  private static MetricSession prometheus(
      PrometheusSpec spec, Map<String, String> environment, Sleeper sleeper) {
    PrometheusClient client = PrometheusClient.create(spec, environment, sleeper);
    return new MetricSession(client, client::close);
  }

  public Clock clock() {
    return clock;
  }

  public Sleeper sleeper() {
    return sleeper;
  }

  public Environment environment() {
    return environment;
  }

  public ClusterConnector clusters() {
    return clusters;
  }

  public Function<KubernetesClient, ServiceTunnel> tunnels() {
    return tunnels;
  }

  public MetricsConnector metrics() {
    return metrics;
  }

  /** Who holds a pipeline's Lease while this process acts on it. */
  public String identity() {
    return identity;
  }

  public Services withClock(Clock newClock) {
    return new Services(newClock, sleeper, environment, clusters, tunnels, metrics, identity);
  }

  public Services withSleeper(Sleeper newSleeper) {
    return new Services(clock, newSleeper, environment, clusters, tunnels, metrics, identity);
  }

  /** A new environment; the kubeconfigs, unless replaced, are then looked for in it. */
  public Services withEnvironment(Map<String, String> newEnvironment) {
    Environment env = Environment.of(newEnvironment);
    ClusterConnector connector = clusters instanceof Kubeconfigs ? new Kubeconfigs(env) : clusters;
    return new Services(clock, sleeper, env, connector, tunnels, metrics, identity);
  }

  public Services withClusters(ClusterConnector newClusters) {
    return new Services(clock, sleeper, environment, newClusters, tunnels, metrics, identity);
  }

  public Services withTunnels(Function<KubernetesClient, ServiceTunnel> newTunnels) {
    return new Services(clock, sleeper, environment, clusters, newTunnels, metrics, identity);
  }

  public Services withMetrics(MetricsConnector newMetrics) {
    return new Services(clock, sleeper, environment, clusters, tunnels, newMetrics, identity);
  }

  public Services withIdentity(String newIdentity) {
    return new Services(clock, sleeper, environment, clusters, tunnels, metrics, newIdentity);
  }

  /** The clock and identity; the environment by its variable names only. */
  @Override
  public String toString() {
    return "Services[clock="
        + clock
        + ", environment="
        + environment
        + ", identity="
        + identity
        + "]";
  }
}
