package io.rollgate.report;

import io.rollgate.analysis.WindowResult;
import io.rollgate.canary.Decision;
import io.rollgate.pipeline.MetricSpec;
import io.rollgate.pipeline.Problem;
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
  private final List<Problem> problems = new ArrayList<>();
  private final List<Decision> decisions = new ArrayList<>();
  private final List<WindowResult> measured = new ArrayList<>();
  private List<MetricSpec> metrics = List.of();
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

  /** A problem with the user's input that ended the run (exit 2), at its file, line and column. */
  public synchronized void problem(Problem problem) {
    problems.add(problem);
  }

  public synchronized List<Problem> problems() {
    return List.copyOf(problems);
  }

  /** A canary decision, in the order taken. */
  public synchronized void decision(Decision decision) {
    decisions.add(decision);
  }

  /** Canary intervals measured, for the charts; and the metrics they were measured for. */
  public synchronized void measured(WindowResult window, List<MetricSpec> of) {
    measured.add(window);
    metrics = List.copyOf(of);
  }

  public synchronized List<Decision> decisions() {
    return List.copyOf(decisions);
  }

  public synchronized List<WindowResult> measurements() {
    return List.copyOf(measured);
  }

  public synchronized List<MetricSpec> metrics() {
    return metrics;
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
