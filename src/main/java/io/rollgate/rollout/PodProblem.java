package io.rollgate.rollout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A pod that will not come up by itself: a container waiting for a reason that does not heal
 * (ImagePullBackOff, CrashLoopBackOff...) or a pod the scheduler cannot place. {@code container} is
 * empty for scheduling problems; {@code restartCount} is the container's count when last seen (0
 * for scheduling problems).
 */
public record PodProblem(
    String pod,
    Optional<String> container,
    String reason,
    String message,
    Instant firstSeen,
    int restartCount) {
  /** Waiting reasons that mean a container is stuck rather than starting. */
  public static final Set<String> STUCK_REASONS =
      Set.of(
          "ImagePullBackOff",
          "ErrImagePull",
          "CrashLoopBackOff",
          "CreateContainerConfigError",
          "InvalidImageName");

  static final String UNSCHEDULABLE = "Unschedulable";
  static final String CRASH_LOOP = "CrashLoopBackOff";

  /** The kubelet flips between these on every pull attempt: one problem, not two. */
  private static final Set<String> IMAGE_PULL = Set.of("ErrImagePull", "ImagePullBackOff");

  /** The problems a pod shows right now ({@code firstSeen} set to {@code now}). */
  public static List<PodProblem> of(PodView pod, Instant now) {
    var problems = new ArrayList<PodProblem>();
    for (ContainerState c : pod.containers()) {
      if (STUCK_REASONS.contains(c.waitingReason())) {
        problems.add(
            new PodProblem(
                pod.name(),
                Optional.of(c.name()),
                c.waitingReason(),
                c.waitingMessage(),
                now,
                c.restartCount()));
      }
    }
    for (WorkloadCondition condition : pod.conditions()) {
      if ("PodScheduled".equals(condition.type())
          && "False".equals(condition.status())
          && UNSCHEDULABLE.equals(condition.reason())) {
        problems.add(
            new PodProblem(
                pod.name(), Optional.empty(), UNSCHEDULABLE, condition.message(), now, 0));
      }
    }
    return problems;
  }

  /**
   * Identity of the problem, independent of when it was seen and of which reason of one family
   * (ErrImagePull and ImagePullBackOff) the kubelet shows at the moment.
   */
  String key() {
    return pod + "/" + container.orElse("") + "/" + family();
  }

  private String family() {
    return IMAGE_PULL.contains(reason) ? "ImagePull" : reason;
  }

  boolean isCrashLoop() {
    return CRASH_LOOP.equals(reason);
  }

  /** This problem as seen now, keeping the time it was first seen. */
  PodProblem since(Instant earlier) {
    return new PodProblem(pod, container, reason, message, earlier, restartCount);
  }

  /** "pod checkout-7d9-abcde, container app: ImagePullBackOff: Back-off pulling image ..." */
  public String describe() {
    String where = "pod " + pod + container.map(c -> ", container " + c).orElse("");
    return where + ": " + reason + (message.isEmpty() ? "" : ": " + message);
  }
}
