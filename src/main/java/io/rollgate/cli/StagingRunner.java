package io.rollgate.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rollgate.kube.ApplyOptions;
import io.rollgate.kube.ManifestApplier;
import io.rollgate.kube.RolloutTimer;
import io.rollgate.kube.RolloutWaiter;
import io.rollgate.pipeline.LoadedPipeline;
import io.rollgate.pipeline.StagingSpec;
import io.rollgate.report.GithubStepSummary;
import io.rollgate.report.JsonReportWriter;
import io.rollgate.report.MarkdownSummary;
import io.rollgate.report.Progress;
import io.rollgate.report.ReportFile;
import io.rollgate.report.RunReport;
import io.rollgate.report.TerminalProgress;
import io.rollgate.smoke.SmokeRunner;
import io.rollgate.stage.StagingStage;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;

/** Wires the staging stage to a cluster and runs it, writing the report however it ends. */
final class StagingRunner {
  /** How long a pod may sit in ImagePullBackOff, CrashLoopBackOff... before the rollout fails. */
  static final Duration POD_PROBLEM_GRACE = Duration.ofSeconds(30);

  record Options(boolean dryRun, boolean forceConflicts, Duration podProblemGrace) {
    static Options of(boolean dryRun, boolean forceConflicts) {
      return new Options(dryRun, forceConflicts, POD_PROBLEM_GRACE);
    }
  }

  private StagingRunner() {}

  static int run(
      LoadedPipeline loaded,
      CommonOptions common,
      Options options,
      Services services,
      PrintWriter out,
      PrintWriter err,
      String command)
      throws Exception {
    StagingSpec staging = loaded.spec().staging().orElseThrow();
    RunReport report = new RunReport(command, loaded.spec().name(), services.clock());
    Progress progress =
        new TerminalProgress(
            out, common.logFormat() == CommonOptions.LogFormat.json, services.clock());
    try (KubernetesClient client =
            services
                .clusters()
                .connect(common.kubeconfig(), common.context().or(staging::context));
        RolloutTimer timer = RolloutTimer.system();
        SmokeRunner smoke =
            new SmokeRunner(
                services.tunnels().apply(client), services.clock(), services.sleeper(), progress)) {
      ApplyOptions defaults = ApplyOptions.defaults();
      ManifestApplier applier =
          new ManifestApplier(
              client,
              new ApplyOptions(options.forceConflicts(), options.dryRun(), defaults.backoff()),
              services.sleeper(),
              progress);
      RolloutWaiter waiter =
          new RolloutWaiter(
              client,
              services.clock(),
              options.podProblemGrace(),
              progress,
              timer,
              services.sleeper());
      new StagingStage(applier, waiter, smoke, report, progress, services.clock())
          .run(staging, loaded.stagingManifests(), options.dryRun());
      report.finish(
          ExitCode.OK, options.dryRun() ? "dry-run" : "staging-healthy", "staging is healthy");
      return ExitCode.OK;
    } catch (Exception e) {
      report.finish(
          ExitCodes.of(e),
          "failed",
          e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      throw e;
    } finally {
      // a report that cannot be written is a warning: it must not replace the run's own outcome
      common
          .report()
          .ifPresent(file -> ReportFile.write(file, JsonReportWriter.toJson(report), err));
      stepSummary(services, report, progress);
    }
  }

  /**
   * The Markdown summary under GitHub Actions; a file that cannot be written is a warning, not a
   * failure.
   */
  private static void stepSummary(Services services, RunReport report, Progress progress) {
    try {
      GithubStepSummary.append(services.environment(), MarkdownSummary.of(report));
    } catch (UncheckedIOException e) {
      progress.line("warning: " + e.getMessage());
    }
  }
}
