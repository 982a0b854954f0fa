package io.rollgate.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.github.resilience4j.retry.Retry;
import io.rollgate.pipeline.Durations;
import io.rollgate.rollout.PodProblem;
import io.rollgate.rollout.PodProblemTracker;
import io.rollgate.rollout.RolloutProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Watches one workload and its pods (by the workload's selector) and reports, on every change,
 * where its rollout stands. A watch that ends while the wait goes on is re-established by listing
 * again (so nothing that happened in between is missed) and watching from the listed version.
 */
final class WorkloadWatch<T extends HasMetadata> implements AutoCloseable {
  /** What the watch tells the wait it belongs to; called from watch threads. */
  interface Listener {
    void line(WorkloadRef ref, String line);

    void completed(WorkloadRef ref);

    void failed(RolloutFailedException failure);
  }

  private final WatchedKind<T> kind;
  private final KubernetesClient client;
  private final Clock clock;
  private final PodProblemTracker problems;
  private final RolloutTimer timer;
  private final Retry retry;
  private final Executor reconnects;
  private final Listener listener;
  private final Set<String> pods = new HashSet<>();
  private final Set<String> announced = new HashSet<>();
  private final Duration grace;
  private final WatchRequest getWorkload;
  private final WatchRequest watchWorkload;
  private final WatchRequest listPods;
  private final WatchRequest watchPods;

  private volatile boolean closed;
  private Optional<T> workload = Optional.empty();
  private Optional<LabelSelector> podSelector = Optional.empty();
  private Optional<Watch> workloadWatch = Optional.empty();
  private Optional<Watch> podWatch = Optional.empty();
  private Optional<Instant> wakeUpAt = Optional.empty();
  private Optional<RolloutTimer.Cancellable> wakeUp = Optional.empty();
  private volatile String lastLine = ""; // read without the lock: see lastLine()
  private boolean finished;

  WorkloadWatch(
      WatchedKind<T> kind,
      KubernetesClient client,
      Clock clock,
      Duration podProblemGrace,
      RolloutTimer timer,
      Retry retry,
      Executor reconnects,
      Listener listener) {
    this.kind = kind;
    this.client = client;
    this.clock = clock;
    this.problems = new PodProblemTracker(clock, podProblemGrace);
    this.grace = podProblemGrace;
    this.timer = timer;
    this.retry = retry;
    this.reconnects = reconnects;
    this.listener = listener;
    String namespace = kind.ref().namespace();
    this.getWorkload = WatchRequest.workload("get", kind.resourceName(), namespace);
    this.watchWorkload = WatchRequest.workload("watch", kind.resourceName(), namespace);
    this.listPods = WatchRequest.pods("list", namespace);
    this.watchPods = WatchRequest.pods("watch", namespace);
  }

  WorkloadRef ref() {
    return kind.ref();
  }

  /**
   * Not synchronized: the wait's timeout reads every watch's last line while another watch may hold
   * its own lock and be reporting; taking the locks here would let two watches deadlock.
   */
  String lastLine() {
    return lastLine.isEmpty() ? ref().name() + ": not observed yet" : lastLine;
  }

  /** Lists and watches the workload, then its pods; failures are reported to the listener. */
  void start() {
    reconnects.execute(
        () -> {
          connectWorkload();
          connectPods();
        });
  }

  private void connectWorkload() {
    if (closed) {
      return;
    }
    try {
      T current = send(getWorkload, () -> kind.resource().get());
      if (current == null) {
        fail(RolloutFailedException.NOT_FOUND, ref() + " does not exist", Optional.empty());
        return;
      }
      ListOptions from = fromVersion(current.getMetadata().getResourceVersion());
      WorkloadWatcher watcher = new WorkloadWatcher();
      Watch watch = send(watchWorkload, () -> kind.resource().watch(from, watcher));
      synchronized (this) {
        if (closed) { // the wait ended while this watch was being opened
          closeQuietly(Optional.of(watch));
          return;
        }
        closeQuietly(workloadWatch);
        workloadWatch = Optional.of(watch);
        workload = Optional.of(current);
        podSelector = podSelector.or(() -> kind.selector().apply(current));
        evaluate();
      }
    } catch (RequestFailed e) {
      failed(e);
    } catch (RuntimeException e) { // not a request: a bug must still end the wait, not hang it
      fail(
          RolloutFailedException.REQUEST_FAILED,
          ref() + ": watching it failed: " + ApiErrors.message(e),
          Optional.of(e));
    }
  }

  private void connectPods() {
    Optional<LabelSelector> selector;
    synchronized (this) {
      selector = podSelector;
    }
    if (closed || selector.isEmpty()) {
      return;
    }
    try {
      FilterWatchListDeletable<Pod, PodList, PodResource> query =
          client.pods().inNamespace(ref().namespace()).withLabelSelector(selector.get());
      PodList list = send(listPods, query::list);
      PodWatcher watcher = new PodWatcher();
      Watch watch =
          send(
              watchPods,
              () -> query.watch(fromVersion(list.getMetadata().getResourceVersion()), watcher));
      synchronized (this) {
        if (closed) {
          closeQuietly(Optional.of(watch));
          return;
        }
        closeQuietly(podWatch);
        podWatch = Optional.of(watch);
        Set<String> listed = new HashSet<>();
        for (Pod pod : list.getItems()) {
          listed.add(pod.getMetadata().getName());
          observe(pod);
        }
        for (String gone : Set.copyOf(pods)) {
          if (!listed.contains(gone)) {
            pods.remove(gone);
            problems.forget(gone);
          }
        }
        evaluate();
      }
    } catch (RequestFailed e) {
      failed(e);
    } catch (RuntimeException e) { // not a request: a bug must still end the wait, not hang it
      fail(
          RolloutFailedException.REQUEST_FAILED,
          ref() + ": watching it failed: " + ApiErrors.message(e),
          Optional.of(e));
    }
  }

  private static ListOptions fromVersion(String resourceVersion) {
    return new ListOptionsBuilder()
        .withResourceVersion(resourceVersion)
        .withAllowWatchBookmarks(false)
        .build();
  }

  private static void closeQuietly(Optional<Watch> old) {
    old.ifPresent(
        w -> {
          try {
            w.close();
          } catch (RuntimeException ignored) {
            // the old watch is already gone; its successor is in place
          }
        });
  }

  private void observe(Pod pod) {
    pods.add(pod.getMetadata().getName());
    problems.observe(RolloutViews.of(pod));
  }

  synchronized void onWorkload(T updated) {
    workload = Optional.of(updated);
    evaluate();
  }

  synchronized void onPod(Watcher.Action action, Pod pod) {
    if (action == Watcher.Action.DELETED) {
      pods.remove(pod.getMetadata().getName());
      problems.forget(pod.getMetadata().getName());
    } else if (action != Watcher.Action.ERROR) {
      observe(pod);
    }
    evaluate();
  }

  /** Judges the current state; also run by the grace-period wake-up. */
  synchronized void evaluate() {
    if (finished || closed || workload.isEmpty()) {
      return;
    }
    RolloutProgress progress = kind.rules().apply(workload.get());
    if (progress.isFailed()) {
      fail(progress.reason(), progress.line(), Optional.empty());
      return;
    }
    if (!progress.line().equals(lastLine)) {
      lastLine = progress.line();
      listener.line(ref(), lastLine);
    }
    if (progress.isComplete()) {
      finished = true;
      listener.completed(ref());
      return;
    }
    Optional<PodProblem> overdue = problems.overdue();
    if (overdue.isPresent()) {
      PodProblem p = overdue.get();
      Duration lasted = Duration.between(p.firstSeen(), clock.instant());
      fail(
          p.reason(),
          ref().name() + ": " + p.describe() + " (for " + lasted.toSeconds() + "s)",
          Optional.empty());
      return;
    }
    announceNewProblems();
    scheduleWakeUp(problems.nextDeadline());
  }

  /** One progress line per problem when first seen, so the person watching knows why it stalls. */
  private void announceNewProblems() {
    Set<String> now = new HashSet<>();
    for (PodProblem p : problems.current()) {
      String key = p.pod() + "/" + p.container().orElse("") + "/" + p.reason();
      now.add(key);
      if (!announced.contains(key)) {
        listener.line(
            ref(),
            ref().name()
                + ": "
                + p.describe()
                + " (fails the rollout if it lasts "
                + Durations.format(grace)
                + ")");
      }
    }
    announced.clear();
    announced.addAll(now);
  }

  private void scheduleWakeUp(Optional<Instant> next) {
    if (next.equals(wakeUpAt)) {
      return;
    }
    wakeUp.ifPresent(RolloutTimer.Cancellable::cancel);
    wakeUpAt = next;
    wakeUp = next.map(at -> timer.schedule(Duration.between(clock.instant(), at), this::evaluate));
  }

  private void fail(String reason, String message, Optional<Throwable> cause) {
    fail(
        cause
            .map(c -> new RolloutFailedException(ref(), reason, message, c))
            .orElseGet(() -> new RolloutFailedException(ref(), reason, message)));
  }

  private synchronized void fail(RolloutFailedException failure) {
    if (finished || closed) {
      return;
    }
    finished = true;
    listener.failed(failure);
  }

  /** Sends one request through the retry; its final failure names the request. */
  private <R> R send(WatchRequest request, Supplier<R> call) {
    try {
      return retry.executeSupplier(call);
    } catch (RuntimeException e) {
      throw new RequestFailed(request, e);
    }
  }

  /** Unreachable only after transient failures; a refusal says which right is missing. */
  private void failed(RequestFailed e) {
    if (!closed) {
      fail(e.request.failure(ref(), e.getCause()));
    }
  }

  /** A request of the watch that failed past its retries; carries what was asked. */
  private static final class RequestFailed extends RuntimeException {
    private final WatchRequest request;

    RequestFailed(WatchRequest request, RuntimeException cause) {
      super(request.toString(), cause, false, false);
      this.request = request;
    }
  }

  @Override
  public void close() {
    Optional<Watch> w;
    Optional<Watch> p;
    synchronized (this) {
      closed = true; // under the lock: a connect storing its watch either sees it or is seen here
      w = workloadWatch;
      p = podWatch;
      wakeUp.ifPresent(RolloutTimer.Cancellable::cancel);
    }
    w.ifPresent(Watch::close);
    p.ifPresent(Watch::close);
  }

  /** Re-establishes its watch when the server ends it, unless the wait is over. */
  private abstract class ReconnectingWatcher {
    private volatile boolean ended;

    abstract void reconnect();

    /** Once per watch: a successor is listed and watched, and this one is done. */
    final void ended() {
      if (ended || closed) {
        return;
      }
      ended = true;
      reconnects.execute(this::reconnect);
    }
  }

  private final class WorkloadWatcher extends ReconnectingWatcher implements Watcher<T> {
    @Override
    public void eventReceived(Action action, T resource) {
      if (action == Action.DELETED) {
        fail(
            RolloutFailedException.DELETED,
            ref() + " was deleted while waiting for its rollout",
            Optional.empty());
      } else if (action != Action.ERROR) {
        onWorkload(resource);
      }
    }

    @Override
    public void onClose(WatcherException cause) {
      ended();
    }

    @Override
    public void onClose() {
      ended();
    }

    @Override
    void reconnect() {
      connectWorkload();
    }
  }

  private final class PodWatcher extends ReconnectingWatcher implements Watcher<Pod> {
    @Override
    public void eventReceived(Action action, Pod pod) {
      onPod(action, pod);
    }

    @Override
    public void onClose(WatcherException cause) {
      ended();
    }

    @Override
    public void onClose() {
      ended();
    }

    @Override
    void reconnect() {
      connectPods();
    }
  }
}
