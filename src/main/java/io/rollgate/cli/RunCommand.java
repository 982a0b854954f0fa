package io.rollgate.cli;

import io.rollgate.pipeline.LoadedPipeline;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code rollgate run}: take a pipeline through its stages. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Apply the manifests, wait for the rollout and run the smoke checks of a pipeline's stages.",
    footer = {
      "",
      "Examples:",
      "  rollgate run pipelines/checkout.yaml --stage staging --set IMAGE=ghcr.io/acme/checkout:1.4.3",
      "  rollgate run pipelines/checkout.yaml --stage staging --dry-run --report report.json",
      "",
      "Only the staging stage is built so far: --stage production and --stage all on a pipeline",
      "with a production section stop with exit 2 before anything is written.",
      "Exit codes: 0 healthy, 2 bad input, 3 staging failed, 7 cluster unreachable."
    })
final class RunCommand implements Callable<Integer> {
  @ParentCommand RollgateCommand parent;
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

  /** Which stages to run. */
  enum StageChoice {
    staging,
    production,
    all
  }

  @Override
  public Integer call() throws Exception {
    Services services = parent.services();
    LoadedPipeline loaded = pipeline.load(services.environment(), common.namespace());
    if (stage == StageChoice.production
        || (stage == StageChoice.all && loaded.spec().production().isPresent())) {
      throw new UsageException(
          "the production stage (canary) is not built yet in this version of rollgate; run with --stage staging");
    }
    if (loaded.spec().staging().isEmpty()) {
      throw new UsageException(
          pipeline.file() + ": the pipeline has no spec.staging section to run");
    }
    return StagingRunner.run(
        loaded,
        common,
        StagingRunner.Options.of(dryRun, forceConflicts),
        services,
        parent.out(),
        parent.err(),
        "run");
  }
}
