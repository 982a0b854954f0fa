package io.rollgate.canary;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The production cluster as the canary's ports see it, in memory: a state store with real
 * compare-and-swap, a Lease that can be taken over, stable and canary workloads, and the replica
 * router's rule. Every write is logged, so a test can assert what happened in which order.
 */
final class FakeCluster {
  final List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
  int stableReplicas = 4;
  String stableTemplate = "v1";
  int canaryReplicas;
  boolean canaryExists;
  Optional<String> canaryFails = Optional.empty();
  Optional<String> stableFails = Optional.empty();
  String leaseHolder = "me";

  /** When set, sizing the canary waits on it, as a rollout wait does (until interrupted). */
  volatile java.util.concurrent.CountDownLatch scaleBlocks;

  /** Writes to the state that succeed before the "process" dies (-1: never). */
  int killAfterWrites = -1;

  final AtomicInteger version = new AtomicInteger();
  volatile Optional<StateStore.Saved> saved = Optional.empty();

  /** Thrown where the process dies. */
  static final class Killed extends RuntimeException {
    Killed() {
      super("killed");
    }
  }

  final StateStore store =
      new StateStore() {
        @Override
        public Optional<Saved> read() {
          return saved;
        }

        @Override
        public Saved create(CanaryPlan plan, CanaryState state) throws StateConflictException {
          if (saved.isPresent()) {
            throw new StateConflictException("exists");
          }
          return put(plan, state);
        }

        @Override
        public Saved update(Saved previous, CanaryState state) throws StateConflictException {
          if (saved.isEmpty() || !saved.get().version().equals(previous.version())) {
            throw new StateConflictException("version moved");
          }
          return put(previous.plan(), state);
        }

        @Override
        public Saved replace(Saved previous, CanaryPlan plan, CanaryState state)
            throws StateConflictException {
          if (saved.isEmpty() || !saved.get().version().equals(previous.version())) {
            throw new StateConflictException("version moved");
          }
          return put(plan, state);
        }
      };

  private StateStore.Saved put(CanaryPlan plan, CanaryState state) {
    if (killAfterWrites == 0) {
      throw new Killed();
    }
    if (killAfterWrites > 0) {
      killAfterWrites--;
    }
    saved =
        Optional.of(new StateStore.Saved(plan, state, String.valueOf(version.incrementAndGet())));
    log.add("state " + state.phase().label() + " step " + state.stepNumber());
    return saved.get();
  }

  /** Someone else (a person's abort, promote) writes the state. */
  void writeAsSomeoneElse(CanaryState state) {
    StateStore.Saved s = saved.orElseThrow();
    saved =
        Optional.of(
            new StateStore.Saved(s.plan(), state, String.valueOf(version.incrementAndGet())));
  }

  Lease lease() {
    return new Lease() {
      @Override
      public void ensureHeld() throws LeaseLostException {
        if (!leaseHolder.equals("me")) {
          throw new LeaseLostException(leaseHolder, "the Lease is held by " + leaseHolder);
        }
      }

      @Override
      public void renewIfDue() throws LeaseLostException {
        ensureHeld();
      }

      @Override
      public Duration renewEvery() {
        return Duration.ofSeconds(5);
      }

      @Override
      public String holder() {
        return "me";
      }

      @Override
      public void close() {}
    };
  }

  /** How often the runner asked for stable's new pods to be marked. */
  int stablePodsLabelled;

  final CanaryWorkloads workloads =
      new CanaryWorkloads() {
        @Override
        public int stableReplicas() {
          return stableReplicas;
        }

        @Override
        public Readiness scaleCanary(int replicas, Duration timeout)
            throws WorkloadFailedException, InterruptedException {
          log.add("scale canary " + replicas);
          if (scaleBlocks != null) {
            scaleBlocks.await();
          }
          canaryExists = true;
          canaryReplicas = replicas;
          if (canaryFails.isPresent()) {
            throw new WorkloadFailedException("CrashLoopBackOff", canaryFails.get());
          }
          return observe();
        }

        @Override
        public Readiness observe() {
          return new Readiness(canaryReplicas, canaryReplicas, stableReplicas, stableReplicas);
        }

        @Override
        public void labelStablePods() {
          stablePodsLabelled++;
        }

        @Override
        public void drainCanary() {
          log.add("drain canary");
          canaryReplicas = 0;
        }

        @Override
        public void removeCanary() {
          log.add("remove canary");
          canaryExists = false;
          canaryReplicas = 0;
        }

        @Override
        public void forgetPrevious() {
          log.add("forget previous");
        }

        @Override
        public void promoteStable(Duration timeout) throws WorkloadFailedException {
          log.add("promote stable");
          stableTemplate = "v2";
          if (stableFails.isPresent()) {
            throw new WorkloadFailedException("ProgressDeadlineExceeded", stableFails.get());
          }
        }

        @Override
        public void restoreStable(Duration timeout) {
          log.add("restore stable");
          stableTemplate = "v1";
        }
      };

  final TrafficRouter router =
      new TrafficRouter() {
        @Override
        public String name() {
          return "replicas";
        }

        @Override
        public int canaryReplicas(int weight, int stable) {
          return ReplicaWeights.canaryReplicas(weight, stable);
        }

        @Override
        public double setWeight(int weight, CanaryWorkloads.Readiness ready) {
          log.add("weight " + weight);
          return ReplicaWeights.effectiveWeight(ready.canaryReady(), ready.stableReady());
        }

        @Override
        public OptionalDouble liveWeight(CanaryWorkloads.Readiness ready) {
          return OptionalDouble.of(
              ReplicaWeights.effectiveWeight(ready.canaryReady(), ready.stableReady()));
        }

        @Override
        public void resetToStable() {
          workloads.drainCanary();
        }

        @Override
        public void remove() {}
      };

  List<String> writesOf(String prefix) {
    return log.stream().filter(l -> l.startsWith(prefix)).toList();
  }
}
