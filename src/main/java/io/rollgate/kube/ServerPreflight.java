package io.rollgate.kube;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.resilience4j.retry.Retry;
import io.rollgate.kube.ApplyResult.AppliedObject;
import io.rollgate.kube.ApplyResult.Change;
import io.rollgate.kube.ManifestsRefusedException.Refusal;
import io.rollgate.pipeline.Manifest;
import io.rollgate.pipeline.Suggestions;
import io.rollgate.report.Progress;
import io.rollgate.retry.Retries;
import io.rollgate.time.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What every stage does before its first write: each object's kind is resolved against the server's
 * discovery, then every object is sent as a server-side dry run, in parallel. Only when the server
 * accepts all of them may the stage write; otherwise every refusal is reported at once ({@link
 * ManifestsRefusedException}, exit 2) and nothing was written. {@code run --dry-run} is this check
 * alone.
 *
 * <p>Two kinds of object cannot be checked by the server before the run creates what they need: an
 * object in a Namespace the same set creates (a dry-run Namespace is not stored, so the server
 * would answer 404), and an object of a kind whose CustomResourceDefinition the same set brings.
 * Both are passed as {@code created}, said so in the progress line.
 */
public final class ServerPreflight {
  private static final int PARALLELISM = 8;
  private static final String CRD_GROUP = "apiextensions.k8s.io/";

  private final KubernetesClient client;
  private final ManifestApplier objects;
  private final Progress progress;
  private final Retry discovery;
  private final int attempts;

  /**
   * @param progress one line per object ("would apply ..."), or {@link Progress#silent()}
   */
  public ServerPreflight(
      KubernetesClient client, ApplyOptions options, Sleeper sleeper, Progress progress) {
    this.client = Objects.requireNonNull(client, "client");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.objects = new ManifestApplier(client, options, sleeper, Progress.silent());
    this.discovery =
        Retries.named("kube-discovery", options.backoff(), ApiErrors::isTransient, sleeper);
    this.attempts = options.backoff().maxAttempts();
  }

