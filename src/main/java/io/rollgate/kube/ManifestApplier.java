package io.rollgate.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.ServerSideApplicable;
import io.fabric8.kubernetes.client.dsl.WritableOperation;
import io.github.resilience4j.retry.Retry;
import io.rollgate.kube.ApplyResult.AppliedObject;
import io.rollgate.kube.ApplyResult.Change;
import io.rollgate.pipeline.Manifest;
import io.rollgate.report.Progress;
import io.rollgate.retry.Retries;
import io.rollgate.time.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Applies manifests with server-side apply under the field manager {@code rollgate}: kind groups in
 * {@link ApplyOrder}, the objects of a group in parallel, a failed group stopping the run before
 * the next. 429, 5xx and network errors are retried ("kube-apply"); other answers are final. The
 * server-side dry run of one object, for {@link ServerPreflight}, goes the same way.
 */
public final class ManifestApplier {
  public static final String FIELD_MANAGER = "rollgate";
  private static final int PARALLELISM = 4;

  private final KubernetesClient client;
  private final ApplyOptions options;
  private final Progress progress;
  private final Retry retry;

  public ManifestApplier(
      KubernetesClient client, ApplyOptions options, Sleeper sleeper, Progress progress) {
    this.client = Objects.requireNonNull(client, "client");
    this.options = Objects.requireNonNull(options, "options");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.retry = Retries.named("kube-apply", options.backoff(), ApiErrors::isTransient, sleeper);
  }

