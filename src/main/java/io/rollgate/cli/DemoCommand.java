package io.rollgate.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.rollgate.canary.CanaryRunner;
import io.rollgate.pipeline.LoadedPipeline;
import io.rollgate.pipeline.PipelineLoader;
import io.rollgate.report.Terminal;
import io.rollgate.sandbox.DemoFiles;
import io.rollgate.sandbox.SandboxApiServer;
import io.rollgate.sandbox.SandboxApp;
import io.rollgate.sandbox.SandboxMetrics;
import io.rollgate.sandbox.SimulatedController;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code rollgate demo}: the whole flow against a built-in sandbox cluster, no setup. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "The whole flow against a built-in sandbox: an in-process Kubernetes API, a simulated",
      "controller that rolls Deployments out pod by pod, a sample app for the smoke checks, and pods",
      "whose request and latency metrics follow their image. Three releases of the demo pipeline:",
      "the first goes out whole (nothing to compare a canary with), the second is a healthy canary",
      "that is promoted, the third a canary whose error rate trips the analysis and is rolled back.",
      "With a prometheus binary on PATH, a real Prometheus scrapes the pods; otherwise an in-process",
      "source answers the same queries. No cluster or setup needed; it takes well under a minute."
    },
    footer = {
      "",
      "Examples:",
      "  rollgate demo",
      "  rollgate demo --metrics in-process                         # no Prometheus even if installed",
      "  rollgate demo --set IMAGE=ghcr.io/acme/checkout:broken     # one release; its rollout fails (exit 3)",
      "  rollgate demo --report demo.json        # one report per release: demo-1.json, demo-2.json, demo-3.json",
      "  rollgate demo --pipeline my-pipeline.yaml --report demo.json",
      "",
      "Exit codes: 0 every release ended as the demo expects; with --set IMAGE or --pipeline, the",
      "run's own exit code (0, 3 staging failed, 4 rolled back, 5 waiting for a person...)."
    })
final class DemoCommand implements Callable<Integer>, PipelineCommand {
  static final Duration POD_START_INTERVAL = Duration.ofMillis(150);

  /** The scripted releases: image tag, what the demo expects, why. */
  private record Release(String version, int expected, String what) {}

  private static final List<Release> RELEASES =
      List.of(
          new Release(
              "1.4.2",
              ExitCode.OK,
              "the first release: no stable version yet, so it goes out whole"),
          new Release("1.4.3", ExitCode.OK, "a healthy release: the canary is promoted"),
          new Release(
              "1.4.4-faulty",
              ExitCode.ROLLED_BACK,
              "a faulty release (a quarter of its requests fail): the analysis rolls it back"));

  @ParentCommand RollgateCommand parent;

  // no --kubeconfig or --context: the demo brings its own cluster
  @Mixin NamespaceOptions namespace;
  @Mixin OutputOptions output;

  @Option(
      names = "--pipeline",
      paramLabel = "FILE",
      description =
          "Pipeline to run once (default: the bundled pipelines/demo.yaml, three releases).")
  Path pipeline;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set a pipeline variable.")
  Map<String, String> set = new LinkedHashMap<>();

  @Option(
      names = "--metrics",
      paramLabel = "SOURCE",
      defaultValue = "auto",
      description = "auto (a real Prometheus if one is on PATH), prometheus or in-process.")
  String metrics;

  private SandboxMetrics.Mode mode() {
    return switch (metrics) {
      case "prometheus" -> SandboxMetrics.Mode.PROMETHEUS;
      case "in-process" -> SandboxMetrics.Mode.IN_PROCESS;
      default -> SandboxMetrics.Mode.AUTO;
    };
  }

  @Override
  public OutputOptions output() {
    return output;
  }

  @Override
  public String subject() {
    return displayName(pipeline);
  }

  @Override
  public Integer call() throws Exception {
    if (!List.of("auto", "prometheus", "in-process").contains(metrics)) {
      throw new picocli.CommandLine.ParameterException(
          parent.spec.commandLine().getSubcommands().get("demo"),
          "--metrics must be auto, prometheus or in-process, was '" + metrics + "'");
    }
    Terminal out = parent.terminal();
    Services system = parent.services();
    try (DemoFiles files = pipeline == null ? DemoFiles.extract() : DemoFiles.of(pipeline)) {
      LoadedPipeline first = load(system, files.pipeline(), set);
      out.about("pipeline/" + first.spec().name());
      if (first.spec().staging().isEmpty() && first.spec().production().isEmpty()) {
        throw new UsageException(files.pipeline() + ": the pipeline has no stage to run");
      }
      if (first.spec().production().isPresent()) {
        RunCommand.refuseWhatIsNotBuilt(first.spec().production().get());
      }
      out.info(
          "demo",
          "sandbox",
          "rollgate demo: starting a sandbox cluster (in-process Kubernetes API, simulated controller, sample app, pod metrics)");
      try (SandboxApiServer api = SandboxApiServer.start();
          SimulatedController controller =
              SimulatedController.start(api.client(), POD_START_INTERVAL, system.clock());
          SandboxApp app = SandboxApp.start(first.spec().vars().getOrDefault("VERSION", "demo"))) {
        CompletableFuture<SandboxMetrics> starting =
            CompletableFuture.supplyAsync(() -> startMetrics(api, system));
        try (Closer closer = new Closer(starting)) {
          Services sandbox =
              system
                  .withClusters((kubeconfig, context) -> sandboxClient(api))
                  .withTunnels(c -> app.sandboxTunnel())
                  .withMetrics(
                      (spec, env, sleeper) ->
                          new Services.MetricSession(closer.metrics(out).source(), () -> {}))
                  .withIdentity("rollgate demo");
          boolean scripted = pipeline == null && !set.containsKey("IMAGE");
          if (!scripted) {
            closer.metrics(out);
            return release(sandbox, first, out, forRelease(0));
          }
          return scripted(sandbox, files.pipeline(), closer, out);
        }
      }
    }
  }

