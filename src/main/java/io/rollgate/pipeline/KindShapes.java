package io.rollgate.pipeline;

import static io.rollgate.pipeline.Shape.Key.ANY;
import static io.rollgate.pipeline.Shape.Key.CONFIG_KEY;
import static io.rollgate.pipeline.Shape.Key.QUALIFIED_NAME;
import static io.rollgate.pipeline.Shape.Value.BASE64;
import static io.rollgate.pipeline.Shape.Value.BOOL;
import static io.rollgate.pipeline.Shape.Value.INT;
import static io.rollgate.pipeline.Shape.Value.INT_OR_STRING;
import static io.rollgate.pipeline.Shape.Value.LABEL_VALUE;
import static io.rollgate.pipeline.Shape.Value.PORT;
import static io.rollgate.pipeline.Shape.Value.QUANTITY;
import static io.rollgate.pipeline.Shape.Value.STRING;
import static io.rollgate.pipeline.Shape.listOf;
import static io.rollgate.pipeline.Shape.mapOf;
import static io.rollgate.pipeline.Shape.mapping;

import java.util.Map;
import java.util.Optional;

/**
 * The well-known fields of the kinds Rollgate deploys most (Deployment, StatefulSet, DaemonSet,
 * Service, ConfigMap, Secret) and their types, after the Kubernetes API reference.
 */
final class KindShapes {
  private static final Shape META =
      mapping(
          "name",
          STRING,
          "namespace",
          STRING,
          "generateName",
          STRING,
          "labels",
          mapOf(QUALIFIED_NAME, LABEL_VALUE),
          "annotations",
          mapOf(QUALIFIED_NAME, STRING),
          "finalizers",
          listOf(STRING));

  private static final Shape SELECTOR =
      mapping(
          "matchLabels", mapOf(QUALIFIED_NAME, LABEL_VALUE),
          "matchExpressions",
              listOf(mapping("key", STRING, "operator", STRING, "values", listOf(STRING))));

  private static final Shape KEY_REF = mapping("name", STRING, "key", STRING, "optional", BOOL);

  private static final Shape ENV =
      mapping(
          "name", STRING,
          "value", STRING,
          "valueFrom",
              mapping(
                  "configMapKeyRef",
                  KEY_REF,
                  "secretKeyRef",
                  KEY_REF,
                  "fieldRef",
                  mapping("fieldPath", STRING, "apiVersion", STRING),
                  "resourceFieldRef",
                  mapping("resource", STRING, "containerName", STRING, "divisor", QUANTITY)));

  private static final Shape ENV_FROM =
      mapping(
          "prefix", STRING,
          "configMapRef", mapping("name", STRING, "optional", BOOL),
          "secretRef", mapping("name", STRING, "optional", BOOL));

  private static final Shape RESOURCES =
      mapping("limits", mapOf(ANY, QUANTITY), "requests", mapOf(ANY, QUANTITY));

  private static final Shape PROBE =
      mapping(
          "httpGet",
              mapping(
                  "path", STRING,
                  "port", INT_OR_STRING,
                  "host", STRING,
                  "scheme", STRING,
                  "httpHeaders", listOf(mapping("name", STRING, "value", STRING))),
          "tcpSocket", mapping("port", INT_OR_STRING, "host", STRING),
          "exec", mapping("command", listOf(STRING)),
          "grpc", mapping("port", PORT, "service", STRING),
          "initialDelaySeconds", INT,
          "periodSeconds", INT,
          "timeoutSeconds", INT,
          "successThreshold", INT,
          "failureThreshold", INT,
          "terminationGracePeriodSeconds", INT);

  private static final Shape CONTAINER =
      mapping(
          "name", STRING,
          "image", STRING,
          "imagePullPolicy", STRING,
          "command", listOf(STRING),
          "args", listOf(STRING),
          "workingDir", STRING,
          "ports",
              listOf(
                  mapping(
                      "name", STRING,
                      "containerPort", PORT,
                      "hostPort", INT,
                      "protocol", STRING,
                      "hostIP", STRING)),
          "env", listOf(ENV),
          "envFrom", listOf(ENV_FROM),
          "resources", RESOURCES,
          "volumeMounts",
              listOf(
                  mapping(
                      "name", STRING,
                      "mountPath", STRING,
                      "subPath", STRING,
                      "readOnly", BOOL)),
          "livenessProbe", PROBE,
          "readinessProbe", PROBE,
          "startupProbe", PROBE,
          "securityContext",
              mapping(
                  "runAsUser", INT,
                  "runAsGroup", INT,
                  "runAsNonRoot", BOOL,
                  "readOnlyRootFilesystem", BOOL,
                  "privileged", BOOL,
                  "allowPrivilegeEscalation", BOOL,
                  "capabilities", mapping("add", listOf(STRING), "drop", listOf(STRING))),
          "stdin", BOOL,
          "tty", BOOL,
          "terminationMessagePath", STRING);

  private static final Shape KEY_TO_PATH = mapping("key", STRING, "path", STRING, "mode", INT);

  private static final Shape VOLUME =
      mapping(
          "name", STRING,
          "configMap",
              mapping(
                  "name", STRING,
                  "defaultMode", INT,
                  "optional", BOOL,
                  "items", listOf(KEY_TO_PATH)),
          "secret",
              mapping(
                  "secretName", STRING,
                  "defaultMode", INT,
                  "optional", BOOL,
                  "items", listOf(KEY_TO_PATH)),
          "emptyDir", mapping("medium", STRING, "sizeLimit", QUANTITY),
          "persistentVolumeClaim", mapping("claimName", STRING, "readOnly", BOOL),
          "hostPath", mapping("path", STRING, "type", STRING));

