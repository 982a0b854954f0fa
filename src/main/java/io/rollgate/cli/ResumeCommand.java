package io.rollgate.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rollgate.canary.CanaryOutcome;
import io.rollgate.canary.StateStore;
import io.rollgate.canary.StateStore.Saved;
import io.rollgate.kube.ConfigMapStateStore;
import io.rollgate.report.CanaryLines;
import io.rollgate.report.JsonReportWriter;
import io.rollgate.report.MarkdownSummary;
import io.rollgate.report.Progress;
import io.rollgate.report.RunReport;
import io.rollgate.report.Terminal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code rollgate resume}: continue in-flight canaries from their saved state, then exit. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = {
      "Continue in-flight canaries from their saved state: measure the intervals that passed while",
      "nothing ran (one query_range per query), act on what is due (advance, roll back, promote),",
      "save, and exit. Never waits for time to pass; meant for scheduled jobs."
    },
    footer = {
      "",
      "Examples:",
      "  rollgate resume pipelines/checkout.yaml",
      "  rollgate resume checkout payments -n shop",
      "  rollgate resume --all -n shop -n payments      # every rollout in those namespaces",
      "  rollgate resume --all                          # cluster-wide, where the account may list",
      "",
      "Exit codes: the most urgent among the rollouts: 7 unreachable, then 4 rolled back, then 5",
      "waiting for a person, then 0 (in flight and healthy, promoted, or nothing due). resume of a",
      "named pipeline whose lock another run holds exits 6; under --all it is skipped and listed."
    })
final class ResumeCommand implements Callable<Integer>, PipelineCommand {
  private static final int PARALLEL = 8;

  @ParentCommand RollgateCommand parent;
  @Mixin ClusterOptions cluster;
  @Mixin OutputOptions output;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Which which;

  static final class Which {
    @Parameters(
        paramLabel = "PIPELINE",
        arity = "1..*",
        description = "Pipeline files, or pipeline names (with -n).")
    List<String> pipelines;

