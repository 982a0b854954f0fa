package io.rollgate.cli;

import io.rollgate.analysis.AnalysisContext;
import io.rollgate.analysis.AnalysisTick;
import io.rollgate.analysis.FetchedWindow;
import io.rollgate.analysis.MetricSource;
import io.rollgate.analysis.QueryRenderer;
import io.rollgate.analysis.RangeFetch;
import io.rollgate.analysis.Verdict;
import io.rollgate.analysis.WindowAnalysis;
import io.rollgate.analysis.WindowDigest;
import io.rollgate.analysis.WindowResult;
import io.rollgate.canary.Decision;
import io.rollgate.metrics.PrometheusClient;
import io.rollgate.metrics.RecordedFileException;
import io.rollgate.metrics.RecordedMetricSource;
import io.rollgate.metrics.RecordedWindow;
import io.rollgate.pipeline.AnalysisSpec;
import io.rollgate.pipeline.Durations;
import io.rollgate.pipeline.InvalidPipelineException;
import io.rollgate.pipeline.LoadedPipeline;
import io.rollgate.pipeline.PipelineSpec;
import io.rollgate.pipeline.Problem;
import io.rollgate.pipeline.ProductionSpec;
import io.rollgate.pipeline.SourceLocation;
import io.rollgate.report.DecisionJson;
import io.rollgate.report.DecisionText;
import io.rollgate.report.MarkdownSummary;
import io.rollgate.report.Progress;
import io.rollgate.report.ReportFile;
import io.rollgate.report.Terminal;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code rollgate analyze}: the production analysis over a past window, or over a recording. */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the pipeline's canary analysis over a past window of Prometheus data (one query_range"
          + " per metric and track, asked 9999 intervals at a time), or over a recording made"
          + " with --record, and prints per interval each metric's value and verdict and the"
          + " decision the canary would have taken, up to the interval that decided."
    },
    footer = {
      "",
      "T is RFC 3339 (2026-01-01T10:00:00Z) or unix seconds.",
      "",
      "Examples:",
      "  rollgate analyze pipelines/checkout.yaml --from 2026-01-01T10:00:00Z --to"
          + " 2026-01-01T11:00:00Z",
      "  rollgate analyze pipelines/checkout.yaml --from 1767261600 --to 1767265200 --record"
          + " incident.json",
      "  rollgate analyze pipelines/checkout.yaml --replay incident.json",
      "  rollgate analyze pipelines/checkout.yaml --from 2025-01-01T00:00:00Z --to"
          + " 2026-01-01T00:00:00Z --step 10m",
      "",
      "Exit codes: 0 would promote, 2 bad input or a query Prometheus rejects, 4 would roll back,",
      "            5 inconclusive (would wait for a person), 7 Prometheus unreachable."
    })
public final class AnalyzeCommand implements Callable<Integer>, PipelineCommand {
  @Mixin PipelineOptions pipeline;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @ArgGroup(exclusive = false)
    Window window;

