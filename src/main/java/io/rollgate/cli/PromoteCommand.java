package io.rollgate.cli;

import io.rollgate.canary.Request;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code rollgate promote}: let a paused canary go on, or promote it now with --full. */
@Command(
    name = "promote",
    mixinStandardHelpOptions = true,
    description = {
      "Pass the canary's current pause (a manual one, a timed one, an analysis step, or an",
      "inconclusive stop), then act on what is due as resume does; --full skips every step left",
      "and promotes. The canary that is in flight is the one promoted: the plan comes from its state."
    },
    footer = {
      "",
      "Examples:",
      "  rollgate promote pipelines/checkout.yaml",
      "  rollgate promote checkout -n checkout --full",
      "",
      "Exit codes: 0 promoted, in flight, or nothing to promote; 4 rolled back (the analysis",
      "failed meanwhile); 5 waiting at the next pause; 6 locked; 7 unreachable."
    })
final class PromoteCommand implements Callable<Integer>, PipelineCommand {
  @ParentCommand RollgateCommand parent;
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @Mixin TargetOptions target;

  @Option(names = "--full", description = "Skip every remaining step and promote now.")
  boolean full;

  @Option(
      names = "--wait-lock",
      paramLabel = "DURATION",
      description = "Wait up to DURATION for a run holding the lock (default: 20s).")
  String waitLock;

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
  public Integer call() throws Exception {
    return new PersonAction(
            parent,
            common,
            target,
            "promote",
            RunCommand.WaitLock.parse(waitLock == null ? "20s" : waitLock, spec))
        .run(
            Request.promote(
                full, parent.services().identity(), parent.services().clock().instant()));
  }
}
