package io.rollgate.cli;

import io.rollgate.canary.CanaryRunner;
import io.rollgate.pipeline.Durations;
import io.rollgate.pipeline.InvalidPipelineException;
import io.rollgate.pipeline.LoadedPipeline;
import io.rollgate.pipeline.Problem;
import io.rollgate.pipeline.ProductionSpec;
import io.rollgate.pipeline.TrafficSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code rollgate run}: take a pipeline through its stages. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Take a pipeline through staging (apply, rollout, smoke checks), then production: a canary",
      "driven step by step while Prometheus is asked about it, promoted or rolled back on its own."
    },
    footer = {
      "",
      "Examples:",
      "  rollgate run pipelines/checkout.yaml --set IMAGE=ghcr.io/acme/checkout:1.4.3",
      "  rollgate run pipelines/checkout.yaml --stage staging --dry-run --report report.json",
      "  rollgate run pipelines/checkout.yaml --stage production --detach   # a scheduled resume goes on",
      "",
      "Without --detach, run stays until the canary is promoted or rolled back, or waits for a person.",
      "Exit codes: 0 done (promoted; or, with --detach, in flight and healthy), 2 bad input,",
      "3 staging failed, 4 canary rolled back, 5 waiting for a person (pause or inconclusive),",
      "6 another run holds the lock, 7 cluster or Prometheus unreachable."
    })
final class RunCommand implements Callable<Integer>, PipelineCommand {
  @ParentCommand RollgateCommand parent;
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Mixin PipelineOptions pipeline;

  @Option(
      names = "--stage",
      defaultValue = "all",
      paramLabel = "STAGE",
      description = "staging, production or all (default: ${DEFAULT-VALUE}).")
  StageChoice stage;

  @Option(
      names = "--dry-run",
      description = "Ask the server to validate every object; change nothing.")
  boolean dryRun;

  @Option(names = "--force-conflicts", description = "Take over fields another field manager owns.")
  boolean forceConflicts;

  @Option(
      names = "--detach",
      description =
          "Return (exit 0, in flight) once the canary is ready at its first weight and the next"
              + " action is a timed wait; `rollgate resume` continues it.")
  boolean detach;

  @Option(
      names = "--wait-lock",
      paramLabel = "DURATION",
      description = "Wait up to DURATION for another run's lock instead of exiting 6.")
  String waitLock;

  /** Which stages to run. */
  enum StageChoice {
    staging,
    production,
    all
  }

  @Override
  public java.util.Optional<io.rollgate.pipeline.LoadedPipeline> loaded() {
    return pipeline.loaded();
  }

  @Override
  public OutputOptions output() {
    return common.output();
  }

  @Override
  public String subject() {
    return java.util.Objects.toString(pipeline.file(), null);
  }

  @Override
  public Integer call() throws Exception {
    Services services = parent.services();
    Duration lockWait = WaitLock.parse(waitLock, spec);
    LoadedPipeline loaded = pipeline.load(services.environment(), common.namespace());
    parent.terminal().about("pipeline/" + loaded.spec().name());
    boolean staging = stage != StageChoice.production && loaded.spec().staging().isPresent();
    boolean production = stage != StageChoice.staging && loaded.spec().production().isPresent();
    if (stage == StageChoice.staging && loaded.spec().staging().isEmpty()) {
      throw noStage(loaded, "staging", "production");
    }
    if (stage == StageChoice.production && loaded.spec().production().isEmpty()) {
      throw noStage(loaded, "production", "staging");
    }
    if (!staging && !production) {
      throw new UsageException(pipeline.file() + ": the pipeline has no stage to run");
    }
    if (production) {
      refuseWhatIsNotBuilt(loaded.spec().production().get());
    }
    CanaryRunner.Mode mode = detach ? CanaryRunner.Mode.DETACH : CanaryRunner.Mode.STAY;
    return new PipelineRun(
            loaded,
            common,
            new PipelineRun.Options(staging, production, dryRun, forceConflicts, mode, lockWait),
            services,
            parent.terminal(),
            "run")
        .run();
  }

  /** {@code --stage staging} on a pipeline without one: at the pipeline's {@code spec}. */
  private static InvalidPipelineException noStage(LoadedPipeline loaded, String asked, String has) {
    return new InvalidPipelineException(
        List.of(
            new Problem(
                loaded.at("spec"),
                "spec: no '"
                    + asked
                    + "' to run with --stage "
                    + asked
                    + " (this pipeline gives only '"
                    + has
                    + "')")));
  }

  /** Checked before any stage starts, so nothing is written. */
  static void refuseWhatIsNotBuilt(ProductionSpec production) throws UsageException {
    if (!(production.canary().traffic() instanceof TrafficSpec.Replicas)) {
      throw new UsageException(CanaryWiring.notBuilt(production.canary().traffic()));
    }
    if (!production.canary().target().kind().equals("Deployment")) {
      throw new UsageException(
          "canary.target: a canary of a "
              + production.canary().target().kind()
              + " is not built yet; the target must be a Deployment");
    }
  }

  /** {@code --wait-lock} as a duration. */
  static final class WaitLock {
    private WaitLock() {}

    static Duration parse(String text, CommandSpec command) {
      if (text == null) {
        return Duration.ZERO;
      }
      try {
        return Durations.parse(text);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(
            command.commandLine(), "--wait-lock: " + e.getMessage());
      }
    }
  }
}
