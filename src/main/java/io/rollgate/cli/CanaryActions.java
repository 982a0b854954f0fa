package io.rollgate.cli;

import io.rollgate.canary.CanaryEngine;
import io.rollgate.canary.CanaryEvent;
import io.rollgate.canary.CanaryOutcome;
import io.rollgate.canary.CanaryRunner;
import io.rollgate.canary.CanaryWorkloads;
import io.rollgate.canary.Lease;
import io.rollgate.canary.LeaseHeldException;
import io.rollgate.canary.Next;
import io.rollgate.canary.Request;
import io.rollgate.canary.StateConflictException;
import io.rollgate.canary.StateStore;
import io.rollgate.canary.StateStore.Saved;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What {@code resume}, {@code promote} and {@code abort} do to a saved canary: write a person's
 * request into its state, and act on what is due under the pipeline's Lease (once: these commands
 * never wait for time to pass).
 */
final class CanaryActions {
  /** For a rollback, which measures nothing: any query is a bug. */
  private static final io.rollgate.analysis.MetricSource NOT_NEEDED =
      new io.rollgate.analysis.MetricSource() {
        @Override
        public io.rollgate.analysis.QueryResult query(String promql, java.time.Instant time) {
          throw new IllegalStateException("a rollback asks Prometheus nothing");
        }

        @Override
        public io.rollgate.analysis.QueryResult queryRange(
            String promql, java.time.Instant from, java.time.Instant to, Duration step) {
          throw new IllegalStateException("a rollback asks Prometheus nothing");
        }
      };

  private final CanaryWiring wiring;
  private final Services services;

  CanaryActions(CanaryWiring wiring, Services services) {
    this.wiring = wiring;
    this.services = services;
  }

  /** Whether anything is due now, judged from the saved state alone (no Lease, no write). */
  boolean isDue(Saved saved) {
    Next next = CanaryEngine.next(saved.plan(), saved.state(), services.clock().instant());
    return !(next instanceof Next.WaitUntil w && w.at().isAfter(services.clock().instant()))
        && !(next instanceof Next.WaitForPerson);
  }

  /** Records a person's request in the state, retrying a lost race a few times. */
  Saved request(StateStore store, Saved saved, Request request) throws StateConflictException {
    Saved current = saved;
    for (int attempt = 1; ; attempt++) {
      try {
        return store.update(current, current.state().withRequest(request));
      } catch (StateConflictException e) {
        if (attempt == 5) {
          throw e;
        }
        current = store.read().orElseThrow(() -> e);
      }
    }
  }

  /**
   * Takes the Lease (waiting up to {@code waitLock}), reads the state again under it, compares the
   * live weight with it, and acts on what is due.
   */
  CanaryOutcome act(
      StateStore store,
      Saved saved,
      Duration waitLock,
      Consumer<CanaryEvent> events,
      Optional<io.rollgate.pipeline.PrometheusSpec> prometheus)
      throws InterruptedException {
    io.rollgate.pipeline.PrometheusSpec measuredWith =
        prometheus.orElse(saved.plan().analysis().prometheus());
    boolean rollingBack =
        saved.state().phase() == io.rollgate.canary.Phase.ROLLING_BACK
            || saved.state().request().filter(r -> r.kind() == Request.Kind.ABORT).isPresent();
    // a rollback measures nothing; anything else refuses (exit 2) a plan without its credentials
    io.rollgate.canary.CanaryAnalysis analysis =
        rollingBack && !measuredWith.withheld().isEmpty()
            ? new io.rollgate.canary.CanaryAnalysis(NOT_NEEDED, Runnable::run)
            : wiring.analysis(measuredWith);
    Lease lease;
    try {
      lease = wiring.leases().acquire(saved.plan().namespace(), saved.plan().stateName(), waitLock);
    } catch (LeaseHeldException e) {
      return new CanaryOutcome.Locked(e.holder(), e.getMessage());
    }
    try (lease) {
      Optional<Saved> fresh = store.read();
      if (fresh.isEmpty()) {
        return new CanaryOutcome.NothingToDo("the state was deleted meanwhile");
      }
      CanaryWorkloads workloads = wiring.workloads(fresh.get().plan());
      CanaryRunner runner =
          new CanaryRunner(
              store,
              lease,
              workloads,
              CanaryWiring.router(fresh.get().plan().traffic(), workloads),
              analysis,
              services.clock(),
              services.sleeper(),
              events);
      return runner.resume(fresh.get(), CanaryRunner.Mode.ONCE);
    } catch (io.rollgate.canary.ClusterException e) {
      return new CanaryOutcome.Unreachable(e.getMessage());
    }
  }
}
