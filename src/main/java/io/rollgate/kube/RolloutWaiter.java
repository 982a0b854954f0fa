package io.rollgate.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.resilience4j.retry.Retry;
import io.rollgate.pipeline.Durations;
import io.rollgate.report.Progress;
import io.rollgate.retry.Backoff;
import io.rollgate.retry.Retries;
import io.rollgate.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * Waits until workloads have rolled out, by the rules of {@code kubectl rollout status}, on watches
 * (the workload and its pods), all workloads at once. Done the moment every status is complete;
 * fails fast on ProgressDeadlineExceeded, on a pod problem that outlasts the grace period, and when
 * the timeout passes.
 *
 * <p>Timing: the timeout and each pod problem's grace end are wake-ups on a {@link RolloutTimer}
 * (real time by default; tests fire them by advancing a clock), and every watch event also checks
 * the injected {@link Clock} against the deadline.
 *
 * <p>Closing it releases the timer it made for itself; an injected timer is its maker's to close.
 */
public final class RolloutWaiter implements AutoCloseable {
  static final Backoff WATCH_BACKOFF = Backoff.exponential(5, Duration.ofMillis(500));

  private final KubernetesClient client;
  private final Clock clock;
  private final Duration podProblemGrace;
  private final Progress progress;
  private final RolloutTimer timer;
  private final Sleeper sleeper;
  private final Optional<RolloutTimer> ownTimer;

  /** On real time: a timer of its own (released by {@link #close}) and real sleeps. */
  public RolloutWaiter(
      KubernetesClient client, Clock clock, Duration podProblemGrace, Progress progress) {
    this(client, clock, podProblemGrace, progress, RolloutTimer.system(), Sleeper.system(), true);
  }

  /**
   * With the timer for timeouts and grace ends, and the sleeper between re-list attempts, injected.
   */
  public RolloutWaiter(
      KubernetesClient client,
      Clock clock,
      Duration podProblemGrace,
      Progress progress,
      RolloutTimer timer,
      Sleeper sleeper) {
    this(client, clock, podProblemGrace, progress, timer, sleeper, false);
  }

  private RolloutWaiter(
      KubernetesClient client,
      Clock clock,
      Duration podProblemGrace,
      Progress progress,
      RolloutTimer timer,
      Sleeper sleeper,
      boolean ownsTimer) {
    this.client = client;
    this.clock = clock;
    this.podProblemGrace = podProblemGrace;
    this.progress = progress;
    this.timer = timer;
    this.sleeper = sleeper;
    this.ownTimer = ownsTimer ? Optional.of(timer) : Optional.empty();
  }

  @Override
  public void close() {
    ownTimer.ifPresent(RolloutTimer::close);
  }

  public void await(List<WorkloadRef> workloads, Duration timeout)
      throws RolloutFailedException, InterruptedException {
    Set<WorkloadRef> distinct = new LinkedHashSet<>(workloads);
    if (distinct.isEmpty()) {
      return;
    }
    Instant deadline = clock.instant().plus(timeout);
    ExecutorService reconnects =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "rollout-watch");
              t.setDaemon(true);
              return t;
            });
    // a wait that is over interrupts its in-flight requests: their InterruptedIOException is no
    // outage to retry
    Retry retry =
        Retries.named(
            "rollout-watch",
            WATCH_BACKOFF,
            e -> ApiErrors.isTransient(e) && !Thread.currentThread().isInterrupted(),
            sleeper);
    Wait wait = new Wait(distinct, deadline, timeout);
    List<WorkloadWatch<?>> watches = new ArrayList<>();
    for (WorkloadRef ref : distinct) {
      watches.add(
          new WorkloadWatch<>(
              WatchedKind.of(client, ref),
              client,
              clock,
              podProblemGrace,
              timer,
              retry,
              reconnects,
              wait));
    }
    wait.watches = List.copyOf(watches);
    RolloutTimer.Cancellable timeoutWakeUp = timer.schedule(timeout, wait::timedOut);
    try {
      watches.forEach(WorkloadWatch::start);
      wait.done.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RolloutFailedException failure) {
        throw failure;
      }
      throw new IllegalStateException("rollout wait failed unexpectedly", e.getCause());
    } finally {
      timeoutWakeUp.cancel();
      watches.forEach(WorkloadWatch::close);
      reconnects.shutdownNow();
    }
  }

  /** One call to {@link #await}: which workloads are still pending, and the outcome. */
  private final class Wait implements WorkloadWatch.Listener {
    final CompletableFuture<Void> done = new CompletableFuture<>();
    final Set<WorkloadRef> pending = ConcurrentHashMap.newKeySet();
    final Instant deadline;
    final Duration timeout;
    volatile List<WorkloadWatch<?>> watches = List.of();

    Wait(Set<WorkloadRef> workloads, Instant deadline, Duration timeout) {
      pending.addAll(workloads);
      this.deadline = deadline;
      this.timeout = timeout;
    }

    @Override
    public void line(WorkloadRef ref, String line) {
      if (!done.isDone()) {
        synchronized (this) {
          progress.line(line);
        }
      }
      if (!clock.instant().isBefore(deadline)) {
        timedOut();
      }
    }

    @Override
    public void completed(WorkloadRef ref) {
      pending.remove(ref);
      if (pending.isEmpty()) {
        done.complete(null);
      }
    }

    @Override
    public void failed(RolloutFailedException failure) {
      done.completeExceptionally(failure);
    }

    void timedOut() {
      if (done.isDone()) {
        return;
      }
      List<WorkloadWatch<?>> missing =
          watches.stream().filter(w -> pending.contains(w.ref())).toList();
      if (missing.isEmpty()) {
        return;
      }
      String what = missing.stream().map(WorkloadWatch::lastLine).collect(Collectors.joining("; "));
      done.completeExceptionally(
          new RolloutFailedException(
              missing.get(0).ref(),
              RolloutFailedException.TIMEOUT,
              "rollout not complete after " + Durations.format(timeout) + ": " + what));
    }
  }
}