  /**
   * Checks every manifest and says what applying them would change, in the order they would be
   * applied.
   *
   * @throws ManifestsRefusedException one or more objects refused (all of them named)
   * @throws ClusterUnreachableException the server could not be asked, past the retry budget
   */
  public ApplyResult check(List<Manifest> manifests) throws ApplyException, InterruptedException {
    List<Refusal> refusals = new ArrayList<>();
    Map<Manifest, HasMetadata> converted = new IdentityHashMap<>();
    for (Manifest m : manifests) {
      try {
        converted.put(m, objects.toObject(m));
      } catch (ApplyException e) {
        refusals.add(new Refusal(m, 0, e.serverMessage()));
      }
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            PARALLELISM,
            r -> {
              Thread t = new Thread(r, "kube-preflight");
              t.setDaemon(true);
              return t;
            });
    try {
      Map<String, Optional<APIResourceList>> served = discover(manifests, pool);
      Set<String> broughtKinds = kindsOfCrdsIn(manifests);
      Map<Manifest, String> unchecked = new IdentityHashMap<>();
      List<Manifest> toSend = new ArrayList<>();
      for (Manifest m : manifests) {
        if (!converted.containsKey(m)) {
          continue;
        }
        Optional<String> unknown = unknownKind(m, served.get(m.apiVersion()));
        if (unknown.isEmpty()) {
          toSend.add(m);
        } else if (broughtKinds.contains(m.apiVersion() + " " + m.kind())) {
          unchecked.put(m, "its CustomResourceDefinition is applied by this run");
        } else {
          refusals.add(new Refusal(m, 404, unknown.get()));
        }
      }
      List<Manifest> namespaces =
          toSend.stream().filter(m -> "Namespace".equals(m.kind())).toList();
      Map<Manifest, AppliedObject> done = new IdentityHashMap<>();
      List<ApplyException> unreachable = new ArrayList<>();
      dryRunAll(namespaces, converted, pool, done, refusals, unreachable);
      Set<String> created = new HashSet<>();
      namespaces.stream()
          .filter(m -> done.containsKey(m) && done.get(m).change() == Change.CREATED)
          .forEach(m -> created.add(m.name()));
      List<Manifest> rest = new ArrayList<>();
      for (Manifest m : toSend) {
        if ("Namespace".equals(m.kind())) {
          continue;
        }
        if (m.namespace().map(created::contains).orElse(false)) {
          unchecked.put(m, "its namespace does not exist yet");
        } else {
          rest.add(m);
        }
      }
      dryRunAll(rest, converted, pool, done, refusals, unreachable);
      if (!refusals.isEmpty()) {
        refusals.sort(Comparator.comparingInt(r -> indexOf(manifests, r.manifest())));
        throw new ManifestsRefusedException(refusals, manifests.size());
      }
      if (!unreachable.isEmpty()) {
        throw unreachable.get(0);
      }
      unchecked.forEach(
          (m, why) -> done.put(m, new AppliedObject(m, Change.CREATED, Duration.ZERO)));
      List<AppliedObject> result = new ArrayList<>();
      for (List<Manifest> group : ApplyOrder.groups(manifests)) {
        for (Manifest m : group) {
          AppliedObject o = done.get(m);
          result.add(o);
          progress.line(
              "would apply "
                  + m.id()
                  + " ("
                  + o.change().name().toLowerCase(Locale.ROOT)
                  + (unchecked.containsKey(m)
                      ? "; not checked by the server: " + unchecked.get(m)
                      : "")
                  + ")");
        }
      }
      return new ApplyResult(result);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The resource list of every apiVersion the manifests use; empty when the server has none. */
  private Map<String, Optional<APIResourceList>> discover(
      List<Manifest> manifests, ExecutorService pool) throws ApplyException, InterruptedException {
    Set<String> versions = new LinkedHashSet<>();
    manifests.forEach(m -> versions.add(m.apiVersion()));
    Map<String, Future<Optional<APIResourceList>>> asked = new LinkedHashMap<>();
    for (String gv : versions) {
      asked.put(gv, pool.submit(() -> resources(gv)));
    }
    Map<String, Optional<APIResourceList>> served = new LinkedHashMap<>();
    for (Map.Entry<String, Future<Optional<APIResourceList>>> e : asked.entrySet()) {
      String what = "API discovery of " + e.getKey();
      try {
        served.put(e.getKey(), await(e.getValue(), asked.values(), what));
      } catch (ClusterUnreachableException unreachable) {
        throw unreachable;
      } catch (ApplyException refused) {
        throw new ApplyException(
            "the cluster refused "
                + what
                + (refused.code() > 0 ? " (HTTP " + refused.code() + ")" : "")
                + ": "
                + refused.serverMessage(),
            what,
            refused.code(),
            refused.serverMessage(),
            refused.getCause());
      }
    }
    return served;
  }

  private Optional<APIResourceList> resources(String groupVersion) {
    return Optional.ofNullable(
        discovery.executeSupplier(() -> client.getApiResources(groupVersion)));
  }

  /** Why the server would not know the manifest's kind, if it would not. */
  private Optional<String> unknownKind(Manifest m, Optional<APIResourceList> served) {
    if (served.isEmpty()) {
      String gv = m.apiVersion();
      int slash = gv.indexOf('/');
      List<String> versions = slash < 0 ? List.of() : versionsOf(gv.substring(0, slash));
      return Optional.of(
          "the cluster serves no API version "
              + gv
              + " (kind "
              + m.kind()
              + ")"
              + (versions.isEmpty()
                  ? ""
                  : "; group "
                      + gv.substring(0, slash)
                      + " serves "
                      + String.join(", ", versions)));
    }
    List<String> kinds =
        Optional.ofNullable(served.get().getResources()).orElse(List.of()).stream()
            .filter(r -> r.getName() != null && !r.getName().contains("/"))
            .map(APIResource::getKind)
            .filter(Objects::nonNull)
            .toList();
    if (kinds.contains(m.kind())) {
      return Optional.empty();
    }
    return Optional.of(
        "the cluster serves no kind "
            + m.kind()
            + " in "
            + m.apiVersion()
            + Suggestions.closest(m.kind(), kinds)
                .map(k -> " (did you mean " + k + "?)")
                .orElse(""));
  }

  private List<String> versionsOf(String group) {
    try {
      APIGroup served = discovery.executeSupplier(() -> client.getApiGroup(group));
      return served == null || served.getVersions() == null
          ? List.of()
          : served.getVersions().stream().map(GroupVersionForDiscovery::getGroupVersion).toList();
    } catch (RuntimeException e) {
      return List.of(); // only a hint: the refusal stands without it
    }
  }

  /** {@code "apiVersion Kind"} of the custom objects the set's own CRDs define. */
  @SuppressWarnings("unchecked")
  private static Set<String> kindsOfCrdsIn(List<Manifest> manifests) {
    Set<String> kinds = new HashSet<>();
    for (Manifest m : manifests) {
      if (!"CustomResourceDefinition".equals(m.kind()) || !m.apiVersion().startsWith(CRD_GROUP)) {
        continue;
      }
      if (!(m.body().get("spec") instanceof Map<?, ?> spec)
          || !(spec.get("group") instanceof String group)
          || !(spec.get("names") instanceof Map<?, ?> names)
          || !(names.get("kind") instanceof String kind)
          || !(spec.get("versions") instanceof List<?> versions)) {
        continue;
      }
      for (Object v : versions) {
        if (v instanceof Map<?, ?> version && version.get("name") instanceof String name) {
          kinds.add(group + "/" + name + " " + kind);
        }
      }
    }
    return kinds;
  }

  private void dryRunAll(
      List<Manifest> batch,
      Map<Manifest, HasMetadata> converted,
      ExecutorService pool,
      Map<Manifest, AppliedObject> done,
      List<Refusal> refusals,
      List<ApplyException> unreachable)
      throws InterruptedException {
    Map<Manifest, Future<AppliedObject>> sent = new IdentityHashMap<>();
    List<Future<AppliedObject>> all = new ArrayList<>();
    for (Manifest m : batch) {
      Callable<AppliedObject> call = () -> objects.dryRun(m, converted.get(m));
      Future<AppliedObject> f = pool.submit(call);
      sent.put(m, f);
      all.add(f);
    }
    for (Manifest m : batch) {
      try {
        done.put(m, await(sent.get(m), all, m.id()));
      } catch (ClusterUnreachableException e) {
        unreachable.add(e);
      } catch (ApplyException e) {
        refusals.add(new Refusal(m, e.code(), e.serverMessage()));
      }
    }
  }

  /** The future's value; its failure as thrown; on an interrupt every call is cancelled. */
  private <T> T await(Future<T> future, Iterable<? extends Future<?>> all, String what)
      throws ApplyException, InterruptedException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      all.forEach(f -> f.cancel(true));
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Retries.RetryInterruptedException) {
        all.forEach(f -> f.cancel(true));
        InterruptedException interrupted =
            new InterruptedException(what + ": interrupted while waiting to retry");
        interrupted.initCause(cause);
        throw interrupted;
      }
      if (cause instanceof ApplyException apply) {
        throw apply;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      if (ApiErrors.isTransient(cause)) {
        throw ClusterUnreachableException.during(
            what, attempts, ApiErrors.code(cause), ApiErrors.message(cause), cause);
      }
      throw new ApplyException(what, ApiErrors.code(cause), ApiErrors.message(cause), cause);
    }
  }

  private static int indexOf(List<Manifest> manifests, Manifest m) {
    for (int i = 0; i < manifests.size(); i++) {
      if (manifests.get(i) == m) {
        return i;
      }
    }
    return manifests.size();
  }
}
