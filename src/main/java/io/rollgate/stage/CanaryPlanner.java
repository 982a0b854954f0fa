package io.rollgate.stage;

import io.rollgate.canary.CanaryManifests;
import io.rollgate.canary.CanaryPlan;
import io.rollgate.pipeline.CanarySpec;
import io.rollgate.pipeline.LoadedPipeline;
import io.rollgate.pipeline.Manifest;
import io.rollgate.pipeline.MetricSpec;
import io.rollgate.pipeline.ProductionSpec;
import io.rollgate.query.QueryTemplate;
import io.rollgate.query.TemplateException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Turns a loaded pipeline and what runs in production now into the plan a canary follows: the new
 * revision, which changed ConfigMaps and Secrets the canary reads as copies, the previous stable
 * template, and only the variables the analysis queries use.
 */
final class CanaryPlanner {
  private CanaryPlanner() {}

  /** The plan, and the manifests of the configuration that changed (to copy, not to apply). */
  record Planned(CanaryPlan plan, List<Manifest> changedConfigs, List<Manifest> others) {}

  static Manifest target(LoadedPipeline loaded) {
    CanarySpec.TargetRef ref = loaded.spec().production().orElseThrow().canary().target();
    return loaded.productionManifests().stream()
        .filter(m -> m.kind().equals(ref.kind()) && m.name().equals(ref.name()))
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("the validated target " + ref + " is missing"));
  }

  static Planned plan(
      LoadedPipeline loaded,
      Optional<Map<String, Object>> stableLive,
      Function<Manifest, Optional<Map<String, Object>>> live) {
    ProductionSpec production = loaded.spec().production().orElseThrow();
    Manifest target = target(loaded);
    Set<CanaryPlan.ConfigRef> refs = CanaryManifests.configRefs(target.body());
    List<Manifest> changed = new ArrayList<>();
    Map<CanaryPlan.ConfigRef, Object> changedContent =
        new TreeMap<>(java.util.Comparator.comparing(Object::toString));
    List<Manifest> others = new ArrayList<>();
    for (Manifest m : loaded.productionManifests()) {
      if (m == target) {
        continue;
      }
      CanaryPlan.ConfigRef ref = new CanaryPlan.ConfigRef(m.kind(), m.name());
      boolean read =
          refs.contains(ref)
              && m.namespace().orElse(production.namespace()).equals(production.namespace());
      Optional<Map<String, Object>> now =
          read && stableLive.isPresent() ? live.apply(m) : Optional.empty();
      if (now.isPresent() && !content(m.kind(), m.body()).equals(content(m.kind(), now.get()))) {
        changed.add(m);
        changedContent.put(ref, content(m.kind(), m.body()));
      } else {
        others.add(m);
      }
    }
    CanaryPlan plan =
        new CanaryPlan(
            loaded.spec().name(),
            production.namespace(),
            CanaryManifests.revision(target.body(), changedContent),
            production.canary().target(),
            production.canary().traffic(),
            production.canary().steps(),
            production.canary().analysis(),
            production.rollout(),
            queryVars(loaded.spec().vars(), production.canary().analysis().metrics()),
            withKindAndName(target),
            stableLive.map(CanaryPlanner::template).orElse(Map.of()),
            changed.stream().map(m -> new CanaryPlan.ConfigRef(m.kind(), m.name())).toList());
    return new Planned(plan, changed, others);
  }

  /** Stable already runs this revision: same template, no changed configuration. */
  static boolean stableRuns(Planned planned, Map<String, Object> stableLive) {
    Object desired = map(map(planned.plan().target(), "spec"), "template");
    return planned.changedConfigs().isEmpty()
        && CanaryManifests.liveHolds(map(map(stableLive, "spec"), "template"), desired);
  }

  private static Map<String, Object> withKindAndName(Manifest m) {
    Map<String, Object> body = CanaryManifests.deepCopy(m.body());
    body.put("apiVersion", m.apiVersion());
    body.put("kind", m.kind());
    return body;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> template(Map<String, Object> deployment) {
    return CanaryManifests.deepCopy(map(map(deployment, "spec"), "template"));
  }

  /** What a ConfigMap or Secret holds, with stringData read as the data the API would store. */
  private static Map<String, Object> content(String kind, Map<String, Object> body) {
    Map<String, Object> out = new TreeMap<>();
    Map<String, Object> data = map(body, "data");
    out.put("data", new TreeMap<>(data));
    if (kind.equals("Secret")) {
      Map<String, Object> merged = new TreeMap<>(data);
      map(body, "stringData")
          .forEach(
              (k, v) ->
                  merged.put(
                      k,
                      Base64.getEncoder()
                          .encodeToString(String.valueOf(v).getBytes(StandardCharsets.UTF_8))));
      out.put("data", merged);
    } else {
      out.put("binaryData", new TreeMap<>(map(body, "binaryData")));
    }
    return out;
  }

  /** Only the variables the analysis queries use go into the saved plan: others may be secrets. */
  private static Map<String, String> queryVars(Map<String, String> vars, List<MetricSpec> metrics) {
    Set<String> used = new TreeSet<>();
    for (MetricSpec m : metrics) {
      used.addAll(variables(m.query()));
      m.minSamples().ifPresent(s -> used.addAll(variables(s.query())));
    }
    Map<String, String> out = new LinkedHashMap<>();
    used.stream().filter(vars::containsKey).forEach(v -> out.put(v, vars.get(v)));
    return out;
  }

  private static Set<String> variables(String template) {
    try {
      return QueryTemplate.parse(template).variables();
    } catch (TemplateException e) {
      return Set.of(); // validated before: cannot happen
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> m, String key) {
    return m.get(key) instanceof Map<?, ?> child ? (Map<String, Object>) child : Map.of();
  }
}
