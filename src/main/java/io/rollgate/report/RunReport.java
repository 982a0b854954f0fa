package io.rollgate.report;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The record of one run, appended to as it goes (thread-safe, so parallel work can add to it): what
 * was run, every action, and how it ended.
 */
public final class RunReport {
  private final String command;
  private final String pipeline;
  private final Instant started;
  private final Clock clock;
  private final List<ActionRecord> actions = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private Instant finished;
  private int exitCode = -1;
  private String outcome = "running";
  private String message = "";

  public RunReport(String command, String pipeline, Clock clock) {
    this.command = command;
    this.pipeline = pipeline;
    this.clock = clock;
    this.started = clock.instant();
  }

  public synchronized void add(ActionRecord action) {
    actions.add(action);
  }

  /** A remark the reader should see (e.g. "production stage skipped: --stage staging"). */
  public synchronized void note(String text) {
    notes.add(text);
  }

  public synchronized void finish(int exitCode, String outcome, String message) {
    this.exitCode = exitCode;
    this.outcome = outcome;
    this.message = message;
    this.finished = clock.instant();
  }

  public synchronized List<ActionRecord> actions() {
    return List.copyOf(actions);
  }

  public synchronized List<String> notes() {
    return List.copyOf(notes);
  }

  public String command() {
    return command;
  }

  public String pipeline() {
    return pipeline;
  }

  public Instant started() {
    return started;
  }

  public synchronized Optional<Instant> finished() {
    return Optional.ofNullable(finished);
  }

  public synchronized int exitCode() {
    return exitCode;
  }

  public synchronized String outcome() {
    return outcome;
  }

  public synchronized String message() {
    return message;
  }
}
