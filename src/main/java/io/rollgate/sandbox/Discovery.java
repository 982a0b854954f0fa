package io.rollgate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * API discovery as a real API server answers it, which fabric8's mock does not ({@code /api} and
 * {@code /apis} answer an empty List there, {@code /apis/G/V} an empty resource list for any G):
 * {@code /api} (APIVersions), {@code /api/v1} and {@code /apis/G/V} (APIResourceList), {@code
 * /apis} (APIGroupList) and {@code /apis/G} (APIGroup), for the built-in kinds of Kubernetes 1.30
 * that Rollgate and its users apply, and for the served versions of every CustomResourceDefinition
 * stored. An unknown group or version is a 404, as on a real server.
 */
final class Discovery {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  /** One kind as discovery lists it. */
  record Kind(String plural, String kind, boolean namespaced) {}

  /** Built-in group versions, in the order a real server lists them. */
  private static final Map<String, List<Kind>> BUILT_IN = builtIn();

  private Discovery() {}

  /** Whether {@code path} (no query) is one of the discovery paths. */
  static boolean isDiscoveryPath(String path) {
    String[] parts = segments(path);
    return parts.length >= 1
        && (parts[0].equals("api") && parts.length <= 2
            || parts[0].equals("apis") && parts.length <= 3);
  }

  /**
   * The answer to a discovery GET; {@code crds} are the stored CustomResourceDefinitions, as JSON.
   */
  static MockResponse answer(String path, List<JsonNode> crds) {
    Map<String, List<Kind>> served = served(crds);
    String[] parts = segments(path);
    if (parts[0].equals("api")) {
      if (parts.length == 1) {
        ObjectNode versions = MAPPER.createObjectNode().put("kind", "APIVersions");
        versions.putArray("versions").add("v1");
        versions
            .putArray("serverAddressByClientCIDRs")
            .addObject()
            .put("clientCIDR", "0.0.0.0/0")
            .put("serverAddress", "127.0.0.1");
        return ApiStatus.json(200, versions);
      }
      return resources(parts[1], served);
    }
    if (parts.length == 1) {
      ObjectNode list =
          MAPPER.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
      ArrayNode groups = list.putArray("groups");
      groupNames(served).forEach(g -> groups.add(group(g, served)));
      return ApiStatus.json(200, list);
    }
    if (parts.length == 2) {
      return groupNames(served).contains(parts[1])
          ? ApiStatus.json(
              200, group(parts[1], served).put("kind", "APIGroup").put("apiVersion", "v1"))
          : notFound();
    }
    return resources(parts[1] + "/" + parts[2], served);
  }

  private static MockResponse resources(String groupVersion, Map<String, List<Kind>> served) {
    List<Kind> kinds = served.get(groupVersion);
    if (kinds == null) {
      return notFound();
    }
    ObjectNode list =
        MAPPER
            .createObjectNode()
            .put("kind", "APIResourceList")
            .put("apiVersion", "v1")
            .put("groupVersion", groupVersion);
    ArrayNode resources = list.putArray("resources");
    for (Kind k : kinds) {
      ObjectNode r =
          resources
              .addObject()
              .put("name", k.plural())
              .put("singularName", "")
              .put("namespaced", k.namespaced())
              .put("kind", k.kind());
      ArrayNode verbs = r.putArray("verbs");
      VERBS.forEach(verbs::add);
    }
    return ApiStatus.json(200, list);
  }

  private static ObjectNode group(String name, Map<String, List<Kind>> served) {
    ObjectNode group = MAPPER.createObjectNode().put("name", name);
    ArrayNode versions = group.putArray("versions");
    String preferred = null;
    for (String gv : served.keySet()) {
      if (gv.startsWith(name + "/")) {
        versions
            .addObject()
            .put("groupVersion", gv)
            .put("version", gv.substring(name.length() + 1));
        if (preferred == null) {
          preferred = gv;
        }
      }
    }
    if (preferred != null) {
      group
          .putObject("preferredVersion")
          .put("groupVersion", preferred)
          .put("version", preferred.substring(name.length() + 1));
    }
    return group;
  }

  private static List<String> groupNames(Map<String, List<Kind>> served) {
    List<String> names = new ArrayList<>();
    for (String gv : served.keySet()) {
      int slash = gv.indexOf('/');
      if (slash > 0 && !names.contains(gv.substring(0, slash))) {
        names.add(gv.substring(0, slash));
      }
    }
    return names;
  }

  /** The built-in group versions, and those of the stored CRDs' served versions. */
  private static Map<String, List<Kind>> served(List<JsonNode> crds) {
    Map<String, List<Kind>> served = new LinkedHashMap<>();
    BUILT_IN.forEach((gv, kinds) -> served.put(gv, new ArrayList<>(kinds)));
    for (JsonNode crd : crds) {
      JsonNode spec = crd.path("spec");
      String group = spec.path("group").asText("");
      String kind = spec.path("names").path("kind").asText("");
      String plural = spec.path("names").path("plural").asText("");
      if (group.isEmpty() || kind.isEmpty() || plural.isEmpty()) {
        continue;
      }
      boolean namespaced = !"Cluster".equals(spec.path("scope").asText("Namespaced"));
      for (JsonNode version : spec.path("versions")) {
        if (version.path("served").asBoolean(true) && version.hasNonNull("name")) {
          served
              .computeIfAbsent(group + "/" + version.get("name").asText(), gv -> new ArrayList<>())
              .add(new Kind(plural, kind, namespaced));
        }
      }
    }
    return served;
  }