    @Option(
        names = "--all",
        description = "Every in-flight rollout in the namespaces given with -n, or in all.")
    boolean all;
  }

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "Namespace to look in; repeatable with --all.")
  List<String> namespaces = new ArrayList<>();

  /** One rollout to resume and what came of it. */
  private record Job(
      String namespace,
      String pipeline,
      Optional<Saved> saved,
      Optional<String> problem,
      Optional<io.rollgate.pipeline.PrometheusSpec> prometheus,
      Optional<io.rollgate.pipeline.LoadedPipeline> file) {}

  private record Done(Job job, int code, String line) {}

  @Override
  public OutputOptions output() {
    return output;
  }

  @Override
  public String subject() {
    return which.all ? "(all)" : String.join(",", which.pipelines);
  }

  @Override
  public Integer call() throws Exception {
    Services services = parent.services();
    RunReport report =
        new RunReport(
            "resume", which.all ? "(all)" : String.join(",", which.pipelines), services.clock());
    Terminal terminal = parent.terminal();
    Progress progress = terminal.progress("resume", terminal.object(), "");
    try (KubernetesClient client =
            services.clusters().connect(cluster.kubeconfig(), cluster.context());
        CanaryWiring wiring =
            new CanaryWiring(
                client, services, terminal.progress("production", terminal.object(), ""))) {
      List<Job> jobs = jobs(services, client, wiring);
      if (jobs.isEmpty()) {
        progress.line(
            "resume: no rollout in flight"
                + (namespaces.isEmpty() ? "" : " in " + String.join(", ", namespaces)));
      }
      ExecutorService pool =
          Executors.newFixedThreadPool(
              Math.max(1, Math.min(PARALLEL, jobs.size())),
              r -> {
                Thread t = new Thread(r, "rollgate-resume");
                t.setDaemon(true);
                return t;
              });
      int code = ExitCode.OK;
      try {
        List<Future<Done>> futures = new ArrayList<>();
        for (Job job : jobs) {
          futures.add(pool.submit(() -> resumeOne(job, wiring, services, terminal, report)));
        }
        for (Future<Done> f : futures) {
          Done d = f.get();
          terminal
              .progress("resume", "pipeline/" + d.job().pipeline(), "")
              .line(d.job().pipeline() + " (namespace " + d.job().namespace() + "): " + d.line());
          if (Outcomes.urgency(d.code()) > Outcomes.urgency(code)) {
            code = d.code();
          }
        }
      } finally {
        pool.shutdownNow();
      }
      report.finish(
          code,
          code == 0 ? "resumed" : "resumed-with-problems",
          jobs.size() + " rollouts looked at");
      return code;
    } catch (Exception e) {
      report.finish(ExitCodes.of(e), "failed", ErrorMessages.of(e));
      throw e;
    } finally {
      output.writeReport(() -> JsonReportWriter.toJson(report), terminal);
      output.appendSummary(services.environment(), () -> MarkdownSummary.of(report), terminal);
    }
  }

  /** The rollouts to look at: listed once (--all), or read one by one (named ones). */
  private List<Job> jobs(Services services, KubernetesClient client, CanaryWiring wiring)
      throws UsageException {
    List<Job> jobs = new ArrayList<>();
    if (which.all) {
      ConfigMapStateStore.Listing listing =
          ConfigMapStateStore.list(client, wiring.calls(), namespaces);
      for (ConfigMapStateStore.Listed l : listing.rollouts()) {
        boolean inFlight = l.saved().map(s -> !s.state().phase().isTerminal()).orElse(true);
        if (inFlight) {
          jobs.add(
              new Job(
                  l.namespace(),
                  l.pipeline(),
                  l.saved(),
                  l.problem(),
                  Optional.empty(),
                  Optional.empty()));
        }
      }
      return jobs;
    }
    if (namespaces.size() > 1) {
      throw new UsageException(
          "give at most one -n with named pipelines (several only with --all)");
    }
    for (String p : which.pipelines) {
      NamespaceOptions namespace = new NamespaceOptions();
      namespace.namespace = namespaces.isEmpty() ? null : namespaces.get(0);
      CommonOptions common = CommonOptions.of(cluster, namespace, output);
      TargetOptions target = new TargetOptions();
      target.pipeline = p;
      TargetOptions.Located where = target.locate(services, common);
      StateStore store = wiring.store(where.namespace(), where.pipeline());
      jobs.add(
          new Job(
              where.namespace(),
              where.pipeline(),
              store.read(),
              Optional.empty(),
              where.prometheus(),
              target.loaded()));
    }
    return jobs;
  }

  /** One rollout; whatever goes wrong with it is its own line, never the others'. */
  private Done resumeOne(
      Job job, CanaryWiring wiring, Services services, Terminal terminal, RunReport report) {
    try {
      return resume(job, wiring, services, terminal, report);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Done(job, ExitCode.UNREACHABLE, "interrupted; its saved state is consistent");
    } catch (Exception e) {
      Exception located = job.file().map(f -> PipelineErrors.located(e, f)).orElse(e);
      return new Done(job, ExitCodes.of(located), "failed: " + ErrorMessages.of(located));
    }
  }

  private Done resume(
      Job job, CanaryWiring wiring, Services services, Terminal terminal, RunReport report)
      throws InterruptedException {
    if (job.problem().isPresent()) {
      return new Done(job, ExitCode.BAD_INPUT, "cannot read its state: " + job.problem().get());
    }
    if (job.saved().isEmpty()) {
      return new Done(job, ExitCode.OK, "nothing in flight (no saved rollout)");
    }
    Saved saved = job.saved().get();
    if (saved.state().phase().isTerminal()) {
      return new Done(job, ExitCode.OK, "nothing in flight: " + saved.state().phase().label());
    }
    CanaryActions actions = new CanaryActions(wiring, services);
    if (!actions.isDue(saved)) {
      io.rollgate.report.CanaryStatus status =
          new io.rollgate.report.CanaryStatus(
              saved.plan(), saved.state(), Optional.empty(), services.clock().instant());
      int code = saved.state().phase().isWaitingForPerson() ? ExitCode.WAITING : ExitCode.OK;
      return new Done(job, code, "nothing due; next action " + status.next());
    }
    Progress prefixed =
        terminal.progress(
            "production", "pipeline/" + job.pipeline(), job.pipeline() + ": production: ");
    CanaryLines lines = new CanaryLines(prefixed, report, saved.plan().analysis().metrics());
    StateStore store = wiring.store(job.namespace(), job.pipeline());
    CanaryOutcome outcome =
        actions.act(store, saved, java.time.Duration.ZERO, lines, job.prometheus());
    int code = Outcomes.exitCode(outcome);
    if (outcome instanceof CanaryOutcome.Locked l && which.all) {
      return new Done(
          job,
          ExitCode.OK,
          "skipped: another run holds its lock (" + l.holder() + ") and is acting on it");
    }
    return new Done(job, code, Outcomes.line(outcome));
  }
}
