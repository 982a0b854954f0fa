package io.rollgate.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every pod that has served requests in the sandbox: those serving now and, for an hour after they
 * went away, those that did, so metrics can be computed for past times too. Thread-safe: the pod
 * informer writes while the exporter and the in-process source read.
 */
final class PodHistory {
  /** How long a pod that went away is remembered. */
  static final Duration RETENTION = Duration.ofHours(1);

  private final Map<String, PodLife> serving = new LinkedHashMap<>();
  private final List<PodLife> ended = new ArrayList<>();

  /** A pod became ready; ignored while a pod of that name is already serving. */
  synchronized void ready(PodLife life) {
    serving.putIfAbsent(key(life.namespace(), life.pod()), life);
  }

  synchronized boolean isServing(String namespace, String pod) {
    return serving.containsKey(key(namespace, pod));
  }

  synchronized void relabel(String namespace, String pod, Instant at, String track) {
    serving.computeIfPresent(key(namespace, pod), (k, life) -> life.relabeled(at, track));
  }

  /** The pod stopped serving (deleted, or no longer ready). */
  synchronized void gone(String namespace, String pod, Instant at) {
    PodLife life = serving.remove(key(namespace, pod));
    if (life != null) {
      ended.add(life.gone(at));
    }
    Instant horizon = at.minus(RETENTION);
    ended.removeIf(l -> l.goneAt().orElseThrow().isBefore(horizon));
  }

  /** Every life remembered, ended ones first. */
  synchronized List<PodLife> lives() {
    List<PodLife> all = new ArrayList<>(ended);
    all.addAll(serving.values());
    return List.copyOf(all);
  }

  private static String key(String namespace, String pod) {
    return namespace + "/" + pod;
  }
}