  /**
   * Applies the manifests group by group and says what changed. Every manifest is converted before
   * the first request, so one that cannot be read fails the call with nothing written.
   *
   * @throws InterruptedException when the calling thread, or a wait between attempts, is
   *     interrupted; the objects still in flight are cancelled
   */
  public ApplyResult apply(List<Manifest> manifests) throws ApplyException, InterruptedException {
    Map<Manifest, HasMetadata> objects = new IdentityHashMap<>();
    for (Manifest m : manifests) {
      objects.put(m, toObject(m));
    }
    List<AppliedObject> applied = new ArrayList<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            PARALLELISM,
            r -> {
              Thread t = new Thread(r, "kube-apply");
              t.setDaemon(true);
              return t;
            });
    try {
      for (List<Manifest> group : ApplyOrder.groups(manifests)) {
        applied.addAll(applyGroup(group, objects, pool));
      }
    } finally {
      pool.shutdownNow();
    }
    return new ApplyResult(applied);
  }

  private List<AppliedObject> applyGroup(
      List<Manifest> group, Map<Manifest, HasMetadata> objects, ExecutorService pool)
      throws ApplyException, InterruptedException {
    List<Future<AppliedObject>> futures = new ArrayList<>();
    for (Manifest m : group) {
      HasMetadata object = objects.get(m);
      futures.add(pool.submit(() -> applyOne(m, object)));
    }
    List<AppliedObject> done = new ArrayList<>();
    ApplyException failure = null;
    for (int i = 0; i < futures.size(); i++) {
      try {
        AppliedObject o = futures.get(i).get();
        done.add(o);
        progress.line(
            "applied "
                + o.manifest().id()
                + " ("
                + o.change().name().toLowerCase(Locale.ROOT)
                + ")");
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Retries.RetryInterruptedException retryInterrupted) {
          futures.forEach(f -> f.cancel(true));
          InterruptedException interrupted =
              new InterruptedException(group.get(i).id() + ": interrupted while waiting to retry");
          interrupted.initCause(retryInterrupted);
          throw interrupted;
        }
        ApplyException cause = asApplyException(group.get(i), e.getCause());
        if (failure == null) {
          failure = cause;
        } else {
          failure.addSuppressed(cause);
        }
      } catch (InterruptedException e) {
        futures.forEach(f -> f.cancel(true));
        throw e;
      }
    }
    if (failure != null) {
      throw failure;
    }
    return done;
  }

  private AppliedObject applyOne(Manifest manifest, HasMetadata object) throws ApplyException {
    return send(manifest, object, false);
  }

  /**
   * A server-side dry run of one object (the server validates it, admission included, and stores
   * nothing): what it would change.
   *
   * @throws ClusterUnreachableException past the retry budget
   * @throws ApplyException the server refused the object
   */
  AppliedObject dryRun(Manifest manifest, HasMetadata object) throws ApplyException {
    return send(manifest, object, true);
  }

  private AppliedObject send(Manifest manifest, HasMetadata object, boolean dryRun)
      throws ApplyException {
    long start = System.nanoTime();
    try {
      Change change = retry.executeCheckedSupplier(() -> attempt(object, dryRun));
      return new AppliedObject(manifest, change, Duration.ofNanos(System.nanoTime() - start));
    } catch (Error | Retries.RetryInterruptedException e) {
      throw e;
    } catch (Throwable t) {
      throw asApplyException(manifest, t);
    }
  }

  private Change attempt(HasMetadata object, boolean dryRun) {
    Resource<HasMetadata> resource = client.resource(object);
    Optional<HasMetadata> before = Optional.ofNullable(resource.get());
    WritableOperation<HasMetadata> operation = dryRun ? resource.dryRun() : resource;
    ServerSideApplicable<HasMetadata> apply = operation.fieldManager(FIELD_MANAGER);
    if (options.forceConflicts()) {
      apply = apply.forceConflicts();
    }
    HasMetadata after = apply.serverSideApply();
    if (before.isEmpty()) {
      return Change.CREATED;
    }
    boolean same =
        dryRun
            ? withoutServerFields(before.get()).equals(withoutServerFields(after))
            : Objects.equals(
                before.get().getMetadata().getResourceVersion(),
                after.getMetadata().getResourceVersion());
    return same ? Change.UNCHANGED : Change.CONFIGURED;
  }

  /** A dry run does not move the resourceVersion: compare what the object would hold instead. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> withoutServerFields(HasMetadata object) {
    Map<String, Object> map =
        client.getKubernetesSerialization().convertValue(object, LinkedHashMap.class);
    Object metadata = map.get("metadata");
    if (metadata instanceof Map<?, ?> meta) {
      Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) meta);
      List.of("resourceVersion", "managedFields", "generation", "uid", "creationTimestamp")
          .forEach(copy::remove);
      map.put("metadata", copy);
    }
    map.remove("status");
    return map;
  }

  /** The client object for a manifest; one that cannot be read is refused, nothing sent. */
  HasMetadata toObject(Manifest manifest) throws ApplyException {
    Map<String, Object> body = new LinkedHashMap<>(manifest.body());
    body.put("apiVersion", manifest.apiVersion());
    body.put("kind", manifest.kind());
    try {
      KubernetesResource resource =
          client.getKubernetesSerialization().convertValue(body, KubernetesResource.class);
      if (!(resource instanceof HasMetadata object)) {
        throw new ApplyException(manifest.id(), 0, "not a Kubernetes object with metadata", null);
      }
      object.getMetadata().setName(manifest.name());
      manifest.namespace().ifPresent(ns -> object.getMetadata().setNamespace(ns));
      return object;
    } catch (RuntimeException e) {
      // the mapper's message may quote the body, and the body may be a Secret's
      throw new ApplyException(
          manifest.id(),
          0,
          "cannot be read as " + manifest.apiVersion() + " " + manifest.kind(),
          null);
    }
  }

  ApplyException asApplyException(Manifest manifest, Throwable t) {
    if (t instanceof ApplyException e) {
      return e;
    }
    boolean secret = "Secret".equals(manifest.kind());
    String message = secret ? ApiErrors.redactedMessage(t) : ApiErrors.message(t);
    Throwable cause = secret ? null : t;
    if (ApiErrors.isTransient(t)) {
      return new ClusterUnreachableException(
          manifest.id(), options.backoff().maxAttempts(), ApiErrors.code(t), message, cause);
    }
    if (ApiErrors.isFieldConflict(t)) {
      return new FieldConflictException(manifest.id(), ApiErrors.conflicts(t), message, cause);
    }
    return new ApplyException(manifest.id(), ApiErrors.code(t), message, cause);
  }
}
