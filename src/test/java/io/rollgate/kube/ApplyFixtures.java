package io.rollgate.kube;

import io.rollgate.pipeline.Manifest;
import io.rollgate.pipeline.SourceLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Manifests as the pipeline loader hands them over: parsed maps, namespace filled in. */
final class ApplyFixtures {
  static final String NS = "shop";

  private ApplyFixtures() {}

  static Manifest manifest(
      String apiVersion, String kind, String name, boolean namespaced, Map<String, Object> rest) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    if (namespaced) {
      metadata.put("namespace", NS);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("apiVersion", apiVersion);
    body.put("kind", kind);
    body.put("metadata", metadata);
    body.putAll(rest);
    return new Manifest(
        new SourceLocation(Path.of("manifests/" + name + ".yaml"), 1, 1),
        apiVersion,
        kind,
        name,
        namespaced ? Optional.of(NS) : Optional.empty(),
        body);
  }

  static Manifest namespace() {
    return manifest("v1", "Namespace", NS, false, Map.of());
  }

  static Manifest configMap(String name, String value) {
    return manifest("v1", "ConfigMap", name, true, Map.of("data", Map.of("value", value)));
  }

  static Manifest secret(String name, String value) {
    return manifest(
        "v1",
        "Secret",
        name,
        true,
        Map.of("type", "Opaque", "stringData", Map.of("password", value)));
  }

  static Manifest service(String name) {
    return manifest(
        "v1",
        "Service",
        name,
        true,
        Map.of(
            "spec",
            Map.of("selector", Map.of("app", name), "ports", List.of(Map.of("port", 8080)))));
  }

  static Manifest deployment(String name, int replicas, String image) {
    return manifest(
        "apps/v1", "Deployment", name, true, Map.of("spec", workloadSpec(name, replicas, image)));
  }

  static Manifest workload(String kind, String name) {
    Map<String, Object> spec = new LinkedHashMap<>(workloadSpec(name, 1, "app:1"));
    if (kind.equals("DaemonSet")) {
      spec.remove("replicas");
    }
    if (kind.equals("StatefulSet")) {
      spec.put("serviceName", name);
    }
    return manifest("apps/v1", kind, name, true, Map.of("spec", spec));
  }

  private static Map<String, Object> workloadSpec(String name, int replicas, String image) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("replicas", replicas);
    spec.put("selector", Map.of("matchLabels", Map.of("app", name)));
    spec.put(
        "template",
        Map.of(
            "metadata", Map.of("labels", Map.of("app", name)),
            "spec", Map.of("containers", List.of(Map.of("name", "app", "image", image)))));
    return spec;
  }

  /** Twenty objects of mixed kinds, deliberately out of order. */
  static List<Manifest> twentyObjects() {
    Map<String, Object> podSpec =
        Map.of(
            "containers",
            List.of(Map.of("name", "job", "image", "job:1")),
            "restartPolicy",
            "Never");
    List<Manifest> all = new ArrayList<>();
    all.add(deployment("checkout", 2, "checkout:1"));
    all.add(service("checkout"));
    all.add(
        manifest(
            "networking.k8s.io/v1",
            "Ingress",
            "checkout",
            true,
            Map.of("spec", Map.of("ingressClassName", "nginx"))));
    all.add(configMap("checkout-config", "a"));
    all.add(workload("StatefulSet", "db"));
    all.add(secret("checkout-db", "hunter2"));
    all.add(
        manifest(
            "rbac.authorization.k8s.io/v1",
            "RoleBinding",
            "checkout",
            true,
            Map.of(
                "roleRef",
                Map.of("apiGroup", "rbac.authorization.k8s.io", "kind", "Role", "name", "checkout"),
                "subjects",
                List.of(Map.of("kind", "ServiceAccount", "name", "checkout")))));
    all.add(namespace());
    all.add(manifest("v1", "ServiceAccount", "checkout", true, Map.of()));
    all.add(
        manifest(
            "rbac.authorization.k8s.io/v1",
            "Role",
            "checkout",
            true,
            Map.of(
                "rules",
                List.of(
                    Map.of(
                        "apiGroups",
                        List.of(""),
                        "resources",
                        List.of("configmaps"),
                        "verbs",
                        List.of("get"))))));
    all.add(configMap("payments-config", "b"));
    all.add(service("payments"));
    all.add(deployment("payments", 1, "payments:1"));
    all.add(workload("DaemonSet", "log-agent"));
    all.add(
        manifest(
            "batch/v1",
            "Job",
            "migrate",
            true,
            Map.of("spec", Map.of("template", Map.of("spec", podSpec)))));
    all.add(
        manifest(
            "batch/v1",
            "CronJob",
            "cleanup",
            true,
            Map.of(
                "spec",
                Map.of(
                    "schedule",
                    "0 * * * *",
                    "jobTemplate",
                    Map.of("spec", Map.of("template", Map.of("spec", podSpec)))))));
    all.add(
        manifest(
            "policy/v1",
            "PodDisruptionBudget",
            "checkout",
            true,
            Map.of("spec", Map.of("minAvailable", 1))));
    all.add(configMap("feature-flags", "c"));
    all.add(
        manifest(
            "v1",
            "Secret",
            "registry",
            true,
            Map.of("type", "Opaque", "data", Map.of("token", "c2VjcmV0"))));
    all.add(deployment("frontend", 3, "frontend:1"));
    return List.copyOf(all);
  }
}