  private int scripted(Services sandbox, Path file, Closer closer, Terminal out) throws Exception {
    boolean asExpected = true;
    for (int i = 0; i < RELEASES.size(); i++) {
      Release r = RELEASES.get(i);
      if (i == 1) {
        closer.metrics(out); // the canaries need it; the first release does not
      }
      Map<String, String> vars = new LinkedHashMap<>(set);
      vars.put("IMAGE", "ghcr.io/acme/checkout:" + r.version());
      vars.put("VERSION", r.version());
      if (closer.started()) {
        vars.put("PROMETHEUS_URL", closer.metrics(out).prometheusAddress());
      }
      String release = "release/" + (i + 1);
      out.blank();
      out.info(
          "demo",
          release,
          "== release "
              + (i + 1)
              + " of "
              + RELEASES.size()
              + ": checkout "
              + r.version()
              + ", "
              + r.what()
              + " ==");
      int code = release(sandbox, load(sandbox, file, vars), out, forRelease(i + 1));
      boolean expected = code == r.expected();
      asExpected &= expected;
      out.info(
          "demo",
          release,
          "== release "
              + (i + 1)
              + ": exit "
              + code
              + (expected ? " (as expected)" : " (the demo expected " + r.expected() + ")")
              + " ==");
    }
    out.blank();
    out.info(
        "demo",
        "sandbox",
        "rollgate demo: done"
            + (asExpected ? "" : ", but a release did not end as expected")
            + ". Against a real cluster: rollgate run pipelines/checkout.yaml --set IMAGE=...");
    return asExpected ? ExitCode.OK : ExitCode.INTERNAL_ERROR;
  }

  /**
   * The options a release runs with: the sandbox's cluster, and for the scripted releases (n above
   * 0) each its own report: demo.json → demo-2.json for release 2.
   */
  private CommonOptions forRelease(int n) {
    return CommonOptions.of(new ClusterOptions(), namespace, n > 0 ? output.numbered(n) : output);
  }

  private int release(Services sandbox, LoadedPipeline loaded, Terminal out, CommonOptions options)
      throws Exception {
    boolean staging = loaded.spec().staging().isPresent();
    boolean production = loaded.spec().production().isPresent();
    return new PipelineRun(
            loaded,
            options,
            new PipelineRun.Options(
                staging, production, false, false, CanaryRunner.Mode.STAY, Duration.ZERO),
            sandbox,
            out,
            "demo")
        .run();
  }

  private LoadedPipeline load(Services services, Path file, Map<String, String> vars) {
    try {
      return new PipelineLoader(services.environment()).load(file, vars, namespace.namespace());
    } catch (io.rollgate.pipeline.InvalidPipelineException e) {
      if (pipeline != null) {
        throw e;
      }
      throw asBundled(e, file.getParent());
    }
  }

  /**
   * The built-in demo's problems (a mistyped --set, say) at the bundled files' names, {@code
   * pipelines/demo.yaml} and {@code pipelines/demo/...} as in the repository, rather than at the
   * temporary copy the demo ran from and removed.
   */
  static io.rollgate.pipeline.InvalidPipelineException asBundled(
      io.rollgate.pipeline.InvalidPipelineException e, Path extracted) {
    String prefix = extracted.toString() + java.io.File.separator;
    java.util.List<io.rollgate.pipeline.Problem> named =
        e.problems().stream()
            .map(
                p ->
                    new io.rollgate.pipeline.Problem(
                        new io.rollgate.pipeline.SourceLocation(
                            Path.of(p.location().file().toString().replace(prefix, "pipelines/")),
                            p.location().line(),
                            p.location().column()),
                        p.message().replace(prefix, "pipelines/")))
            .toList();
    return new io.rollgate.pipeline.InvalidPipelineException(named, e);
  }

  private SandboxMetrics startMetrics(SandboxApiServer api, Services system) {
    try {
      return SandboxMetrics.start(api.client(), system.clock(), mode());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the sandbox's metrics", e);
    }
  }

  /** The sandbox's metrics, started in the background while the first release runs. */
  private static final class Closer implements AutoCloseable {
    private final CompletableFuture<SandboxMetrics> starting;
    private volatile boolean announced;

    Closer(CompletableFuture<SandboxMetrics> starting) {
      this.starting = starting;
    }

    boolean started() {
      return starting.isDone() && !starting.isCompletedExceptionally();
    }

    SandboxMetrics metrics(Terminal out) {
      try {
        SandboxMetrics m = starting.get();
        if (!announced) {
          announced = true;
          out.info("demo", "sandbox", "rollgate demo: metrics: " + m.description());
        }
        return m;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting the sandbox's metrics", e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r
            ? r
            : new IllegalStateException(e.getCause());
      }
    }

    @Override
    public void close() {
      starting.thenAccept(SandboxMetrics::close);
      if (!starting.isDone()) {
        starting.cancel(true);
      }
    }
  }

  private static KubernetesClient sandboxClient(SandboxApiServer api) {
    // the runner closes the client it is given; hand it a fresh one so the sandbox's own stays open
    return new KubernetesClientBuilder().withConfig(api.client().getConfiguration()).build();
  }

  static String displayName(Path pipeline) {
    return Optional.ofNullable(pipeline).map(Path::toString).orElse("pipelines/demo.yaml");
  }
}
