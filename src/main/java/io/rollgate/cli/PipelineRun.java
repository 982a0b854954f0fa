package io.rollgate.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rollgate.canary.CanaryOutcome;
import io.rollgate.canary.CanaryRunner;
import io.rollgate.kube.ApplyOptions;
import io.rollgate.kube.ManifestApplier;
import io.rollgate.kube.RolloutTimer;
import io.rollgate.kube.RolloutWaiter;
import io.rollgate.kube.ServerPreflight;
import io.rollgate.pipeline.LoadedPipeline;
import io.rollgate.pipeline.ProductionSpec;
import io.rollgate.pipeline.StagingSpec;
import io.rollgate.report.CanaryLines;
import io.rollgate.report.JsonReportWriter;
import io.rollgate.report.MarkdownSummary;
import io.rollgate.report.Progress;
import io.rollgate.report.RunReport;
import io.rollgate.report.Terminal;
import io.rollgate.smoke.SmokeRunner;
import io.rollgate.stage.ProductionStage;
import io.rollgate.stage.StagingStage;
import java.time.Duration;

/**
 * One run of a pipeline: staging, then production, each against its own cluster context, with one
 * report that covers both and is written however the run ends.
 */
final class PipelineRun {
  /** What to run and how. */
  record Options(
      boolean staging,
      boolean production,
      boolean dryRun,
      boolean forceConflicts,
      CanaryRunner.Mode mode,
      Duration waitLock) {}

  private final LoadedPipeline loaded;
  private final CommonOptions common;
  private final Options options;
  private final Services services;
  private final Terminal terminal;
  private final RunReport report;
  private final String about;

  PipelineRun(
      LoadedPipeline loaded,
      CommonOptions common,
      Options options,
      Services services,
      Terminal terminal,
      String command) {
    this.loaded = loaded;
    this.common = common;
    this.options = options;
    this.services = services;
    this.terminal = terminal;
    this.report = new RunReport(command, loaded.spec().name(), services.clock());
    this.about = "pipeline/" + loaded.spec().name();
  }

  /** Lines of one stage, as text without a prefix of their own (their makers give it). */
  private Progress lines(String stage) {
    return terminal.progress(stage, about, "");
  }

  /** Lines of one stage that say which it is, as text: {@code production: ...}. */
  private Progress prefixed(String stage) {
    return terminal.progress(stage, about, stage + ": ");
  }

  int run() throws Exception {
    try {
      if (options.staging()) {
        staging(loaded.spec().staging().orElseThrow());
      }
      if (!options.production()) {
        report.finish(
            ExitCode.OK, options.dryRun() ? "dry-run" : "staging-healthy", "staging is healthy");
        return ExitCode.OK;
      }
      ProductionSpec production = loaded.spec().production().orElseThrow();
      if (options.dryRun()) {
        productionDryRun(production);
        report.finish(ExitCode.OK, "dry-run", "the server accepted every production object");
        return ExitCode.OK;
      }
      CanaryOutcome outcome = production(production);
      int code = Outcomes.exitCode(outcome);
      prefixed("production").line(Outcomes.line(outcome));
      report.finish(code, Outcomes.label(outcome), outcome.message());
      return code;
    } catch (Exception e) {
      Exception located = PipelineErrors.located(e, loaded);
      FailureReport.problems(located).forEach(report::problem);
      report.finish(ExitCodes.of(located), "failed", ErrorMessages.of(located));
      throw located;
    } finally {
      // a report that cannot be written is a warning: it must not replace the run's own outcome
      common.output().writeReport(() -> JsonReportWriter.toJson(report), terminal);
      common
          .output()
          .appendSummary(services.environment(), () -> MarkdownSummary.of(report), terminal);
    }
  }

  private void staging(StagingSpec staging) throws Exception {
    Progress progress = lines("staging");
    try (KubernetesClient client =
            services
                .clusters()
                .connect(common.kubeconfig(), common.context().or(staging::context));
        RolloutTimer timer = RolloutTimer.system();
        SmokeRunner smoke =
            new SmokeRunner(
                services.tunnels().apply(client), services.clock(), services.sleeper(), progress)) {
      ManifestApplier applier =
          new ManifestApplier(client, applyOptions(), services.sleeper(), progress);
      RolloutWaiter waiter =
          new RolloutWaiter(
              client,
              services.clock(),
              staging.rollout().podProblemGrace(),
              progress,
              timer,
              services.sleeper());
      ServerPreflight preflight =
          new ServerPreflight(
              client,
              applyOptions(),
              services.sleeper(),
              options.dryRun() ? progress : Progress.silent());
      new StagingStage(preflight, applier, waiter, smoke, report, progress, services.clock())
          .run(staging, loaded.stagingManifests(), options.dryRun());
    }
  }

  private CanaryOutcome production(ProductionSpec production) throws Exception {
    try (KubernetesClient client =
            services
                .clusters()
                .connect(common.kubeconfig(), common.context().or(production::context));
        CanaryWiring wiring = new CanaryWiring(client, services, lines("production"))) {
      CanaryLines lines =
          new CanaryLines(prefixed("production"), report, production.canary().analysis().metrics());
      return new ProductionStage(
              wiring.cluster(loaded.spec().name(), production, applyOptions()),
              services.clock(),
              services.sleeper(),
              lines)
          .run(loaded, options.mode(), options.waitLock());
    }
  }

  /** A dry run of production: the server checks every object, no canary starts. */
  private void productionDryRun(ProductionSpec production) throws Exception {
    try (KubernetesClient client =
        services
            .clusters()
            .connect(common.kubeconfig(), common.context().or(production::context))) {
      prefixed("production")
          .line(
              "applying "
                  + loaded.productionManifests().size()
                  + " objects to namespace "
                  + production.namespace()
                  + " (dry run: no canary starts, nothing is written)");
      new ServerPreflight(client, applyOptions(), services.sleeper(), lines("production"))
          .check(loaded.productionManifests());
      report.note(
          "dry run of production: the server validated every object; no canary, state or Lease"
              + " was written");
    }
  }

  private ApplyOptions applyOptions() {
    ApplyOptions defaults = ApplyOptions.defaults();
    return new ApplyOptions(options.forceConflicts(), defaults.backoff());
  }
}
