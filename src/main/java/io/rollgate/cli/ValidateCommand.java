package io.rollgate.cli;

import io.rollgate.pipeline.CanarySpec;
import io.rollgate.pipeline.LoadedPipeline;
import io.rollgate.pipeline.ProductionSpec;
import io.rollgate.pipeline.StagingSpec;
import io.rollgate.pipeline.TrafficSpec;
import io.rollgate.report.JsonReportWriter;
import io.rollgate.report.RunReport;
import io.rollgate.report.Terminal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code rollgate validate}: everything checked offline, nothing sent anywhere. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Checks a pipeline offline: schema, variables, manifests, query templates.",
      "Prints one summary line per stage, or every problem as file:line:column: message (exit 2)."
    },
    footer = {
      "",
      "Example:",
      "  rollgate validate pipelines/checkout.yaml --set IMAGE=acme/checkout:1.4.3",
      "",
      "Exit codes: 0 valid, 2 bad input."
    })
public final class ValidateCommand implements Callable<Integer>, PipelineCommand {
  @Mixin PipelineOptions pipeline;
  @ParentCommand RollgateCommand parent;

  @Mixin NamespaceOptions namespace;
  @Mixin OutputOptions output;

  @Spec CommandSpec spec;

  @Override
  public OutputOptions output() {
    return output;
  }

  @Override
  public String subject() {
    return java.util.Objects.toString(pipeline.file(), null);
  }

  @Override
  public boolean summarizes() {
    return false;
  }

  @Override
  public java.util.Optional<LoadedPipeline> loaded() {
    return pipeline.loaded();
  }

  @Override
  public Integer call() {
    LoadedPipeline loaded = pipeline.load(parent.services().environment(), namespace.namespace());
    Terminal terminal = parent.terminal();
    terminal.about("pipeline/" + loaded.spec().name());
    List<String> lines = new ArrayList<>();
    loaded.spec().staging().ifPresent(s -> lines.add(staging(s, loaded.stagingManifests().size())));
    loaded
        .spec()
        .production()
        .ifPresent(p -> lines.add(production(p, loaded.productionManifests().size())));
    lines.forEach(line -> terminal.info("validate", terminal.object(), line));
    RunReport report = new RunReport("validate", loaded.spec().name(), parent.services().clock());
    lines.forEach(report::note);
    report.finish(ExitCode.OK, "valid", "the pipeline is valid");
    output.writeReport(() -> JsonReportWriter.toJson(report), terminal);
    return ExitCode.OK;
  }

  private static String staging(StagingSpec s, int objects) {
    return "staging ("
        + s.namespace()
        + "): "
        + count(objects, "object")
        + ", "
        + count(s.smoke().size(), "smoke check");
  }

  private static String production(ProductionSpec p, int objects) {
    CanarySpec c = p.canary();
    return "production ("
        + p.namespace()
        + "): "
        + count(objects, "object")
        + ", canary "
        + c.target().kind()
        + "/"
        + c.target().name()
        + " via "
        + router(c.traffic())
        + ", "
        + count(c.steps().size(), "step")
        + ", "
        + count(c.analysis().metrics().size(), "metric");
  }

  private static String router(TrafficSpec traffic) {
    if (traffic instanceof TrafficSpec.GatewayApi) {
      return "gatewayApi";
    }
    if (traffic instanceof TrafficSpec.Istio) {
      return "istio";
    }
    if (traffic instanceof TrafficSpec.Nginx) {
      return "nginx";
    }
    return "replicas";
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