    @Option(
        names = "--replay",
        paramLabel = "FILE",
        description = "Analyse a recording instead of asking Prometheus.")
    Path replay;
  }

  static final class Window {
    @Option(
        names = "--from",
        required = true,
        paramLabel = "T",
        converter = Times.class,
        description = "Start of the window.")
    Instant from;

    @Option(
        names = "--to",
        required = true,
        paramLabel = "T",
        converter = Times.class,
        description = "End of the window.")
    Instant to;

    @Option(
        names = "--record",
        paramLabel = "FILE",
        description =
            "Save every query_range answer to FILE (JSON) for --replay; the answers are held"
                + " until the file is written, so memory grows with the window.")
    Path record;
  }

  @Option(
      names = "--step",
      paramLabel = "DURATION",
      description = "Time between simulated measurements (default: the analysis interval).")
  String step;

  @Mixin NamespaceOptions namespace;

  // --report FILE: every interval's decision and measurements as JSON, up to the decision; -v:
  // every measurement's sentence, not only those that did not succeed
  @Mixin OutputOptions output;

  @Option(
      names = "--max-intervals",
      paramLabel = "N",
      defaultValue = "100000",
      description =
          "Refuse a window of more than N intervals (default: ${DEFAULT-VALUE}; a year at 30s"
              + " is 1051200), before any query is sent.")
  long maxIntervals;

  @Option(
      names = "--all-intervals",
      description =
          "Analyse and print every interval of the window. Without it the analysis stops at the"
              + " interval that settles the verdict (with --record it goes on, unprinted).")
  boolean allIntervals;

  @Spec CommandSpec spec;
  @ParentCommand RollgateCommand parent;

  @Override
  public java.util.Optional<io.rollgate.pipeline.LoadedPipeline> loaded() {
    return pipeline.loaded();
  }

  @Override
  public OutputOptions output() {
    return output;
  }

  @Override
  public String subject() {
    return java.util.Objects.toString(pipeline.file(), null);
  }

  @Override
  public Integer call() throws Exception {
    Terminal terminal = parent.terminal();
    Map<String, String> environment = parent.services().environment();
    LoadedPipeline loaded = pipeline.load(environment, namespace.namespace());
    PipelineSpec pipelineSpec = loaded.spec();
    terminal.about("pipeline/" + pipelineSpec.name());
    ProductionSpec production =
        pipelineSpec
            .production()
            .orElseThrow(
                () ->
                    problem(
                        loaded.at("spec"), "spec: no 'production', so no canary analysis to run"));
    AnalysisSpec analysis = production.canary().analysis();
    AnalysisContext context =
        AnalysisContext.of(
            pipelineSpec.name(),
            production.namespace(),
            production.canary().target().name(),
            pipelineSpec.vars());
    if (maxIntervals < 1) {
      throw new ParameterException(spec.commandLine(), "--max-intervals must be at least 1");
    }
    Optional<FetchedWindow> recording =
        source.window != null && source.window.record != null
            ? Optional.of(new FetchedWindow())
            : Optional.empty();
    Duration step;
    WindowDigest digest;
    try (Run run = prepare(analysis, environment)) {
      step = step(analysis, run);
      requireOneStep(run, step);
      long total = WindowAnalysis.intervals(run.from(), run.to(), step);
      requireAtMost(run, step, total);
      try (ReportFile.Draft draft = output.draftReport().orElse(null)) {
        digest = new WindowDigest(run.from(), run.to(), step, total, MarkdownSummary.CHART_POINTS);
        printHeader(terminal, pipelineSpec.name(), analysis, run, step, total);
        Intervals intervals =
            new Intervals(
                terminal,
                digest,
                recording,
                Optional.ofNullable(draft)
                    .map(
                        d ->
                            new Reported(
                                d, pipelineSpec.name(), parent.services().clock().instant())));
        // a recording is of the whole window; otherwise a settled verdict ends the analysis
        WindowAnalysis.Extent extent =
            allIntervals || recording.isPresent()
                ? WindowAnalysis.Extent.WHOLE_WINDOW
                : WindowAnalysis.Extent.UNTIL_SETTLED;
        ExecutorService executor =
            AnalysisTick.boundedExecutor(Math.max(1, Math.min(8, analysis.metrics().size() * 3)));
        try {
          digest.finish(
              new WindowAnalysis(analysis, QueryRenderer.templates(), executor)
                  .stream(run.source(), context, run.from(), run.to(), step, extent, intervals));
        } finally {
          executor.shutdownNow();
        }
        intervals.printEnd(total);
        String conclusion = DecisionText.conclusion(digest.verdict(), digest.decidedAt());
        terminal.info(conclusion);
        // GitHub step summary: Markdown with charts, only when GITHUB_STEP_SUMMARY is set
        WindowDigest summarized = digest;
        output.appendSummary(
            environment,
            () -> MarkdownSummary.of(pipelineSpec.name(), summarized, analysis.metrics()),
            terminal);
        if (recording.isPresent()) {
          List<RangeFetch> fetched = recording.get().fetched();
          RecordedMetricSource.save(
              source.window.record,
              new RecordedWindow(pipelineSpec.name(), run.from(), run.to(), step, fetched));
          terminal.info("recorded " + fetched.size() + " range queries to " + source.window.record);
        }
        if (draft != null) {
          Verdict verdict = digest.verdict();
          intervals.report.ifPresent(
              r ->
                  r.end(
                      exitCode(verdict),
                      outcome(verdict),
                      conclusion,
                      parent.services().clock().instant()));
          output.finishReport(draft, terminal);
        }
      }
    }
    return exitCode(digest.verdict());
  }

  /**
   * What happens to each interval as it is judged: kept in the digest (and the recording), its
   * decision written to the report, and printed up to the one that decided, or all of them with
   * --all-intervals.
   */
  private final class Intervals implements WindowAnalysis.Listener {
    private final Terminal terminal;
    private final WindowDigest digest;
    private final Optional<FetchedWindow> recording;
    private final Optional<Reported> report;
    private boolean decided;
    private long printed;

    Intervals(
        Terminal terminal,
        WindowDigest digest,
        Optional<FetchedWindow> recording,
        Optional<Reported> report) {
      this.terminal = terminal;
      this.digest = digest;
      this.recording = recording;
      this.report = report;
    }

    @Override
    public void fetched(List<RangeFetch> chunk) {
      recording.ifPresent(r -> r.fetched(chunk));
    }

    @Override
    public void interval(WindowResult.Interval interval) {
      digest.accept(interval);
      interval
          .decision()
          .ifPresent(
              v ->
                  report.ifPresent(
                      r -> r.add(Decision.of(interval.at(), v, interval.measurements()))));
      if (decided && !allIntervals) {
        return;
      }
      // lines about an interval are about interval/N; the others about the pipeline
      Progress lines = terminal.progress("analyze", "interval/" + interval.number(), "");
      lines.line(DecisionText.interval(interval));
      if (output.verbose() || interval.decision().isPresent()) {
        DecisionText.details(interval, output.verbose()).forEach(lines::line);
      }
      printed++;
      decided |= interval.decision().filter(Verdict::isFinal).isPresent();
    }

    /**
     * Says how many intervals after the decision are not shown (not printed, and without --record
     * not even analysed: the verdict can no longer change).
     */
    void printEnd(long total) {
      if (printed < total) {
        terminal.info(
            String.format(
                "the verdict settled at interval #%d; the %d intervals after it are not shown"
                    + " (--all-intervals shows them)",
                printed, total - printed));
      }
    }
  }

  /** The JSON report, written one decision at a time; a failure to write is kept for the end. */
  private static final class Reported {
    private final ReportFile.Draft draft;
    private DecisionJson.Stream json;

    Reported(ReportFile.Draft draft, String pipeline, java.time.Instant started) {
      this.draft = draft;
      try {
        json = DecisionJson.stream(draft.writer(), "analyze", pipeline, started);
      } catch (IOException e) {
        draft.failed(e);
      }
    }

    void add(Decision d) {
      try {
        if (json != null) {
          json.add(d);
        }
      } catch (IOException e) {
        draft.failed(e);
        json = null;
      }
    }

    void end(int exitCode, String outcome, String message, java.time.Instant finished) {
      try {
        if (json != null) {
          json.end(exitCode, outcome, message, finished);
        }
      } catch (IOException e) {
        draft.failed(e);
      }
    }
  }

  /** Where the answers come from; closing it releases a Prometheus client's connections. */
  private record Run(
      MetricSource source,
      Instant from,
      Instant to,
      Optional<Duration> recordedStep,
      Optional<PrometheusClient> client)
      implements AutoCloseable {
    @Override
    public void close() {
      client.ifPresent(PrometheusClient::close);
    }
  }

  private Run prepare(AnalysisSpec analysis, Map<String, String> environment)
      throws RecordedFileException {
    if (source.replay != null) {
      RecordedMetricSource recorded = RecordedMetricSource.load(source.replay);
      RecordedWindow w = recorded.window();
      return new Run(recorded, w.from(), w.to(), Optional.of(w.step()), Optional.empty());
    }
    if (!source.window.to.isAfter(source.window.from)) {
      throw new ParameterException(
          spec.commandLine(),
          "--to " + source.window.to + " must be after --from " + source.window.from);
    }
    PrometheusClient client =
        PrometheusClient.create(analysis.prometheus(), environment, parent.services().sleeper());
    return new Run(
        client, source.window.from, source.window.to, Optional.empty(), Optional.of(client));
  }

  private Duration step(AnalysisSpec analysis, Run run) {
    if (step == null) {
      return run.recordedStep().orElse(analysis.interval());
    }
    Duration d;
    try {
      d = Durations.parse(step);
      if (d.isZero()) {
        throw new IllegalArgumentException("must be above 0");
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--step: " + e.getMessage(), e, null, step);
    }
    if (run.recordedStep().isPresent()) {
      Duration recorded = run.recordedStep().get();
      // the recording holds one point per recorded step: a finer or off-grid step would find no
      // point (or a stale one) at some ticks and change the verdict
      if (d.compareTo(recorded) < 0 || d.toMillis() % recorded.toMillis() != 0) {
        throw new ParameterException(
            spec.commandLine(),
            "--step "
                + step
                + " does not fit the recording: use its step "
                + Durations.format(recorded)
                + " or a whole multiple of it");
      }
    }
    return d;
  }

  private void requireOneStep(Run run, Duration step) {
    if (run.from().plus(step).isAfter(run.to())) {
      throw new ParameterException(
          spec.commandLine(),
          "the window "
              + run.from()
              + " .. "
              + run.to()
              + " is shorter than one step ("
              + Durations.format(step)
              + "): nothing to analyse; widen it or give a shorter --step");
    }
  }

  private void requireAtMost(Run run, Duration step, long total) {
    if (total > maxIntervals) {
      throw new ParameterException(
          spec.commandLine(),
          String.format(
              "the window %s .. %s holds %d intervals of %s, more than --max-intervals %d:"
                  + " narrow the window, give a longer --step, or raise --max-intervals",
              run.from(), run.to(), total, Durations.format(step), maxIntervals));
    }
  }

  private static void printHeader(
      Terminal terminal, String name, AnalysisSpec analysis, Run run, Duration step, long total) {
    terminal.info(
        String.format(
            "analyze %s: %s .. %s, step %s, %d metrics, %d intervals (failureLimit %d,"
                + " inconclusiveLimit %d, consecutiveErrorLimit %d)",
            name,
            run.from(),
            run.to(),
            Durations.format(step),
            analysis.metrics().size(),
            total,
            analysis.failureLimit(),
            analysis.inconclusiveLimit(),
            analysis.consecutiveErrorLimit()));
  }

  /** The word for the report: what the canary would have done. */
  private static String outcome(Verdict verdict) {
    return switch (verdict.kind()) {
      case PASS, CONTINUE -> "would-promote";
      case ROLLBACK -> "would-roll-back";
      case INCONCLUSIVE -> "inconclusive";
      case BAD_QUERY -> "bad-query";
    };
  }

  private static int exitCode(Verdict verdict) {
    return switch (verdict.kind()) {
      case PASS, CONTINUE -> ExitCode.OK;
      case ROLLBACK -> ExitCode.ROLLED_BACK;
      case INCONCLUSIVE -> ExitCode.WAITING;
      case BAD_QUERY -> ExitCode.BAD_INPUT;
    };
  }

  private static InvalidPipelineException problem(SourceLocation at, String message) {
    return new InvalidPipelineException(List.of(new Problem(at, message)));
  }

  /**
   * A point in time on the command line: RFC 3339 ({@code 2026-01-01T10:00:00Z}) or unix seconds.
   */
  static final class Times implements ITypeConverter<Instant> {
    static final long LATEST_UNIX_SECONDS = 253402300799L; // 9999-12-31T23:59:59Z

    @Override
    public Instant convert(String text) {
      String t = text.strip();
      if (t.matches("[0-9]+(\\.[0-9]{1,9})?")) {
        BigDecimal seconds = new BigDecimal(t);
        // unix seconds after the year 9999 are a typo, not a time Prometheus has
        if (seconds.compareTo(BigDecimal.valueOf(LATEST_UNIX_SECONDS)) > 0) {
          throw new TypeConversionException(
              "'"
                  + io.rollgate.pipeline.Excerpt.of(text)
                  + "' is too far in the future: unix seconds up to "
                  + LATEST_UNIX_SECONDS
                  + " (the year 9999)");
        }
        return Instant.ofEpochSecond(
            seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
      }
      try {
        return OffsetDateTime.parse(t).toInstant();
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "'"
                + io.rollgate.pipeline.Excerpt.of(text)
                + "' is neither RFC 3339 (2026-01-01T10:00:00Z) nor unix seconds");
      }
    }
  }
}
