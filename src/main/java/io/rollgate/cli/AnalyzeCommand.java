package io.rollgate.cli;

import io.rollgate.analysis.AnalysisContext;
import io.rollgate.analysis.AnalysisTick;
import io.rollgate.analysis.MetricSource;
import io.rollgate.analysis.QueryRenderer;
import io.rollgate.analysis.WindowAnalysis;
import io.rollgate.analysis.WindowResult;
import io.rollgate.canary.Decision;
import io.rollgate.canary.DecisionRecord;
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
import io.rollgate.report.Terminal;
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
          + " per metric and track), or over a recording made with --record, and prints per"
          + " interval each metric's value and verdict and the decision the canary would have"
          + " taken."
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
        description = "Save every query_range answer to FILE (JSON) for --replay.")
    Path record;
  }

  @Option(
      names = "--step",
      paramLabel = "DURATION",
      description = "Time between simulated measurements (default: the analysis interval).")
  String step;

  @Mixin NamespaceOptions namespace;

  // --report FILE: every interval's decision and measurements as JSON; -v: every measurement's
  // sentence, not only those that did not succeed
  @Mixin OutputOptions output;

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
    return String.valueOf(pipeline.file());
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
    WindowResult result;
    Duration step;
    try (Run run = prepare(analysis, environment)) {
      step = step(analysis, run);
      requireOneStep(run, step);
      ExecutorService executor =
          AnalysisTick.boundedExecutor(Math.max(1, Math.min(8, analysis.metrics().size() * 3)));
      try {
        result =
            new WindowAnalysis(analysis, QueryRenderer.templates(), executor)
                .run(run.source(), context, run.from(), run.to(), step);
      } finally {
        executor.shutdownNow();
      }
    }
    print(terminal, pipelineSpec.name(), analysis, result);
    // GitHub step summary: Markdown with charts, only when GITHUB_STEP_SUMMARY is set
    WindowResult analysed = result;
    output.appendSummary(
        environment,
        () -> MarkdownSummary.of(pipelineSpec.name(), analysed, analysis.metrics()),
        terminal);
    if (source.window != null && source.window.record != null) {
      RecordedMetricSource.save(
          source.window.record,
          new RecordedWindow(
              pipelineSpec.name(), result.from(), result.to(), step, result.fetched()));
      terminal.info(
          "recorded " + result.fetched().size() + " range queries to " + source.window.record);
    }
    writeReport(result, terminal);
    return exitCode(result);
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
        throw new IllegalArgumentException("--step must be above 0");
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

  /** Lines about an interval are about {@code interval/N}; the others about the pipeline. */
  private void print(Terminal terminal, String name, AnalysisSpec analysis, WindowResult result) {
    terminal.info(
        String.format(
            "analyze %s: %s .. %s, step %s, %d metrics, %d intervals (failureLimit %d,"
                + " inconclusiveLimit %d, consecutiveErrorLimit %d)",
            name,
            result.from(),
            result.to(),
            Durations.format(result.step()),
            analysis.metrics().size(),
            result.intervals().size(),
            analysis.failureLimit(),
            analysis.inconclusiveLimit(),
            analysis.consecutiveErrorLimit()));
    for (WindowResult.Interval interval : result.intervals()) {
      Progress lines = terminal.progress("analyze", "interval/" + interval.number(), "");
      lines.line(DecisionText.interval(interval));
      if (output.verbose() || interval.decision().isPresent()) {
        DecisionText.details(interval, output.verbose()).forEach(lines::line);
      }
    }
    terminal.info(DecisionText.conclusion(result));
  }

  private void writeReport(WindowResult result, Terminal terminal) {
    DecisionRecord record = DecisionRecord.empty();
    for (WindowResult.Interval i : result.intervals()) {
      if (i.decision().isPresent()) {
        record = record.plus(Decision.of(i.at(), i.decision().get(), i.measurements()));
      }
    }
    DecisionRecord decided = record;
    output.writeReport(() -> DecisionJson.toJson(decided), terminal);
  }

  private static int exitCode(WindowResult result) {
    return switch (result.verdict().kind()) {
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
    @Override
    public Instant convert(String text) {
      String t = text.strip();
      if (t.matches("[0-9]+(\\.[0-9]{1,9})?")) {
        BigDecimal seconds = new BigDecimal(t);
        return Instant.ofEpochSecond(
            seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
      }
      try {
        return OffsetDateTime.parse(t).toInstant();
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "'" + text + "' is neither RFC 3339 (2026-01-01T10:00:00Z) nor unix seconds");
      }
    }
  }
}