  private static MockResponse notFound() {
    return ApiStatus.failure(404, "NotFound", "the server could not find the requested resource");
  }

  private static String[] segments(String path) {
    String trimmed = path.replaceAll("^/+|/+$", "");
    return trimmed.isEmpty() ? new String[] {""} : trimmed.split("/");
  }

  private static Map<String, List<Kind>> builtIn() {
    Map<String, List<Kind>> m = new LinkedHashMap<>();
    m.put(
        "v1",
        List.of(
            ns("bindings", "Binding"),
            cluster("componentstatuses", "ComponentStatus"),
            ns("configmaps", "ConfigMap"),
            ns("endpoints", "Endpoints"),
            ns("events", "Event"),
            ns("limitranges", "LimitRange"),
            cluster("namespaces", "Namespace"),
            cluster("nodes", "Node"),
            ns("persistentvolumeclaims", "PersistentVolumeClaim"),
            cluster("persistentvolumes", "PersistentVolume"),
            ns("pods", "Pod"),
            ns("podtemplates", "PodTemplate"),
            ns("replicationcontrollers", "ReplicationController"),
            ns("resourcequotas", "ResourceQuota"),
            ns("secrets", "Secret"),
            ns("serviceaccounts", "ServiceAccount"),
            ns("services", "Service")));
    m.put("apiregistration.k8s.io/v1", List.of(cluster("apiservices", "APIService")));
    m.put(
        "apps/v1",
        List.of(
            ns("controllerrevisions", "ControllerRevision"),
            ns("daemonsets", "DaemonSet"),
            ns("deployments", "Deployment"),
            ns("replicasets", "ReplicaSet"),
            ns("statefulsets", "StatefulSet")));
    m.put("events.k8s.io/v1", List.of(ns("events", "Event")));
    m.put("autoscaling/v2", List.of(ns("horizontalpodautoscalers", "HorizontalPodAutoscaler")));
    m.put("autoscaling/v1", List.of(ns("horizontalpodautoscalers", "HorizontalPodAutoscaler")));
    m.put("batch/v1", List.of(ns("cronjobs", "CronJob"), ns("jobs", "Job")));
    m.put(
        "certificates.k8s.io/v1",
        List.of(cluster("certificatesigningrequests", "CertificateSigningRequest")));
    m.put(
        "networking.k8s.io/v1",
        List.of(
            cluster("ingressclasses", "IngressClass"),
            ns("ingresses", "Ingress"),
            ns("networkpolicies", "NetworkPolicy")));
    m.put("policy/v1", List.of(ns("poddisruptionbudgets", "PodDisruptionBudget")));
    m.put(
        "rbac.authorization.k8s.io/v1",
        List.of(
            cluster("clusterrolebindings", "ClusterRoleBinding"),
            cluster("clusterroles", "ClusterRole"),
            ns("rolebindings", "RoleBinding"),
            ns("roles", "Role")));
    m.put(
        "storage.k8s.io/v1",
        List.of(
            cluster("csidrivers", "CSIDriver"),
            cluster("csinodes", "CSINode"),
            ns("csistoragecapacities", "CSIStorageCapacity"),
            cluster("storageclasses", "StorageClass"),
            cluster("volumeattachments", "VolumeAttachment")));
    m.put(
        "admissionregistration.k8s.io/v1",
        List.of(
            cluster("mutatingwebhookconfigurations", "MutatingWebhookConfiguration"),
            cluster("validatingadmissionpolicies", "ValidatingAdmissionPolicy"),
            cluster("validatingadmissionpolicybindings", "ValidatingAdmissionPolicyBinding"),
            cluster("validatingwebhookconfigurations", "ValidatingWebhookConfiguration")));
    m.put(
        "apiextensions.k8s.io/v1",
        List.of(cluster("customresourcedefinitions", "CustomResourceDefinition")));
    m.put("scheduling.k8s.io/v1", List.of(cluster("priorityclasses", "PriorityClass")));
    m.put("coordination.k8s.io/v1", List.of(ns("leases", "Lease")));
    m.put("node.k8s.io/v1", List.of(cluster("runtimeclasses", "RuntimeClass")));
    m.put("discovery.k8s.io/v1", List.of(ns("endpointslices", "EndpointSlice")));
    return m;
  }

  private static Kind ns(String plural, String kind) {
    return new Kind(plural, kind, true);
  }

  private static Kind cluster(String plural, String kind) {
    return new Kind(plural, kind, false);
  }
}
