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

  public PodProblemTracker(Clock clock, Duration grace) {
    if (grace.isNegative()) {
      throw new IllegalArgumentException("pod problem grace must not be negative, was " + grace);
    }
    this.clock = clock;
    this.grace = grace;
  }

  /** Takes the pod's current state: new problems start their clock, healed ones are forgotten. */
  public void observe(PodView pod) {
    Instant now = clock.instant();
    Map<String, PodProblem> previous = byPod.getOrDefault(pod.name(), Map.of());
    Map<String, PodProblem> current = new HashMap<>();
    for (PodProblem problem : PodProblem.of(pod, now)) {
      PodProblem known = previous.get(problem.key());
      current.put(
          problem.key(),
          known == null
              ? problem
              : new PodProblem(
                  problem.pod(),
                  problem.container(),
                  problem.reason(),
                  problem.message(),
                  known.firstSeen()));
    }
    if (current.isEmpty()) {
      byPod.remove(pod.name());
    } else {
      byPod.put(pod.name(), current);
    }
  }

  public void forget(String podName) {
    byPod.remove(podName);
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
