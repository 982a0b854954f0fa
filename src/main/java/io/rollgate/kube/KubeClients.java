package io.rollgate.kube;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Connections to a cluster: fabric8 over OkHttp (one HTTP stack for the cluster, Prometheus and
 * smoke checks). fabric8's own request retries are switched off: Rollgate retries through its named
 * resilience4j retries, with the injected sleeper, so there is one policy and tests never wait.
 *
 * <p>The kubeconfig is found as kubectl finds it, from the environment given (never the process's
 * own, so tests can set it): {@code --kubeconfig}, else the files of {@code $KUBECONFIG} (merged,
 * the first to set a value wins), else {@code ~/.kube/config}; with none of them, the in-cluster
 * service account when running in a pod ({@code KUBERNETES_SERVICE_HOST} is set). Outside a pod, no
 * kubeconfig is bad input at once, naming every place looked at: without this, fabric8 would fall
 * back to {@code https://kubernetes.default.svc} and the run would only give up after its retry
 * budget, as an outage.
 */
public final class KubeClients {
  static final String IN_A_POD = "KUBERNETES_SERVICE_HOST";

  private KubeClients() {}

  /**
   * A client for the given kubeconfig and context (default: the current one). Nothing is sent to
   * the cluster.
   *
   * @param environment where {@code KUBECONFIG}, {@code HOME} and {@code KUBERNETES_SERVICE_HOST}
   *     are read
   * @throws KubeconfigException no kubeconfig, or one that cannot be read or parsed, or that has no
   *     such context
   */
  public static KubernetesClient connect(
      Optional<Path> kubeconfig, Optional<String> context, Map<String, String> environment)
      throws KubeconfigException {
    return forConfig(load(kubeconfig, context, environment));
  }

  /** A client for a ready configuration, with Rollgate's settings (OkHttp, no built-in retries). */
  public static KubernetesClient forConfig(Config config) {
    config.setRequestRetryBackoffLimit(0);
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientFactory(new OkHttpClientFactory())
        .build();
  }

  static Config load(Optional<Path> flag, Optional<String> context, Map<String, String> environment)
      throws KubeconfigException {
    if (flag.isPresent()) {
      return fromFiles(List.of(flag.get()), "--kubeconfig", context);
    }
    List<String> looked = new ArrayList<>();
    looked.add("--kubeconfig: not given");
    Optional<String> listed =
        Optional.ofNullable(environment.get("KUBECONFIG")).filter(s -> !s.isBlank());
    if (listed.isPresent()) {
      List<Path> files = new ArrayList<>();
      for (String entry : listed.get().split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          files.add(Path.of(entry));
        }
      }
      List<Path> existing = files.stream().filter(Files::exists).toList();
      if (!existing.isEmpty()) {
        return fromFiles(existing, "$KUBECONFIG", context);
      }
      looked.add(
          "$KUBECONFIG="
              + listed.get()
              + ": "
              + (files.size() == 1 ? "no such file" : "none of these files exists")
              + " (with $KUBECONFIG set, ~/.kube/config is not read, as with kubectl)");
    } else {
      looked.add("$KUBECONFIG: not set");
      Path home =
          Path.of(
              Optional.ofNullable(environment.get("HOME"))
                  .filter(h -> !h.isBlank())
                  .orElse(System.getProperty("user.home")),
              ".kube",
              "config");
      if (Files.exists(home)) {
        return fromFiles(List.of(home), "~/.kube/config", context);
      }
      looked.add("~/.kube/config (" + home + "): no such file");
    }
    if (environment.containsKey(IN_A_POD)) {
      return inCluster(context);
    }
    throw new KubeconfigException(
        "no kubeconfig found, and not running in a pod ($"
            + IN_A_POD
            + " is not set) where the service account would do: "
            + String.join("; ", looked)
            + ". Give --kubeconfig FILE or set KUBECONFIG",
        Optional.empty(),
        context);
  }

  /** The service account of the pod this runs in, as fabric8 configures it. */
  private static Config inCluster(Optional<String> context) throws KubeconfigException {
    Config config = Config.autoConfigure(context.orElse(null));
    if (context.isPresent() && !names(config.getContexts()).contains(context.get())) {
      throw new KubeconfigException(
          Optional.empty(),
          context,
          "no kubeconfig to take context '"
              + context.get()
              + "' from: in a pod without one, only the service account's own cluster is"
              + " reachable (leave the context out, or give --kubeconfig)");
    }
    return config;
  }

  private static Config fromFiles(List<Path> files, String source, Optional<String> context)
      throws KubeconfigException {
    Optional<Path> first = Optional.of(files.get(0));
    List<io.fabric8.kubernetes.api.model.Config> parsed = new ArrayList<>();
    for (Path file : files) {
      Optional<Path> where = Optional.of(file);
      if (!Files.exists(file)) {
        throw new KubeconfigException(where, context, "no such file (" + source + ")");
      }
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new KubeconfigException(
            where,
            context,
            (Files.isDirectory(file) ? "a folder, not a file" : "cannot read the file")
                + " ("
                + source
                + ")");
      }
      io.fabric8.kubernetes.api.model.Config one;
      try {
        one = KubeConfigUtils.parseConfig(file.toFile());
      } catch (RuntimeException e) {
        // the parser's message may quote the file, which may hold credentials: say it in words
        one = null;
      }
      if (one == null) {
        throw new KubeconfigException(where, context, unreadable(file) + " (" + source + ")");
      }
      parsed.add(one);
    }
    Set<String> contexts = new LinkedHashSet<>();
    Optional<String> current = Optional.empty();
    for (io.fabric8.kubernetes.api.model.Config c : parsed) {
      contexts.addAll(names(c.getContexts()));
      if (current.isEmpty()) {
        current = Optional.ofNullable(c.getCurrentContext()).filter(s -> !s.isBlank());
      }
    }
    if (context.isPresent() && !contexts.contains(context.get())) {
      throw new KubeconfigException(
          first,
          context,
          "no context named '"
              + context.get()
              + "'; "
              + (contexts.isEmpty()
                  ? "it has no contexts"
                  : "its contexts: "
                      + String.join(", ", contexts)
                      + current.map(c -> " (current: " + c + ")").orElse("")));
    }
    if (context.isEmpty() && current.isEmpty()) {
      throw new KubeconfigException(
          first,
          context,
          "no current-context set; give --context"
              + (contexts.isEmpty() ? "" : " (its contexts: " + String.join(", ", contexts) + ")"));
    }
    try {
      Config config = Config.empty();
      KubeConfigUtils.merge(
          config,
          context.orElse(null),
          parsed.toArray(new io.fabric8.kubernetes.api.model.Config[0]));
      return config;
    } catch (RuntimeException e) {
      throw new KubeconfigException(
          first,
          context,
          "its clusters, contexts and users cannot be put together (a context naming a cluster or"
              + " user that is not there?)");
    }
  }

  /** Why a kubeconfig file could not be read, in words and without quoting it. */
  private static String unreadable(Path file) {
    try {
      if (Files.readString(file).isBlank()) {
        return "the file is empty";
      }
    } catch (java.io.IOException | RuntimeException e) {
      return "not a kubeconfig file it can read (a binary file?)";
    }
    return "not a kubeconfig file it can read (YAML with clusters, contexts and users)";
  }

  private static Set<String> names(List<NamedContext> contexts) {
    Set<String> names = new LinkedHashSet<>();
    if (contexts != null) {
      contexts.forEach(c -> names.add(c.getName()));
    }
    return names;
  }
}
