package io.rollgate.canary;

import java.util.ArrayList;
import java.util.List;

/**
 * Every decision of a rollout, in order, with its measurements: the record the reports render.
 * Immutable: {@link #plus} gives a new record, so it can be shared between threads and saved as is.
 */
public final class DecisionRecord {
  private static final DecisionRecord EMPTY = new DecisionRecord(List.of());

  private final List<Decision> decisions;

  private DecisionRecord(List<Decision> decisions) {
    this.decisions = decisions;
  }

  public static DecisionRecord empty() {
    return EMPTY;
  }

  public static DecisionRecord of(List<Decision> decisions) {
    return new DecisionRecord(List.copyOf(decisions));
  }

  public DecisionRecord plus(Decision decision) {
    List<Decision> more = new ArrayList<>(decisions.size() + 1);
    more.addAll(decisions);
    more.add(decision);
    return new DecisionRecord(List.copyOf(more));
  }

  public List<Decision> decisions() {
    return decisions;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DecisionRecord other && decisions.equals(other.decisions);
  }

  @Override
  public int hashCode() {
    return decisions.hashCode();
  }

  @Override
  public String toString() {
    return "DecisionRecord[" + decisions.size() + " decisions]";
  }
}
