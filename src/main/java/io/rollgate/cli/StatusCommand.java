package io.rollgate.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rollgate.canary.StateStore.Saved;
import io.rollgate.kube.PipelineLeases;
import io.rollgate.report.CanaryStatus;
import io.rollgate.report.Terminal;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code rollgate status}: where a pipeline's canary stands, read from its saved state. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show a pipeline's rollout: phase, step n/N, asked and effective weight, the latest decisions",
      "with their numbers, when the next action is due, and who holds the lock. Reads only."
    },
    footer = {
      "",
      "Examples:",
      "  rollgate status pipelines/checkout.yaml",
      "  rollgate status checkout -n checkout --context production --output json",
      "",
      "Exit codes: 0 shown (also when nothing was ever rolled out), 2 bad input, 7 unreachable."
    })
final class StatusCommand implements Callable<Integer>, PipelineCommand {
  @ParentCommand RollgateCommand parent;
  @Mixin CommonOptions common;
  @Mixin TargetOptions target;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  Format output;

  enum Format {
    text,
    json
  }

  @Override
  public java.util.Optional<io.rollgate.pipeline.LoadedPipeline> loaded() {
    return target.loaded();
  }

  @Override
  public OutputOptions output() {
    return common.output();
  }

  @Override
  public String subject() {
    return target.pipeline;
  }

  @Override
  public boolean summarizes() {
    return false;
  }

  @Override
  public Integer call() throws Exception {
    Services services = parent.services();
    TargetOptions.Located where = target.locate(services, common);
    Terminal terminal = parent.terminal();
    String about = "pipeline/" + where.pipeline();
    terminal.about(about);
    try (KubernetesClient client =
            services.clusters().connect(common.kubeconfig(), where.context());
        CanaryWiring wiring = new CanaryWiring(client, services, line -> {})) {
      Optional<Saved> saved = wiring.store(where.namespace(), where.pipeline()).read();
      if (saved.isEmpty()) {
        com.google.gson.JsonObject none = new com.google.gson.JsonObject();
        none.addProperty("pipeline", where.pipeline());
        none.addProperty("namespace", where.namespace());
        none.addProperty("phase", "none");
        String words =
            "pipeline "
                + where.pipeline()
                + " in namespace "
                + where.namespace()
                + ": no rollout yet (no state ConfigMap rollgate-"
                + where.pipeline()
                + ")";
        if (output == Format.json) {
          terminal.data("status", about, words, "status", none.toString());
        } else {
          terminal.info("status", about, words);
        }
        common.output().writeReport(() -> none + "\n", terminal);
        return ExitCode.OK;
      }
      Optional<CanaryStatus.LeaseView> lease =
          wiring
              .leases()
              .holder(where.namespace(), "rollgate-" + where.pipeline())
              .map(
                  (PipelineLeases.Holder h) ->
                      new CanaryStatus.LeaseView(h.identity(), h.expires()));
      CanaryStatus status =
          new CanaryStatus(
              saved.get().plan(), saved.get().state(), lease, services.clock().instant());
      if (output == Format.json) {
        terminal.data("status", about, status.next(), "status", status.json());
      } else {
        status.text().lines().forEach(line -> terminal.info("status", about, line));
      }
      common.output().writeReport(() -> status.json() + "\n", terminal);
      return ExitCode.OK;
    }
  }
}
