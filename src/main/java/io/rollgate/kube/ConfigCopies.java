package io.rollgate.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rollgate.canary.CanaryManifests;
import io.rollgate.canary.CanaryPlan;
import io.rollgate.canary.ClusterException;
import io.rollgate.pipeline.Manifest;
import io.rollgate.pipeline.SourceLocation;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration a canary reads instead of stable's: a changed ConfigMap or Secret goes to the
 * cluster as {@code <name>-canary} when the canary starts (stable pods keep reading the real one);
 * promotion first keeps the real one's content as {@code <name>-rollgate-previous}, then writes the
 * copy's content under the real name; a failed promotion writes the kept content back. Secrets stay
 * Secrets throughout: their content is never put in the state.
 */
public final class ConfigCopies {
  static final String PREVIOUS_SUFFIX = "-rollgate-previous";

  private final KubernetesClient client;
  private final KubeCalls calls;
  private final String namespace;

  ConfigCopies(KubernetesClient client, KubeCalls calls, String namespace) {
    this.client = client;
    this.calls = calls;
    this.namespace = namespace;
  }

  /** Writes each manifest (a changed ConfigMap or Secret of the release) as its canary copy. */
  public static List<Manifest> copiesOf(List<Manifest> changed) {
    return changed.stream()
        .map(m -> renamed(m, m.name() + "-canary", Map.of(CanaryManifests.COPY_OF, m.name())))
        .toList();
  }

  /**
   * Keeps what the real objects hold before promotion overwrites them, only while the canary's copy
   * still exists: once it is gone, a promotion that got that far before its process died already
   * wrote the real object, and the snapshot it kept then is the one to keep.
   */
  void snapshot(List<CanaryPlan.ConfigRef> refs) {
    for (CanaryPlan.ConfigRef ref : refs) {
      if (get(ref.kind(), ref.copyName()).isEmpty()) {
        continue;
      }
      Optional<HasMetadata> previous = get(ref.kind(), ref.name());
      if (previous.isPresent() && get(ref.kind(), ref.name() + PREVIOUS_SUFFIX).isEmpty()) {
        write(
            ref.kind(),
            ref.name() + PREVIOUS_SUFFIX,
            previous.get(),
            Map.of(CanaryManifests.COPY_OF, ref.name()));
      }
    }
  }

  /** The copies' content under the real names; a copy already gone was written by then. */
  void promote(List<CanaryPlan.ConfigRef> refs, ManifestApplier applier)
      throws InterruptedException, ApplyException {
    for (CanaryPlan.ConfigRef ref : refs) {
      Optional<HasMetadata> copy = get(ref.kind(), ref.copyName());
      if (copy.isPresent()) {
        applyAs(applier, ref.kind(), ref.name(), copy.get());
      }
    }
  }

  /** The content kept at promotion, back under the real names. */
  void restore(List<CanaryPlan.ConfigRef> refs, ManifestApplier applier)
      throws InterruptedException, ApplyException {
    for (CanaryPlan.ConfigRef ref : refs) {
      Optional<HasMetadata> kept = get(ref.kind(), ref.name() + PREVIOUS_SUFFIX);
      if (kept.isPresent()) {
        applyAs(applier, ref.kind(), ref.name(), kept.get());
      }
    }
  }

  void deleteCopies(List<CanaryPlan.ConfigRef> refs) {
    refs.forEach(r -> delete(r.kind(), r.copyName()));
  }

  void deleteSnapshots(List<CanaryPlan.ConfigRef> refs) {
    refs.forEach(r -> delete(r.kind(), r.name() + PREVIOUS_SUFFIX));
  }

  private void applyAs(ManifestApplier applier, String kind, String name, HasMetadata from)
      throws InterruptedException, ApplyException {
    Map<String, Object> body = content(from);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    metadata.put("namespace", namespace);
    Map<String, String> labels =
        new LinkedHashMap<>(Optional.ofNullable(from.getMetadata().getLabels()).orElse(Map.of()));
    labels.remove(CanaryManifests.COPY_OF);
    if (!labels.isEmpty()) {
      metadata.put("labels", labels);
    }
    body.put("metadata", metadata);
    Manifest m =
        new Manifest(
            new SourceLocation(Path.of(kind + " " + from.getMetadata().getName()), 1, 1),
            "v1",
            kind,
            name,
            Optional.of(namespace),
            body);
    try {
      applier.apply(List.of(m));
    } catch (ClusterUnreachableException e) {
      throw new ClusterException(e.getMessage(), true, e);
    }
  }

  private void write(String kind, String name, HasMetadata from, Map<String, String> extraLabels) {
    HasMetadata copy = client.getKubernetesSerialization().clone(from);
    ObjectMeta meta = new ObjectMeta();
    meta.setName(name);
    meta.setNamespace(namespace);
    Map<String, String> labels =
        new LinkedHashMap<>(Optional.ofNullable(from.getMetadata().getLabels()).orElse(Map.of()));
    labels.putAll(extraLabels); // the object's own labels stay as they are (managed-by included)
    meta.setLabels(labels);
    copy.setMetadata(meta);
    calls.run(
        "create",
        kind.equals("Secret") ? "secrets" : "configmaps",
        namespace,
        () -> client.resource(copy).create());
  }

  /** data, binaryData (ConfigMap) or data, type (Secret), as a manifest body. */
  private static Map<String, Object> content(HasMetadata o) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (o instanceof ConfigMap cm) {
      Optional.ofNullable(cm.getData()).ifPresent(d -> body.put("data", d));
      Optional.ofNullable(cm.getBinaryData()).ifPresent(d -> body.put("binaryData", d));
      Optional.ofNullable(cm.getImmutable()).ifPresent(d -> body.put("immutable", d));
    } else if (o instanceof Secret s) {
      Optional.ofNullable(s.getType()).ifPresent(t -> body.put("type", t));
      Optional.ofNullable(s.getData()).ifPresent(d -> body.put("data", d));
      Optional.ofNullable(s.getStringData()).ifPresent(d -> body.put("stringData", d));
    }
    return body;
  }

  private Optional<HasMetadata> get(String kind, String name) {
    return Optional.ofNullable(
        kind.equals("Secret")
            ? calls.call(
                "get",
                "secrets",
                namespace,
                () -> client.secrets().inNamespace(namespace).withName(name).get())
            : calls.call(
                "get",
                "configmaps",
                namespace,
                () -> client.configMaps().inNamespace(namespace).withName(name).get()));
  }

  private void delete(String kind, String name) {
    if (kind.equals("Secret")) {
      calls.run(
          "delete",
          "secrets",
          namespace,
          () -> client.secrets().inNamespace(namespace).withName(name).delete());
    } else {
      calls.run(
          "delete",
          "configmaps",
          namespace,
          () -> client.configMaps().inNamespace(namespace).withName(name).delete());
    }
  }

  private static Manifest renamed(Manifest m, String name, Map<String, String> extraLabels) {
    Map<String, Object> body = CanaryManifests.deepCopy(m.body());
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata =
        body.get("metadata") instanceof Map<?, ?> md
            ? (Map<String, Object>) md
            : new LinkedHashMap<>();
    metadata.put("name", name);
    @SuppressWarnings("unchecked")
    Map<String, Object> labels =
        metadata.get("labels") instanceof Map<?, ?> l
            ? (Map<String, Object>) l
            : new LinkedHashMap<>();
    labels.putAll(extraLabels); // its own labels stay: promotion writes them back as they were
    metadata.put("labels", labels);
    body.put("metadata", metadata);
    return new Manifest(m.source(), m.apiVersion(), m.kind(), name, m.namespace(), body);
  }
}
