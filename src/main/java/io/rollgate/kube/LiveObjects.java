package io.rollgate.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Objects as they are in the cluster now, as plain maps (what the planner compares manifests to).
 */
public final class LiveObjects {
  private final KubernetesClient client;
  private final KubeCalls calls;

  public LiveObjects(KubernetesClient client, KubeCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  /** The object, or empty when there is none; {@code apiVersion} as the manifest gives it. */
  @SuppressWarnings("unchecked")
  public Optional<Map<String, Object>> get(
      String apiVersion, String kind, String namespace, String name) {
    GenericKubernetesResource r =
        calls.call(
            "get",
            kind.toLowerCase(java.util.Locale.ROOT) + "s",
            namespace,
            () ->
                client
                    .genericKubernetesResources(apiVersion, kind)
                    .inNamespace(namespace)
                    .withName(name)
                    .get());
    if (r == null) {
      return Optional.empty();
    }
    return Optional.of(client.getKubernetesSerialization().convertValue(r, LinkedHashMap.class));
  }
}
