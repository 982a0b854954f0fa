package io.rollgate.canary;

import java.time.Instant;

/**
 * What a canary needs next, as {@link CanaryEngine#next} decides it from the saved state, the plan
 * and the time. A {@link Transition} is only to be saved; every other value is an action, whose
 * outcome goes back through the engine (e.g. {@link CanaryEngine#weightTook}) to give the state to
 * save before the next action.
 */
public sealed interface Next {
  /** Save this state; nothing to do in the cluster for it. */
  record Transition(CanaryState state) implements Next {}

  /** Bring the canary to this weight: sized and ready first, then traffic. */
  record ApplyWeight(int weight) implements Next {}

  /** Measure every interval after {@code after} up to and including {@code through}. */
  record Measure(Instant after, Instant through, int intervals) implements Next {}

  /** Write the new template to stable, wait for it at full size, then remove the canary. */
  record Promote() implements Next {}

  /**
   * All traffic to stable, then remove the canary (and, with {@code restoreStable}, first write the
   * previous template back to stable).
   */
  record RollBack(String reason, boolean restoreStable) implements Next {}

  /** Nothing is due before {@code at}. */
  record WaitUntil(Instant at, String why) implements Next {}

  /** Only a person moves it on now ({@code rollgate promote} or {@code abort}). */
  record WaitForPerson(String why) implements Next {}

  /** Nothing more to do: promoted or rolled back. */
  record Finished(Phase phase, String reason) implements Next {}
}
