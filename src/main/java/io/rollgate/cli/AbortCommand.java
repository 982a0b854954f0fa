package io.rollgate.cli;

import io.rollgate.canary.Request;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code rollgate abort}: roll the canary back now. */
@Command(
    name = "abort",
    mixinStandardHelpOptions = true,
    description = {
      "Roll the canary back now: all traffic to stable first, then the canary removed. Wins over",
      "everything, a promotion under way included (stable then gets its previous template back).",
      "With nothing in flight it changes nothing, not even the lock, and says so."
    },
    footer = {
      "",
      "Examples:",
      "  rollgate abort pipelines/checkout.yaml",
      "  rollgate abort checkout -n checkout --context production",
      "",
      "Exit codes: 4 rolled back, 0 nothing in flight, 6 locked past --wait-lock, 7 unreachable."
    })
final class AbortCommand implements Callable<Integer>, PipelineCommand {
  @ParentCommand RollgateCommand parent;
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @Mixin TargetOptions target;

  @Option(
      names = "--wait-lock",
      paramLabel = "DURATION",
      description =
          "Wait up to DURATION for a run holding the lock to act on the abort (default: 20s,"
              + " past a killed run's 15 s Lease).")
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
            "abort",
            RunCommand.WaitLock.parse(waitLock == null ? "20s" : waitLock, spec))
        .run(Request.abort(parent.services().identity(), parent.services().clock().instant()));
  }
}
