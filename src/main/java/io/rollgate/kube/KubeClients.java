package io.rollgate.kube;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Connections to a cluster: fabric8 over OkHttp (one HTTP stack for the cluster, Prometheus and
 * smoke checks). fabric8's own request retries are switched off: Rollgate retries through its named
 * resilience4j retries, with the injected sleeper, so there is one policy and tests never wait.
 */
public final class KubeClients {
  private KubeClients() {}

  /**
   * A client for the given kubeconfig (default: {@code $KUBECONFIG}, {@code ~/.kube/config}, or the
   * in-cluster service account) and context (default: the current one). Nothing is sent to the
   * cluster.
   *
   * @throws KubeconfigException the file cannot be read or parsed, or has no such context
   */
  public static KubernetesClient connect(Optional<Path> kubeconfig, Optional<String> context)
      throws KubeconfigException {
    Config config = load(kubeconfig, context);
    if (context.isPresent() && !hasContext(config.getContexts(), context.get())) {
      throw new KubeconfigException(
          kubeconfig, context, "no context named '" + context.get() + "'");
    }
    return forConfig(config);
  }

  /** A client for a ready configuration, with Rollgate's settings (OkHttp, no built-in retries). */
  public static KubernetesClient forConfig(Config config) {
    config.setRequestRetryBackoffLimit(0);
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientFactory(new OkHttpClientFactory())
        .build();
  }

  private static Config load(Optional<Path> kubeconfig, Optional<String> context)
      throws KubeconfigException {
    if (kubeconfig.isPresent() && !Files.isReadable(kubeconfig.get())) {
      throw new KubeconfigException(kubeconfig, context, "cannot read the file");
    }
    try {
      return kubeconfig.isPresent()
          ? Config.fromKubeconfig(context.orElse(null), kubeconfig.get().toFile())
          : Config.autoConfigure(context.orElse(null));
    } catch (RuntimeException e) {
      // the parser's message may quote the file, which may hold credentials: keep only the type
      throw new KubeconfigException(
          kubeconfig, context, "cannot use it (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static boolean hasContext(List<NamedContext> contexts, String name) {
    return contexts != null && contexts.stream().anyMatch(c -> name.equals(c.getName()));
  }
}
