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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
      "Exit codes: the most urgent among the rollouts: 7 unreachable, then 4 rolled back, then 2",
      "(a rollout it cannot act on: unreadable state, withheld credentials), then 5 waiting for a",
      "person, then 0 (in flight and healthy, promoted, or nothing due). resume of a named",
      "pipeline whose lock another run holds exits 6; under --all it is skipped and listed."
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
      Optional<io.rollgate.pipeline.LoadedPipeline> file) {
    Job read(StateStore store) {
      return new Job(namespace, pipeline, store.read(), problem, prometheus, file);
    }
  }

  /** A named pipeline, located (its file read, when it is one) before any cluster is asked. */
  private record Named(
      TargetOptions.Located where, Optional<io.rollgate.pipeline.LoadedPipeline> file) {}

  private record Done(Job job, int code, String line) {}

  @Override
  public OutputOptions output() {
    return output;
  }

  @Override
  public String subject() {
    // also asked for --help, before any argument group is filled
    if (which == null) {
      return "resume";
    }
    return which.all ? "(all)" : String.join(",", which.pipelines);
  }

  @Override
  public Integer call() throws Exception {
    Services services = parent.services();
    RunReport report = new RunReport("resume", subject(), services.clock());
    Terminal terminal = parent.terminal();
    Progress progress = terminal.progress("resume", terminal.object(), "");
    try {
      for (String namespace : namespaces) {
        TargetOptions.requireNamespace(namespace);
      }
      int code = ExitCode.OK;
      int looked = 0;
      // named pipeline files are read first: each file's production context is the cluster its
      // rollout is in, so one connection per distinct context
      Map<Optional<String>, List<Named>> byContext =
          which.all ? Map.of(cluster.context(), List.of()) : named(services);
      for (Map.Entry<Optional<String>, List<Named>> group : byContext.entrySet()) {
        int groupCode;
        try (KubernetesClient client =
                services.clusters().connect(cluster.kubeconfig(), group.getKey());
            CanaryWiring wiring =
                new CanaryWiring(
                    client, services, terminal.progress("production", terminal.object(), ""))) {
          List<Job> jobs = which.all ? listed(client, wiring) : read(group.getValue(), wiring);
          if (jobs.isEmpty() && which.all) {
            progress.line(
                "resume: no rollout in flight"
                    + (namespaces.isEmpty() ? "" : " in " + String.join(", ", namespaces)));
          }
          looked += jobs.size();
          groupCode = resumeAll(jobs, wiring, services, terminal, report);
        } catch (InterruptedException e) {
          throw e;
        } catch (Exception e) {
          if (byContext.size() == 1) {
            throw e;
          }
          // one cluster out of reach (or its kubeconfig context unusable) is its rollouts' line,
          // never the end of the others'
          groupCode = ExitCodes.of(e);
          for (Named n : group.getValue()) {
            terminal
                .progress("resume", "pipeline/" + n.where().pipeline(), "")
                .line(
                    n.where().pipeline()
                        + " (namespace "
                        + n.where().namespace()
                        + "): failed: "
                        + ErrorMessages.of(e));
          }
          looked += group.getValue().size();
        }
        if (Outcomes.urgency(groupCode) > Outcomes.urgency(code)) {
          code = groupCode;
        }
      }
      report.finish(
          code, code == 0 ? "resumed" : "resumed-with-problems", looked + " rollouts looked at");
      return code;
    } catch (Exception e) {
      report.finish(ExitCodes.of(e), "failed", ErrorMessages.of(e));
      throw e;
    } finally {
      output.writeReport(() -> JsonReportWriter.toJson(report), terminal);
      output.appendSummary(services.environment(), () -> MarkdownSummary.of(report), terminal);
    }
  }

  /** Acts on the rollouts of one cluster, several at once; the most urgent exit code. */
  private int resumeAll(
      List<Job> jobs, CanaryWiring wiring, Services services, Terminal terminal, RunReport report)
      throws InterruptedException, java.util.concurrent.ExecutionException {
    if (jobs.isEmpty()) {
      return ExitCode.OK;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(PARALLEL, jobs.size()),
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
    return code;
  }

  /** Every in-flight rollout, listed once (--all). */
  private List<Job> listed(KubernetesClient client, CanaryWiring wiring) {
    List<Job> jobs = new ArrayList<>();
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

  /**
   * The named pipelines, located and grouped by the context their rollout is in ({@code --context},
   * else a file's production context), in the order given.
   */
  private Map<Optional<String>, List<Named>> named(Services services) throws UsageException {
    if (namespaces.size() > 1) {
      throw new UsageException(
          "give at most one -n with named pipelines (several only with --all)");
    }
    Map<Optional<String>, List<Named>> byContext = new LinkedHashMap<>();
    for (String p : which.pipelines) {
      NamespaceOptions namespace = new NamespaceOptions();
      namespace.namespace = namespaces.isEmpty() ? null : namespaces.get(0);
      CommonOptions common = CommonOptions.of(cluster, namespace, output);
      TargetOptions target = new TargetOptions();
      target.pipeline = p;
      TargetOptions.Located where = target.locate(services, common);
      byContext
          .computeIfAbsent(where.context(), c -> new ArrayList<>())
          .add(new Named(where, target.loaded()));
    }
    return byContext;
  }

  /** The named pipelines' saved states, read one by one. */
  private static List<Job> read(List<Named> named, CanaryWiring wiring) {
    List<Job> jobs = new ArrayList<>();
    for (Named n : named) {
      TargetOptions.Located where = n.where();
      Job job =
          new Job(
              where.namespace(),
              where.pipeline(),
              Optional.empty(),
              Optional.empty(),
              where.prometheus(),
              n.file());
      jobs.add(job.read(wiring.store(where.namespace(), where.pipeline())));
    }
    return jobs;
  }

  /**
   * Whether the live canary's size differs from the one the state saved (someone, or a GitOps tool,
   * scaled it): read only, no Lease. Not while promoting or rolling back, which set it.
   */
  private static boolean liveDiffers(Saved saved, CanaryWiring wiring) {
    io.rollgate.canary.CanaryState s = saved.state();
    if (s.phase() == io.rollgate.canary.Phase.ROLLING_BACK
        || s.phase() == io.rollgate.canary.Phase.PROMOTING
        || s.canaryReplicas() == 0) {
      return false;
    }
    return wiring.workloads(saved.plan()).observe().canaryDesired() != s.canaryReplicas();
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
    // SPEC: every resume compares the live canary with the state; a difference is acted on (said
    // and put back) even when nothing else is due
    if (!actions.isDue(saved) && !liveDiffers(saved, wiring)) {
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
