package io.rollgate.canary;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The canary's objects, derived from the user's target manifest as plain maps (no client types):
 * which ConfigMaps and Secrets its pod template reads, the {@code <target>-canary} Deployment with
 * the track label and the copied configuration, and the revision hash.
 */
public final class CanaryManifests {
  public static final String TRACK_LABEL = "rollgate.io/track";
  public static final String CANARY_OF = "rollgate.io/canary-of";
  public static final String COPY_OF = "rollgate.io/copy-of";
  public static final String REVISION_ANNOTATION = "rollgate.io/revision";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  private CanaryManifests() {}

  /**
   * Every ConfigMap and Secret the pod template mounts or reads: volumes (also projected ones),
   * envFrom, and env valueFrom of every container and init container.
   */
  public static Set<CanaryPlan.ConfigRef> configRefs(Map<String, Object> workload) {
    Set<CanaryPlan.ConfigRef> refs = new LinkedHashSet<>();
    Map<String, Object> podSpec = map(map(map(workload, "spec"), "template"), "spec");
    for (Map<String, Object> v : maps(podSpec.get("volumes"))) {
      name(map(v, "configMap"), "name").ifPresent(n -> refs.add(configMap(n)));
      name(map(v, "secret"), "secretName").ifPresent(n -> refs.add(secret(n)));
      for (Map<String, Object> source : maps(map(v, "projected").get("sources"))) {
        name(map(source, "configMap"), "name").ifPresent(n -> refs.add(configMap(n)));
        name(map(source, "secret"), "name").ifPresent(n -> refs.add(secret(n)));
      }
    }
    List<Map<String, Object>> containers = new ArrayList<>(maps(podSpec.get("containers")));
    containers.addAll(maps(podSpec.get("initContainers")));
    for (Map<String, Object> c : containers) {
      for (Map<String, Object> from : maps(c.get("envFrom"))) {
        name(map(from, "configMapRef"), "name").ifPresent(n -> refs.add(configMap(n)));
        name(map(from, "secretRef"), "name").ifPresent(n -> refs.add(secret(n)));
      }
      for (Map<String, Object> env : maps(c.get("env"))) {
        Map<String, Object> valueFrom = map(env, "valueFrom");
        name(map(valueFrom, "configMapKeyRef"), "name").ifPresent(n -> refs.add(configMap(n)));
        name(map(valueFrom, "secretKeyRef"), "name").ifPresent(n -> refs.add(secret(n)));
      }
    }
    return refs;
  }

  /**
   * The canary workload: the target's manifest renamed {@code <target>-canary}, at {@code
   * replicas}, its selector and pod labels joined by {@code rollgate.io/track: canary}, and every
   * reference to a copied ConfigMap or Secret pointing at its {@code -canary} copy.
   */
  public static Map<String, Object> canaryWorkload(CanaryPlan plan, int replicas) {
    Map<String, Object> w = deepCopy(plan.target());
    Map<String, Object> metadata = mutableMap(w, "metadata");
    metadata.keySet().retainAll(Set.of("name", "namespace", "labels", "annotations"));
    metadata.put("name", plan.canaryName());
    metadata.put("namespace", plan.namespace());
    Map<String, Object> labels = mutableMap(metadata, "labels");
    labels.put(MANAGED_BY, "rollgate");
    labels.put(CANARY_OF, plan.targetRef().name());
    mutableMap(metadata, "annotations").put(REVISION_ANNOTATION, plan.revision());
    Map<String, Object> spec = mutableMap(w, "spec");
    spec.put("replicas", (long) replicas);
    mutableMap(mutableMap(spec, "selector"), "matchLabels").put(TRACK_LABEL, "canary");
    Map<String, Object> template = mutableMap(spec, "template");
    mutableMap(mutableMap(template, "metadata"), "labels").put(TRACK_LABEL, "canary");
    Set<String> configMaps = new LinkedHashSet<>();
    Set<String> secrets = new LinkedHashSet<>();
    for (CanaryPlan.ConfigRef c : plan.configCopies()) {
      (c.kind().equals("Secret") ? secrets : configMaps).add(c.name());
    }
    rewriteRefs(mutableMap(template, "spec"), configMaps, secrets);
    return w;
  }

  /**
   * The stable workload as promotion writes it: the target, marked with the revision, at the
   * replica count stable has now (an autoscaler's or a person's; the manifest's never shrinks it).
   */
  public static Map<String, Object> promotedStable(CanaryPlan plan, int replicas) {
    Map<String, Object> w = deepCopy(plan.target());
    mutableMap(mutableMap(w, "metadata"), "annotations").put(REVISION_ANNOTATION, plan.revision());
    mutableMap(w, "spec").put("replicas", (long) replicas);
    return w;
  }

  /**
   * The stable workload as a failed promotion or {@code undo} writes it back: the previous
   * template, the user's own annotations, the replica count stable has now.
   */
  public static Map<String, Object> previousStable(CanaryPlan plan, int replicas) {
    Map<String, Object> w = deepCopy(plan.target());
    mutableMap(w, "spec").put("template", deepCopy(plan.previousTemplate()));
    mutableMap(w, "spec").put("replicas", (long) replicas);
    mutableMap(mutableMap(w, "metadata"), "annotations").remove(REVISION_ANNOTATION);
    return w;
  }

