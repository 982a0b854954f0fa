package io.rollgate.pipeline;

import java.util.Map;
import java.util.Optional;

/**
 * One Kubernetes object read from the user's manifests, variables already substituted and the stage
 * namespace filled in where the object is namespaced and named none. {@code body} is the whole
 * object as parsed YAML/JSON (maps, lists, strings, numbers, booleans); adapters in {@code kube}
 * turn it into client objects.
 */
public record Manifest(
    SourceLocation source,
    String apiVersion,
    String kind,
    String name,
    Optional<String> namespace,
    Map<String, Object> body) {

  /** {@code Kind/namespace/name}, or {@code Kind/name} for cluster-scoped objects. */
  public String id() {
    return kind + "/" + namespace.map(ns -> ns + "/").orElse("") + name;
  }

  @Override
  public String toString() {
    return id() + " (" + source + ")";
  }
}
