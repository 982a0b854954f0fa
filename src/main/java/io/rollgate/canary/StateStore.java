package io.rollgate.canary;

import java.util.Optional;

/**
 * Where a pipeline's canary plan and state are saved (the state ConfigMap in the production
 * namespace). Every write is a compare-and-swap on the version read before it: a write that lost a
 * race throws {@link StateConflictException} and changes nothing.
 */
public interface StateStore {
  Optional<Saved> read();

  /** Saves the first state; fails if one exists already. */
  Saved create(CanaryPlan plan, CanaryState state) throws StateConflictException;

  /** Saves a new state for the same plan, if nothing was written since {@code previous}. */
  Saved update(Saved previous, CanaryState state) throws StateConflictException;

  /** Replaces plan and state (a new revision), if nothing was written since {@code previous}. */
  Saved replace(Saved previous, CanaryPlan plan, CanaryState state) throws StateConflictException;

  /** A plan and state as read or written, with the version a compare-and-swap checks. */
  record Saved(CanaryPlan plan, CanaryState state, String version) {}
}
