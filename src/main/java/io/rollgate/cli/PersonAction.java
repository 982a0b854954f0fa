package io.rollgate.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rollgate.canary.CanaryOutcome;
import io.rollgate.canary.CanaryState;
import io.rollgate.canary.Phase;
import io.rollgate.canary.Request;
import io.rollgate.canary.StateStore;
import io.rollgate.canary.StateStore.Saved;
import io.rollgate.report.CanaryLines;
import io.rollgate.report.JsonReportWriter;
import io.rollgate.report.MarkdownSummary;
import io.rollgate.report.Progress;
import io.rollgate.report.RunReport;
import io.rollgate.report.Terminal;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code promote} and {@code abort}: a person's request written into the canary's state (so a run
 * that holds the lock sees it within one renewal), then acted on under the lock. Nothing in flight:
 * nothing is written, the lock included.
 */
final class PersonAction {
  private final RollgateCommand parent;
  private final CommonOptions common;
  private final TargetOptions target;
  private final String command;
  private final Duration waitLock;

  PersonAction(
      RollgateCommand parent,
      CommonOptions common,
      TargetOptions target,
      String command,
      Duration waitLock) {
    this.parent = parent;
    this.common = common;
    this.target = target;
    this.command = command;
    this.waitLock = waitLock;
  }

  /**
   * The lock stayed held: if the run holding it took the request (it is no longer in the state),
   * the request was carried out by that run.
   */
  private static CanaryOutcome byTheHolder(
      StateStore store, Request request, CanaryOutcome.Locked locked) {
    Optional<Saved> now = store.read();
    if (now.isEmpty()) {
      return locked;
    }
    CanaryState state = now.get().state();
    String by = "the run holding the lock (" + locked.holder() + ") acted on it: ";
    if (request.kind() == Request.Kind.ABORT) {
      // only a rollback under way or done carries an abort out
      if (state.phase() == Phase.ROLLING_BACK || state.phase() == Phase.ROLLED_BACK) {
        return new CanaryOutcome.RolledBack(by + state.reason());
      }
      return new CanaryOutcome.Locked(
          locked.holder(),
          "the abort is recorded in the state, but the run holding the lock ("
              + locked.holder()
              + ") has not acted on it yet; it will at its next check, or the lock frees within"
              + " 15 s if that run is gone: run abort again to see");
    }
    if (state.request().filter(request::equals).isPresent()) {
      return new CanaryOutcome.Locked(
          locked.holder(),
          "the promote is recorded in the state; the run holding the lock ("
              + locked.holder()
              + ") acts on it at its next check");
    }
    return switch (state.phase()) {
      case ROLLED_BACK, ROLLING_BACK -> new CanaryOutcome.RolledBack(by + state.reason());
      case PROMOTED -> new CanaryOutcome.Promoted(by + "promoted");
      default ->
          new CanaryOutcome.InFlight(
              state.updatedAt(), by + state.phase().label() + " at step " + state.stepNumber());
    };
  }

  int run(Request request) throws Exception {
    Services services = parent.services();
    TargetOptions.Located where = target.locate(services, common);
    RunReport report = new RunReport(command, where.pipeline(), services.clock());
    Terminal terminal = parent.terminal();
    String about = "pipeline/" + where.pipeline();
    terminal.about(about);
    Progress progress = terminal.progress(command, about, "");
    int code;
    try (KubernetesClient client =
            services.clusters().connect(common.kubeconfig(), where.context());
        CanaryWiring wiring =
            new CanaryWiring(client, services, terminal.progress("production", about, ""))) {
      StateStore store = wiring.store(where.namespace(), where.pipeline());
      Optional<Saved> saved = store.read();
      if (saved.isEmpty() || saved.get().state().phase().isTerminal()) {
        String what =
            saved
                .map(
                    s ->
                        "the latest canary (revision "
                            + s.plan().revision()
                            + ") is "
                            + s.state().phase().label()
                            + " since "
                            + s.state().updatedAt())
                .orElse("no rollout was ever saved for it");
        String line =
            "nothing in flight to "
                + command
                + " for pipeline "
                + where.pipeline()
                + " in namespace "
                + where.namespace()
                + ": "
                + what
                + "; nothing was changed";
        progress.line(line);
        report.finish(ExitCode.OK, "nothing-to-do", line);
        return ExitCode.OK;
      }
      CanaryActions actions = new CanaryActions(wiring, services);
      actions.request(store, saved.get(), request);
      progress.line(command + ": recorded in the state (" + request.describe() + ")");
      CanaryLines lines =
          new CanaryLines(
              terminal.progress("production", about, "production: "),
              report,
              saved.get().plan().analysis().metrics());
      CanaryOutcome outcome =
          actions.act(store, store.read().orElseThrow(), waitLock, lines, where.prometheus());
      if (outcome instanceof CanaryOutcome.Locked locked) {
        outcome = byTheHolder(store, request, locked);
      }
      code = Outcomes.exitCode(outcome);
      progress.line(command + ": " + Outcomes.line(outcome));
      report.finish(code, Outcomes.label(outcome), outcome.message());
      return code;
    } catch (Exception e) {
      Exception located = target.loaded().map(f -> PipelineErrors.located(e, f)).orElse(e);
      FailureReport.problems(located).forEach(report::problem);
      report.finish(ExitCodes.of(located), "failed", ErrorMessages.of(located));
      throw e;
    } finally {
      common.output().writeReport(() -> JsonReportWriter.toJson(report), terminal);
      common
          .output()
          .appendSummary(services.environment(), () -> MarkdownSummary.of(report), terminal);
    }
  }
}
