package io.rollgate.canary;

import java.util.ArrayList;
import java.util.List;

/**
 * The decisions a canary's state keeps: the latest {@value #KEPT} in full (with the measurements
 * they rested on), older ones only counted, so the state ConfigMap stays far below the API's 1 MiB
 * limit on canaries that run for days.
 */
public record DecisionHistory(List<Decision> latest, int older) {
  public static final int KEPT = 25;

  public DecisionHistory {
    latest = List.copyOf(latest);
    if (older < 0) {
      throw new IllegalArgumentException("older cannot be negative");
    }
  }

  public static DecisionHistory empty() {
    return new DecisionHistory(List.of(), 0);
  }

  public DecisionHistory plus(Decision decision) {
    List<Decision> more = new ArrayList<>(latest);
    more.add(decision);
    int dropped = Math.max(0, more.size() - KEPT);
    return new DecisionHistory(more.subList(dropped, more.size()), older + dropped);
  }

  public int total() {
    return older + latest.size();
  }
}
