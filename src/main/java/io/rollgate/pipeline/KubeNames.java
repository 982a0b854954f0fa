package io.rollgate.pipeline;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Kubernetes' rules for object names and namespaces, as the API server applies them (checked
 * offline, so a bad name is bad input at its line rather than a refusal halfway through a release).
 */
public final class KubeNames {
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern LABEL_1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern KIND = Pattern.compile("[A-Za-z][A-Za-z0-9]*");

  /** Kinds whose names are DNS-1123 labels (Namespace) or DNS-1035 labels (Service). */
  private static final Set<String> LABEL_KINDS = Set.of("Namespace");

  private static final Set<String> LABEL_1035_KINDS = Set.of("Service");

  /** Built-in kinds whose names are DNS-1123 subdomains; other kinds follow their own rules. */
  private static final Set<String> SUBDOMAIN_KINDS =
      Set.of(
          "ConfigMap",
          "Secret",
          "Deployment",
          "StatefulSet",
          "DaemonSet",
          "ReplicaSet",
          "Job",
          "CronJob",
          "Pod",
          "ServiceAccount",
          "PersistentVolume",
          "PersistentVolumeClaim",
          "Ingress",
          "IngressClass",
          "NetworkPolicy",
          "PodDisruptionBudget",
          "HorizontalPodAutoscaler",
          "StorageClass",
          "PriorityClass",
          "CustomResourceDefinition",
          "Lease",
          "LimitRange",
          "ResourceQuota");

  private KubeNames() {}

  /**
   * What is wrong with an apiVersion ({@code v1}, {@code apps/v1}, {@code example.com/v1beta1}).
   */
  static Optional<String> apiVersionProblem(String apiVersion) {
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = apiVersion.substring(slash + 1);
    boolean groupOk = slash < 0 || (!group.isEmpty() && subdomainProblem(group).isEmpty());
    if (!groupOk || version.length() > 63 || !LABEL_1035.matcher(version).matches()) {
      return Optional.of("must be [group/]version, as v1, apps/v1 or example.com/v1beta1");
    }
    return Optional.empty();
  }

  /** What is wrong with a kind ({@code Deployment}): a letter, then letters and digits. */
  static Optional<String> kindProblem(String kind) {
    if (kind.length() > 63 || !KIND.matcher(kind).matches()) {
      return Optional.of("must be a kind: a letter, then letters and digits (Deployment)");
    }
    return Optional.empty();
  }

  /** What is wrong with a namespace name, if anything. */
  public static Optional<String> namespaceProblem(String namespace) {
    if (namespace.length() > 63 || !LABEL.matcher(namespace).matches()) {
      return Optional.of(
          "must be a valid namespace name (a DNS-1123 label: lower-case letters, digits and '-',"
              + " at most 63 characters)");
    }
    return Optional.empty();
  }

  /** What is wrong with an object's name for its kind, if anything (unknown kinds: the minimum). */
  static Optional<String> nameProblem(String kind, String name) {
    if (LABEL_KINDS.contains(kind)) {
      return labelProblem(name, LABEL, "a DNS-1123 label (lower-case letters, digits and '-'");
    }
    if (LABEL_1035_KINDS.contains(kind)) {
      return labelProblem(
          name,
          LABEL_1035,
          "a DNS-1035 label (lower-case letters, digits and '-', starting with a letter");
    }
    if (SUBDOMAIN_KINDS.contains(kind)) {
      return subdomainProblem(name);
    }
    // any kind (RBAC's names, custom resources): the API server's own minimum
    if (name.equals(".") || name.equals("..") || name.contains("/") || name.contains("%")) {
      return Optional.of("may not be '.' or '..' or hold '/' or '%'");
    }
    return Optional.empty();
  }

  private static Optional<String> labelProblem(String name, Pattern rule, String form) {
    if (name.length() > 63 || !rule.matcher(name).matches()) {
      return Optional.of("must be " + form + ", at most 63 characters)");
    }
    return Optional.empty();
  }

  private static Optional<String> subdomainProblem(String name) {
    String form =
        "must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', at most 253"
            + " characters)";
    if (name.length() > 253) {
      return Optional.of(form);
    }
    for (String part : name.split("\\.", -1)) {
      if (!LABEL.matcher(part).matches()) {
        return Optional.of(form);
      }
    }
    return Optional.empty();
  }
}
