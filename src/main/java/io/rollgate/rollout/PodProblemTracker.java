package io.rollgate.rollout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers since when each pod problem has been seen (by the injected {@link Clock}) and reports a
 * problem once it has lasted past the grace period: a pull that fails once and then succeeds is not
 * a failure. Not thread-safe; its owner serialises calls.
 */
public final class PodProblemTracker {
  private final Clock clock;
  private final Duration grace;
  private final Map<String, Map<String, PodProblem>> byPod = new HashMap<>();

  /** Crash loops seen in a pod, kept while its containers run between back-offs. */
  private final Map<String, Map<String, PodProblem>> crashLoopsByPod = new HashMap<>();

  public PodProblemTracker(Clock clock, Duration grace) {
    if (grace.isNegative()) {
      throw new IllegalArgumentException("pod problem grace must not be negative, was " + grace);
    }
    this.clock = clock;
    this.grace = grace;
  }

  /**
   * Takes the pod's current state: new problems start their clock, healed ones are forgotten. A
   * crash loop is the exception: between back-offs the container runs for a while, so a crash loop
   * is remembered (not current) while the container runs, and when it shows again with as many or
   * more restarts its clock goes on from the first sighting.
   */
  public void observe(PodView pod) {
    Instant now = clock.instant();
    Map<String, PodProblem> previous = byPod.getOrDefault(pod.name(), Map.of());
    Map<String, PodProblem> crashLoops =
        new HashMap<>(crashLoopsByPod.getOrDefault(pod.name(), Map.of()));
    Map<String, PodProblem> current = new HashMap<>();
    for (PodProblem problem : PodProblem.of(pod, now)) {
      PodProblem known = previous.get(problem.key());
      if (known == null && problem.isCrashLoop()) {
        known = crashLoops.get(problem.key());
        if (known != null && problem.restartCount() < known.restartCount()) {
          known = null; // a new container: its own crash loop
        }
      }
      PodProblem kept = known == null ? problem : problem.since(known.firstSeen());
      current.put(problem.key(), kept);
      if (kept.isCrashLoop()) {
        crashLoops.put(kept.key(), kept);
      }
    }
    put(byPod, pod.name(), current);
    put(crashLoopsByPod, pod.name(), crashLoops);
  }

  private static void put(
      Map<String, Map<String, PodProblem>> into, String pod, Map<String, PodProblem> problems) {
    if (problems.isEmpty()) {
      into.remove(pod);
    } else {
      into.put(pod, problems);
    }
  }

  public void forget(String podName) {
    byPod.remove(podName);
    crashLoopsByPod.remove(podName);
  }

  /** The longest-standing problem that has outlasted the grace period, if any. */
  public Optional<PodProblem> overdue() {
    Instant now = clock.instant();
    return all().stream()
        .filter(p -> !p.firstSeen().plus(grace).isAfter(now))
        .min(Comparator.comparing(PodProblem::firstSeen).thenComparing(PodProblem::key));
  }

  /** When the next known problem will outlast the grace period, so a waiter can wake up then. */
  public Optional<Instant> nextDeadline() {
    return all().stream().map(p -> p.firstSeen().plus(grace)).min(Comparator.naturalOrder());
  }

  /** Every problem seen now, oldest first. */
  public List<PodProblem> current() {
    return all().stream()
        .sorted(Comparator.comparing(PodProblem::firstSeen).thenComparing(PodProblem::key))
        .toList();
  }

  private List<PodProblem> all() {
    return byPod.values().stream().flatMap(m -> m.values().stream()).toList();
  }
}
