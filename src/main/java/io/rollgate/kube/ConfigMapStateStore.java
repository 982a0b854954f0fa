package io.rollgate.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rollgate.canary.CanaryPlan;
import io.rollgate.canary.CanaryState;
import io.rollgate.canary.StateConflictException;
import io.rollgate.canary.StateStore;
import io.rollgate.state.StateJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The canary's state in {@code ConfigMap rollgate-<pipeline>} in the production namespace: the plan
 * and the state as two JSON documents, the phase and revision as annotations for {@code kubectl}
 * readers, and labels by which {@code resume --all} finds every rollout. Every write is a
 * compare-and-swap on the resourceVersion read before it.
 */
public final class ConfigMapStateStore implements StateStore {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String STATE_COMPONENT = "rollout-state";
  public static final String PIPELINE_LABEL = "rollgate.io/pipeline";
  static final String PLAN_KEY = "plan.json";
  static final String STATE_KEY = "state.json";

  private final KubernetesClient client;
  private final KubeCalls calls;
  private final String namespace;
  private final String name;
  private final String pipeline;

  public ConfigMapStateStore(
      KubernetesClient client, KubeCalls calls, String namespace, String pipeline) {
    this.client = client;
    this.calls = calls;
    this.namespace = namespace;
    this.pipeline = pipeline;
    this.name = "rollgate-" + pipeline;
  }

  @Override
  public Optional<Saved> read() {
    ConfigMap cm =
        calls.call(
            "get",
            "configmaps",
            namespace,
            () -> client.configMaps().inNamespace(namespace).withName(name).get());
    return Optional.ofNullable(cm).map(ConfigMapStateStore::decode);
  }

  @Override
  public Saved create(CanaryPlan plan, CanaryState state) throws StateConflictException {
    ConfigMap cm = encode(plan, state, Optional.empty());
    try {
      return decode(
          calls.call("create", "configmaps", namespace, () -> client.resource(cm).create()));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new StateConflictException(name + " was created by another run meanwhile");
      }
      throw e;
    }
  }

  @Override
  public Saved update(Saved previous, CanaryState state) throws StateConflictException {
    return write(previous, previous.plan(), state);
  }

  @Override
  public Saved replace(Saved previous, CanaryPlan plan, CanaryState state)
      throws StateConflictException {
    return write(previous, plan, state);
  }

  private Saved write(Saved previous, CanaryPlan plan, CanaryState state)
      throws StateConflictException {
    ConfigMap cm = encode(plan, state, Optional.of(previous.version()));
    try {
      return decode(
          calls.call("update", "configmaps", namespace, () -> client.resource(cm).update()));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409 || e.getCode() == 404) {
        throw new StateConflictException(
            name + " changed since version " + previous.version() + " was read");
      }
      throw e;
    }
  }

  private ConfigMap encode(CanaryPlan plan, CanaryState state, Optional<String> version) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withResourceVersion(version.orElse(null))
        .addToLabels(MANAGED_BY, "rollgate")
        .addToLabels(COMPONENT, STATE_COMPONENT)
        .addToLabels(PIPELINE_LABEL, pipeline)
        .addToAnnotations("rollgate.io/phase", state.phase().label())
        .addToAnnotations("rollgate.io/revision", state.revision())
        .endMetadata()
        .withData(Map.of(PLAN_KEY, StateJson.plan(plan), STATE_KEY, StateJson.state(state)))
        .build();
  }

  static Saved decode(ConfigMap cm) {
    Map<String, String> data = cm.getData() == null ? Map.of() : cm.getData();
    String where = cm.getMetadata().getNamespace() + "/" + cm.getMetadata().getName();
    if (!data.containsKey(PLAN_KEY) || !data.containsKey(STATE_KEY)) {
      throw new StateJson.UnreadableStateException(
          "ConfigMap " + where + " holds no rollgate state (" + PLAN_KEY + ", " + STATE_KEY + ")",
          null);
    }
    return new Saved(
        StateJson.readPlan(data.get(PLAN_KEY)),
        StateJson.readState(data.get(STATE_KEY)),
        cm.getMetadata().getResourceVersion());
  }

  /**
   * Every rollout state in the given namespaces (all namespaces when none is given), in one list
   * call per namespace. A ConfigMap that does not read is returned as a problem, not thrown.
   */
  public static Listing list(KubernetesClient client, KubeCalls calls, List<String> namespaces) {
    List<ConfigMap> found = new ArrayList<>();
    Map<String, String> labels = Map.of(MANAGED_BY, "rollgate", COMPONENT, STATE_COMPONENT);
    if (namespaces.isEmpty()) {
      found.addAll(
          calls.call(
              "list",
              "configmaps",
              "(all namespaces)",
              () -> client.configMaps().inAnyNamespace().withLabels(labels).list().getItems()));
    } else {
      for (String ns : namespaces) {
        found.addAll(
            calls.call(
                "list",
                "configmaps",
                ns,
                () -> client.configMaps().inNamespace(ns).withLabels(labels).list().getItems()));
      }
    }
    List<Listed> rollouts = new ArrayList<>();
    for (ConfigMap cm : found) {
      String ns = cm.getMetadata().getNamespace();
      String pipeline =
          Optional.ofNullable(cm.getMetadata().getLabels())
              .map(l -> l.get(PIPELINE_LABEL))
              .orElse(cm.getMetadata().getName().replaceFirst("^rollgate-", ""));
      try {
        rollouts.add(new Listed(ns, pipeline, Optional.of(decode(cm)), Optional.empty()));
      } catch (StateJson.UnreadableStateException e) {
        rollouts.add(new Listed(ns, pipeline, Optional.empty(), Optional.of(e.getMessage())));
      }
    }
    return new Listing(rollouts);
  }

  /** What {@link #list} found. */
  public record Listing(List<Listed> rollouts) {}

  /** One rollout: where, which pipeline, and its state or why it could not be read. */
  public record Listed(
      String namespace, String pipeline, Optional<Saved> saved, Optional<String> problem) {}
}
