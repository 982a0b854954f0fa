package io.rollgate.report;

import java.util.ArrayList;
import java.util.List;

/** The record of a run, appended to as it goes; thread-safe so parallel work can add to it. */
public final class RunReport {
  private final List<ActionRecord> actions = new ArrayList<>();

  public synchronized void add(ActionRecord action) {
    actions.add(action);
  }

  public synchronized List<ActionRecord> actions() {
    return List.copyOf(actions);
  }
}
