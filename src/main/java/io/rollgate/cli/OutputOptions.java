package io.rollgate.cli;

import io.rollgate.report.GithubStepSummary;
import io.rollgate.report.ReportFile;
import io.rollgate.report.Terminal;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * Where a command's record goes and how its lines look (a picocli mixin); and whether the command
 * has written its report and job summary yet, so the one error handler writes them for an outcome
 * the command did not reach (a report never vanishes: it is written, or a warning says why not).
 */
public final class OutputOptions {
  @Option(
      names = "--report",
      paramLabel = "FILE",
      description = "Write a JSON report of every action and decision to FILE.")
  Path report;

  @Option(
      names = "--log-format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "text or json (default: ${DEFAULT-VALUE}); json: every line on stdout and stderr is one"
              + " object with time, level, stage, object and message.")
  CommonOptions.LogFormat logFormat;

  @Option(
      names = {"-v", "--verbose"},
      description =
          "More detail on the terminal: debug lines (retries, watch restarts); analyze prints"
              + " every measurement's sentence.")
  boolean verbose;

  // shared with the copies of numbered(): demo's releases each write one report of the command
  private AtomicBoolean reported = new AtomicBoolean();
  private AtomicBoolean summarized = new AtomicBoolean();

  public Optional<Path> report() {
    return Optional.ofNullable(report);
  }

  public CommonOptions.LogFormat logFormat() {
    return logFormat;
  }

  public boolean verbose() {
    return verbose;
  }

  /**
   * Writes the report, when {@code --report} was given, or warns on {@code err} why it could not;
   * never fails the command.
   */
  void writeReport(Supplier<String> text, Terminal err) {
    if (report == null) {
      return;
    }
    reported.set(true);
    String json;
    try {
      json = text.get();
    } catch (RuntimeException e) {
      err.warn("cannot write report " + report + ": " + ErrorMessages.of(e));
      return;
    }
    ReportFile.write(report, json, err::warn);
  }

  /**
   * A report written piece by piece, when {@code --report} was given; it counts as written only at
   * {@link #finishReport}, so a command that fails on the way still gets the error handler's report
   * of its outcome.
   */
  Optional<ReportFile.Draft> draftReport() {
    return report().map(ReportFile::draft);
  }

  /** Moves a draft over the report, or warns on {@code err} why it could not. */
  void finishReport(ReportFile.Draft draft, Terminal err) {
    reported.set(true);
    draft.finish(err::warn);
  }

  /** Whether this command (or a copy of its options) wrote, or tried to write, its report. */
  boolean reported() {
    return reported.get();
  }

  /**
   * Appends the Markdown job summary when {@code GITHUB_STEP_SUMMARY} names a file, or warns on
   * {@code err} why it could not; never fails the command.
   */
  void appendSummary(Map<String, String> environment, Supplier<String> markdown, Terminal err) {
    summarized.set(true);
    try {
      GithubStepSummary.append(environment, markdown.get());
    } catch (UncheckedIOException e) {
      err.warn(e.getMessage());
    } catch (RuntimeException e) {
      err.warn("cannot append the step summary: " + ErrorMessages.of(e));
    }
  }

  boolean summarized() {
    return summarized.get();
  }

  /**
   * The same options, the report numbered {@code n} ({@code demo.json} → {@code demo-2.json}), for
   * one of several runs of one command; a folder stays itself, so writing it warns.
   */
  OutputOptions numbered(int n) {
    OutputOptions copy = new OutputOptions();
    copy.logFormat = logFormat;
    copy.verbose = verbose;
    copy.reported = reported;
    copy.summarized = summarized;
    copy.report = report == null ? null : numbered(report, n);
    return copy;
  }

  static Path numbered(Path p, int n) {
    if (Files.isDirectory(p) || p.getFileName() == null) {
      return p;
    }
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String numbered =
        dot > 0 ? name.substring(0, dot) + "-" + n + name.substring(dot) : name + "-" + n;
    return p.resolveSibling(numbered);
  }
}