  /**
   * A short hash of the new pod template and the content of the configuration the canary gets
   * copies of: what makes two runs the same revision.
   */
  public static String revision(
      Map<String, Object> target, Map<CanaryPlan.ConfigRef, ?> changedConfigs) {
    Map<String, Object> template = map(map(target, "spec"), "template");
    Map<String, Object> configs = new TreeMap<>();
    changedConfigs.forEach((ref, data) -> configs.put(ref.toString(), data));
    String canonical = canonical(List.of(template, configs));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * True when every field {@code desired} sets has that value in {@code live} (which may hold more:
   * defaults the API server filled in).
   */
  public static boolean liveHolds(Object live, Object desired) {
    if (desired instanceof Map<?, ?> d) {
      if (!(live instanceof Map<?, ?> l)) {
        return false;
      }
      for (Map.Entry<?, ?> e : d.entrySet()) {
        if (!liveHolds(l.get(e.getKey()), e.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (desired instanceof List<?> d) {
      if (!(live instanceof List<?> l) || l.size() != d.size()) {
        return false;
      }
      for (int i = 0; i < d.size(); i++) {
        if (!liveHolds(l.get(i), d.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (desired instanceof Number dn && live instanceof Number ln) {
      return dn.doubleValue() == ln.doubleValue();
    }
    return desired == null ? live == null : desired.toString().equals(String.valueOf(live));
  }

  private static void rewriteRefs(
      Map<String, Object> podSpec, Set<String> configMaps, Set<String> secrets) {
    for (Map<String, Object> v : mutableMaps(podSpec.get("volumes"))) {
      rename(v.get("configMap"), "name", configMaps);
      rename(v.get("secret"), "secretName", secrets);
      Object projected = v.get("projected");
      if (projected instanceof Map<?, ?> p) {
        for (Map<String, Object> source : mutableMaps(p.get("sources"))) {
          rename(source.get("configMap"), "name", configMaps);
          rename(source.get("secret"), "name", secrets);
        }
      }
    }
    List<Map<String, Object>> containers = new ArrayList<>(mutableMaps(podSpec.get("containers")));
    containers.addAll(mutableMaps(podSpec.get("initContainers")));
    for (Map<String, Object> c : containers) {
      for (Map<String, Object> from : mutableMaps(c.get("envFrom"))) {
        rename(from.get("configMapRef"), "name", configMaps);
        rename(from.get("secretRef"), "name", secrets);
      }
      for (Map<String, Object> env : mutableMaps(c.get("env"))) {
        Object valueFrom = env.get("valueFrom");
        if (valueFrom instanceof Map<?, ?> vf) {
          rename(vf.get("configMapKeyRef"), "name", configMaps);
          rename(vf.get("secretKeyRef"), "name", secrets);
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void rename(Object ref, String key, Set<String> copied) {
    if (ref instanceof Map<?, ?> m && m.get(key) instanceof String name && copied.contains(name)) {
      ((Map<String, Object>) m).put(key, name + "-canary");
    }
  }

  private static CanaryPlan.ConfigRef configMap(String name) {
    return new CanaryPlan.ConfigRef("ConfigMap", name);
  }

  private static CanaryPlan.ConfigRef secret(String name) {
    return new CanaryPlan.ConfigRef("Secret", name);
  }

  private static java.util.Optional<String> name(Map<String, Object> m, String key) {
    return m.get(key) instanceof String s && !s.isEmpty()
        ? java.util.Optional.of(s)
        : java.util.Optional.empty();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> m, String key) {
    return m.get(key) instanceof Map<?, ?> child ? (Map<String, Object>) child : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> maps(Object list) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (list instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof Map<?, ?> m) {
          out.add((Map<String, Object>) m);
        }
      }
    }
    return out;
  }

  private static List<Map<String, Object>> mutableMaps(Object list) {
    return maps(list);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mutableMap(Map<String, Object> m, String key) {
    Object child = m.get(key);
    if (child instanceof Map<?, ?>) {
      return (Map<String, Object>) child;
    }
    Map<String, Object> created = new LinkedHashMap<>();
    m.put(key, created);
    return created;
  }

  /** A deep, mutable copy of parsed YAML/JSON (maps, lists, scalars). */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> deepCopy(Map<String, Object> m) {
    return (Map<String, Object>) copy(m);
  }

  private static Object copy(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
      return out;
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(copy(v)));
      return out;
    }
    return o;
  }

  /** Keys sorted at every level, numbers written the same whatever their Java type. */
  static String canonical(Object o) {
    StringBuilder sb = new StringBuilder();
    write(o, sb);
    return sb.toString();
  }

  private static void write(Object o, StringBuilder sb) {
    if (o instanceof Map<?, ?> m) {
      sb.append('{');
      new TreeMap<>(stringKeys(m))
          .forEach(
              (k, v) -> {
                sb.append('"').append(k).append("\":");
                write(v, sb);
                sb.append(',');
              });
      sb.append('}');
    } else if (o instanceof List<?> l) {
      sb.append('[');
      l.forEach(
          v -> {
            write(v, sb);
            sb.append(',');
          });
      sb.append(']');
    } else if (o instanceof Number n) {
      double d = n.doubleValue();
      sb.append(
          d == Math.rint(d) && !Double.isInfinite(d)
              ? String.valueOf((long) d)
              : String.valueOf(d));
    } else if (o instanceof String s) {
      sb.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    } else {
      sb.append(o);
    }
  }

  private static Map<String, Object> stringKeys(Map<?, ?> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }
}
