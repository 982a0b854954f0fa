package io.rollgate.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.rollgate.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PodProblemTrackerTest {
  private static final Instant START = Instant.parse("2026-11-22T04:00:00Z");
  private final TestClock clock = new TestClock(START);
  private final PodProblemTracker tracker = new PodProblemTracker(clock, Duration.ofSeconds(30));

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ImagePullBackOff",
        "ErrImagePull",
        "CrashLoopBackOff",
        "CreateContainerConfigError",
        "InvalidImageName"
      })
  void reportsAStuckContainerOnceItOutlastsTheGracePeriod(String reason) {
    // Given a pod whose container waits for that reason
    tracker.observe(pod("checkout-1", waiting("app", reason, "details")));

    // When 29 s pass, nothing is due; at 30 s it is
    clock.advance(Duration.ofSeconds(29));
    assertThat(tracker.overdue()).isEmpty();
    clock.advance(Duration.ofSeconds(1));

    // Then
    PodProblem problem = tracker.overdue().orElseThrow();
    assertThat(problem.pod()).isEqualTo("checkout-1");
    assertThat(problem.container()).contains("app");
    assertThat(problem.reason()).isEqualTo(reason);
    assertThat(problem.firstSeen()).isEqualTo(START);
    assertThat(problem.describe())
        .isEqualTo("pod checkout-1, container app: " + reason + ": details");
  }

  @Test
  void reportsStuckInitContainers() {
    tracker.observe(
        new PodView(
            "checkout-1",
            List.of(
                new ContainerState(
                    "migrate",
                    true,
                    "img",
                    "CrashLoopBackOff",
                    "back-off 5m0s restarting failed container",
                    3)),
            List.of()));

    clock.advance(Duration.ofSeconds(30));

    assertThat(tracker.overdue()).map(PodProblem::container).contains(Optional.of("migrate"));
  }

  @Test
  void ignoresContainersThatAreMerelyStarting() {
    tracker.observe(pod("checkout-1", waiting("app", "ContainerCreating", "")));

    clock.advance(Duration.ofMinutes(10));

    assertThat(tracker.overdue()).isEmpty();
    assertThat(tracker.nextDeadline()).isEmpty();
  }

  @Test
  void reportsAnUnschedulablePodWithTheSchedulersMessage() {
    tracker.observe(
        new PodView(
            "checkout-1",
            List.of(),
            List.of(
                new WorkloadCondition(
                    "PodScheduled",
                    "False",
                    "Unschedulable",
                    "0/3 nodes are available: 3 Insufficient cpu."))));

    clock.advance(Duration.ofSeconds(31));

    PodProblem problem = tracker.overdue().orElseThrow();
    assertThat(problem.reason()).isEqualTo("Unschedulable");
    assertThat(problem.container()).isEmpty();
    assertThat(problem.describe())
        .isEqualTo("pod checkout-1: Unschedulable: 0/3 nodes are available: 3 Insufficient cpu.");
  }

  @Test
  void keepsTheFirstSeenTimeWhileTheProblemPersists() {
    tracker.observe(pod("checkout-1", waiting("app", "ErrImagePull", "pull failed")));
    clock.advance(Duration.ofSeconds(20));
    tracker.observe(pod("checkout-1", waiting("app", "ErrImagePull", "pull failed again")));
    clock.advance(Duration.ofSeconds(10));

    assertThat(tracker.overdue()).map(PodProblem::firstSeen).contains(START);
    assertThat(tracker.overdue()).map(PodProblem::message).contains("pull failed again");
  }

  @Test
  void forgetsAProblemThatHealed() {
    tracker.observe(pod("checkout-1", waiting("app", "ErrImagePull", "pull failed")));
    clock.advance(Duration.ofSeconds(20));
    tracker.observe(pod("checkout-1", ContainerState.running("app", "img")));
    clock.advance(Duration.ofSeconds(20));

    assertThat(tracker.overdue()).isEmpty();
  }

  @Test
  void aNewReasonStartsItsOwnGracePeriod() {
    // Given a container that cannot read its config
    tracker.observe(pod("checkout-1", waiting("app", "CreateContainerConfigError", "")));
    clock.advance(Duration.ofSeconds(20));

    // When it then fails to pull its image instead
    tracker.observe(pod("checkout-1", waiting("app", "ErrImagePull", "")));
    clock.advance(Duration.ofSeconds(20));

    // Then the pull problem has its own grace period
    assertThat(tracker.overdue()).isEmpty();
    assertThat(tracker.nextDeadline()).contains(START.plusSeconds(50));
  }

  @Test
  void errImagePullAndImagePullBackOffAreOneProblemWhoseGraceDoesNotRestart() {
    // Given the kubelet flipping between the two pull reasons on every attempt
    tracker.observe(pod("checkout-1", waiting("app", "ErrImagePull", "pull failed")));
    clock.advance(Duration.ofSeconds(15));
    tracker.observe(pod("checkout-1", waiting("app", "ImagePullBackOff", "back-off")));
    clock.advance(Duration.ofSeconds(10));
    tracker.observe(pod("checkout-1", waiting("app", "ErrImagePull", "pull failed")));

    // When the grace period has passed since the first sighting
    clock.advance(Duration.ofSeconds(5));

    // Then the problem is due, reported with the reason seen last
    PodProblem problem = tracker.overdue().orElseThrow();
    assertThat(problem.firstSeen()).isEqualTo(START);
    assertThat(problem.reason()).isEqualTo("ErrImagePull");
    assertThat(tracker.current()).hasSize(1);
  }

  @Test
  void aCrashLoopKeepsItsFirstSightingWhileTheContainerRunsBetweenBackOffs() {
    // Given a crash-looping container that runs between back-offs, its restart count growing
    tracker.observe(pod("checkout-1", waiting("app", "CrashLoopBackOff", "").withRestartCount(1)));
    clock.advance(Duration.ofSeconds(10));
    tracker.observe(pod("checkout-1", ContainerState.running("app", "img").withRestartCount(1)));
    clock.advance(Duration.ofSeconds(10));
    assertThat(tracker.overdue()).isEmpty();

    // When it crashes again after the grace period
    clock.advance(Duration.ofSeconds(10));
    tracker.observe(pod("checkout-1", waiting("app", "CrashLoopBackOff", "").withRestartCount(2)));

    // Then the crash loop is due, counted from the first sighting
    assertThat(tracker.overdue()).map(PodProblem::firstSeen).contains(START);
  }

  @Test
  void aCrashLoopOfARecreatedContainerStartsItsOwnGracePeriod() {
    tracker.observe(pod("checkout-1", waiting("app", "CrashLoopBackOff", "").withRestartCount(5)));
    clock.advance(Duration.ofSeconds(10));
    tracker.observe(pod("checkout-1", ContainerState.running("app", "img")));
    clock.advance(Duration.ofSeconds(20));

    tracker.observe(pod("checkout-1", waiting("app", "CrashLoopBackOff", "").withRestartCount(1)));

    assertThat(tracker.overdue()).isEmpty();
    assertThat(tracker.nextDeadline()).contains(START.plusSeconds(60));
  }

  @Test
  void problemsOfTwoContainersInOnePodAreTrackedApart() {
    tracker.observe(
        pod2(
            "checkout-1", waiting("app", "ErrImagePull", ""), waiting("side", "ErrImagePull", "")));
    clock.advance(Duration.ofSeconds(20));
    tracker.observe(
        pod2(
            "checkout-1",
            ContainerState.running("app", "img"),
            waiting("side", "ImagePullBackOff", "")));
    clock.advance(Duration.ofSeconds(10));

    assertThat(tracker.overdue()).map(PodProblem::container).contains(Optional.of("side"));
    assertThat(tracker.current()).hasSize(1);
  }

  @Test
  void forgetsDeletedPods() {
    tracker.observe(pod("checkout-1", waiting("app", "CrashLoopBackOff", "")));
    tracker.forget("checkout-1");
    clock.advance(Duration.ofMinutes(1));

    assertThat(tracker.overdue()).isEmpty();
  }

  @Test
  void nextDeadlineIsTheEarliestGraceEnd() {
    tracker.observe(pod("checkout-1", waiting("app", "CrashLoopBackOff", "")));
    clock.advance(Duration.ofSeconds(5));
    tracker.observe(pod("checkout-2", waiting("app", "CrashLoopBackOff", "")));

    assertThat(tracker.nextDeadline()).contains(START.plusSeconds(30));
  }

  private static PodView pod(String name, ContainerState container) {
    return new PodView(name, List.of(container), List.of());
  }

  private static PodView pod2(String name, ContainerState first, ContainerState second) {
    return new PodView(name, List.of(first, second), List.of());
  }

  private static ContainerState waiting(String name, String reason, String message) {
    return ContainerState.waiting(name, "ghcr.io/acme/checkout:2", reason, message);
  }
}
