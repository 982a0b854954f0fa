package io.rollgate.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.rollgate.canary.CanaryRunner;
import io.rollgate.pipeline.LoadedPipeline;
import io.rollgate.pipeline.PipelineLoader;
import io.rollgate.sandbox.DemoFiles;
import io.rollgate.sandbox.SandboxApiServer;
import io.rollgate.sandbox.SandboxApp;
import io.rollgate.sandbox.SimulatedController;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code rollgate demo}: the whole flow against a built-in sandbox cluster, no setup. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run a pipeline's staging stage against a built-in sandbox: an in-process Kubernetes API, a simulated",
      "controller that rolls Deployments out pod by pod, and a sample HTTP app answering the smoke checks.",
      "No cluster or setup needed; it finishes in seconds."
    },
    footer = {
      "",
      "Examples:",
      "  rollgate demo",
      "  rollgate demo --set IMAGE=ghcr.io/acme/checkout:broken     # watch a rollout fail (exit 3)",
      "  rollgate demo --pipeline my-pipeline.yaml --report demo.json"
    })
final class DemoCommand implements Callable<Integer> {
  static final Duration POD_START_INTERVAL = Duration.ofMillis(150);

  @ParentCommand RollgateCommand parent;
  @Mixin CommonOptions common;

  @Option(
      names = "--pipeline",
      paramLabel = "FILE",
      description = "Pipeline to run (default: the bundled pipelines/demo.yaml).")
  Path pipeline;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set a pipeline variable.")
  Map<String, String> set = new java.util.LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = parent.out();
    Services system = parent.services();
    try (DemoFiles files = pipeline == null ? DemoFiles.extract() : DemoFiles.of(pipeline)) {
      LoadedPipeline loaded =
          new PipelineLoader(system.environment()).load(files.pipeline(), set, common.namespace());
      if (loaded.spec().staging().isEmpty()) {
        throw new UsageException(
            files.pipeline() + ": the pipeline has no spec.staging section to run");
      }
      out.println(
          "rollgate demo: starting a sandbox cluster (in-process Kubernetes API, simulated controller, sample app)");
      try (SandboxApiServer api = SandboxApiServer.start();
          SimulatedController controller =
              SimulatedController.start(api.client(), POD_START_INTERVAL);
          SandboxApp app = SandboxApp.start(loaded.spec().vars().getOrDefault("VERSION", "demo"))) {
        Services sandbox =
            system
                .withClusters((kubeconfig, context) -> sandboxClient(api))
                .withTunnels(c -> app.sandboxTunnel());
        int code =
            new PipelineRun(
                    loaded,
                    common,
                    new PipelineRun.Options(
                        true, false, false, false, CanaryRunner.Mode.STAY, Duration.ZERO),
                    sandbox,
                    out,
                    parent.err(),
                    "demo")
                .run();
        out.println(
            "rollgate demo: done. Against a real cluster: rollgate run "
                + displayName(pipeline)
                + " --stage staging");
        out.println("(the production canary stage is not built yet; the demo stops after staging)");
        return code;
      }
    }
  }

  private static KubernetesClient sandboxClient(SandboxApiServer api) {
    // the runner closes the client it is given; hand it a fresh one so the sandbox's own stays open
    return new KubernetesClientBuilder().withConfig(api.client().getConfiguration()).build();
  }

  private static String displayName(Path pipeline) {
    return Optional.ofNullable(pipeline).map(Path::toString).orElse("pipelines/demo.yaml");
  }
}