  private static final Shape POD_SPEC =
      mapping(
          "containers",
          listOf(CONTAINER),
          "initContainers",
          listOf(CONTAINER),
          "volumes",
          listOf(VOLUME),
          "serviceAccountName",
          STRING,
          "automountServiceAccountToken",
          BOOL,
          "nodeSelector",
          mapOf(ANY, STRING),
          "restartPolicy",
          STRING,
          "terminationGracePeriodSeconds",
          INT,
          "hostNetwork",
          BOOL,
          "dnsPolicy",
          STRING,
          "priorityClassName",
          STRING,
          "imagePullSecrets",
          listOf(mapping("name", STRING)),
          "tolerations",
          listOf(
              mapping(
                  "key", STRING,
                  "operator", STRING,
                  "value", STRING,
                  "effect", STRING,
                  "tolerationSeconds", INT)),
          "securityContext",
          mapping("runAsUser", INT, "runAsGroup", INT, "fsGroup", INT, "runAsNonRoot", BOOL));

  private static final Shape TEMPLATE = mapping("metadata", META, "spec", POD_SPEC);

  private static final Shape DEPLOYMENT =
      top(
          "spec",
          mapping(
              "replicas", INT,
              "selector", SELECTOR,
              "template", TEMPLATE,
              "strategy",
                  mapping(
                      "type",
                      STRING,
                      "rollingUpdate",
                      mapping("maxSurge", INT_OR_STRING, "maxUnavailable", INT_OR_STRING)),
              "minReadySeconds", INT,
              "revisionHistoryLimit", INT,
              "progressDeadlineSeconds", INT,
              "paused", BOOL));

  private static final Shape STATEFUL_SET =
      top(
          "spec",
          mapping(
              "replicas", INT,
              "selector", SELECTOR,
              "template", TEMPLATE,
              "serviceName", STRING,
              "podManagementPolicy", STRING,
              "updateStrategy",
                  mapping(
                      "type",
                      STRING,
                      "rollingUpdate",
                      mapping("partition", INT, "maxUnavailable", INT_OR_STRING)),
              "minReadySeconds", INT,
              "revisionHistoryLimit", INT,
              "volumeClaimTemplates",
                  listOf(
                      mapping(
                          "metadata",
                          META,
                          "spec",
                          mapping(
                              "accessModes", listOf(STRING),
                              "storageClassName", STRING,
                              "resources", RESOURCES)))));

  private static final Shape DAEMON_SET =
      top(
          "spec",
          mapping(
              "selector", SELECTOR,
              "template", TEMPLATE,
              "updateStrategy",
                  mapping(
                      "type",
                      STRING,
                      "rollingUpdate",
                      mapping("maxUnavailable", INT_OR_STRING, "maxSurge", INT_OR_STRING)),
              "minReadySeconds", INT,
              "revisionHistoryLimit", INT));

  private static final Shape SERVICE =
      top(
          "spec",
          mapping(
              "type", STRING,
              "selector", mapOf(QUALIFIED_NAME, LABEL_VALUE),
              "ports",
                  listOf(
                      mapping(
                          "name", STRING,
                          "port", PORT,
                          "targetPort", INT_OR_STRING,
                          "nodePort", INT,
                          "protocol", STRING,
                          "appProtocol", STRING)),
              "clusterIP", STRING,
              "clusterIPs", listOf(STRING),
              "externalName", STRING,
              "externalIPs", listOf(STRING),
              "externalTrafficPolicy", STRING,
              "sessionAffinity", STRING,
              "loadBalancerIP", STRING,
              "publishNotReadyAddresses", BOOL,
              "ipFamilies", listOf(STRING)));

  private static final Shape CONFIG_MAP =
      top(
          "data", mapOf(CONFIG_KEY, STRING),
          "binaryData", mapOf(CONFIG_KEY, BASE64),
          "immutable", BOOL);

  private static final Shape SECRET =
      top(
          "data",
          mapOf(CONFIG_KEY, BASE64),
          "stringData",
          mapOf(CONFIG_KEY, STRING),
          "type",
          STRING,
          "immutable",
          BOOL);

  private static final Map<String, Shape> BY_KIND =
      Map.of(
          "apps/v1 Deployment", DEPLOYMENT,
          "apps/v1 StatefulSet", STATEFUL_SET,
          "apps/v1 DaemonSet", DAEMON_SET,
          "v1 Service", SERVICE,
          "v1 ConfigMap", CONFIG_MAP,
          "v1 Secret", SECRET);

  private KindShapes() {}

  /** The shape of an object of this apiVersion and kind, when Rollgate knows it. */
  static Optional<Shape> of(String apiVersion, String kind) {
    return Optional.ofNullable(BY_KIND.get(apiVersion + " " + kind));
  }

  /** apiVersion, kind and metadata, with the kind's own top-level fields. */
  private static Shape top(Object... more) {
    Object[] all = new Object[more.length + 6];
    all[0] = "apiVersion";
    all[1] = STRING;
    all[2] = "kind";
    all[3] = STRING;
    all[4] = "metadata";
    all[5] = META;
    System.arraycopy(more, 0, all, 6, more.length);
    return mapping(all);
  }
}
