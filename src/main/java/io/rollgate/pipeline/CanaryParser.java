package io.rollgate.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads {@code spec.production.canary}: target, traffic router, steps, and (through its own parser)
 * analysis.
 */
final class CanaryParser {
  static final Set<String> FIELDS = Set.of("target", "traffic", "steps", "analysis");
  static final List<String> ROUTERS = List.of("replicas", "gatewayApi", "istio", "nginx");
  private static final Set<String> TARGET = Set.of("kind", "name");
  private static final Set<String> TRAFFIC = Set.of("router", "gatewayApi", "istio", "nginx");
  private static final Set<String> GATEWAY_API =
      Set.of("httpRoute", "stableService", "canaryService");
  private static final Set<String> ISTIO =
      Set.of("virtualService", "route", "stableSubset", "stableHost", "canarySubset", "canaryHost");
  private static final Set<String> NGINX = Set.of("ingress");
  private static final Set<String> STEP = Set.of("setWeight", "analysis", "pause");
  private static final Set<String> DURATION = Set.of("duration");

  private final Reading reading;
  private final Path file;
  private final String pipeline;
  private final String namespace;
  private final Map<String, String> vars;
  private Optional<ParsedPipeline.Target> target = Optional.empty();

  CanaryParser(
      Reading reading, Path file, String pipeline, String namespace, Map<String, String> vars) {
    this.reading = reading;
    this.file = file;
    this.pipeline = pipeline;
    this.namespace = namespace;
    this.vars = vars;
  }

  /** The target as read, with its position, once {@link #parse} has run. */
  Optional<ParsedPipeline.Target> target() {
    return target;
  }

  Optional<CanarySpec> parse(Fields canary) {
    Optional<CanarySpec.TargetRef> targetRef =
        canary.requiredMapping("target", TARGET).map(this::target);
    TrafficSpec traffic =
        canary
            .mapping("traffic", TRAFFIC)
            .flatMap(this::traffic)
            .orElse(new TrafficSpec.Replicas());
    canary.require("steps");
    List<StepSpec> steps = steps(canary);
    if (canary.has("steps") && canary.list("steps").isEmpty()) {
      canary.problem("steps", "must hold at least one step");
    }
    Map<String, String> templateValues =
        TemplateCheck.values(
            namespace, targetRef.map(CanarySpec.TargetRef::name).orElse(""), pipeline, vars);
    Optional<AnalysisSpec> analysis =
        canary
            .requiredMapping("analysis", AnalysisParser.FIELDS)
            .flatMap(a -> new AnalysisParser(reading, file, templateValues).parse(a));
    return targetRef.flatMap(t -> analysis.map(a -> new CanarySpec(t, traffic, steps, a)));
  }

  private CanarySpec.TargetRef target(Fields f) {
    CanarySpec.TargetRef ref =
        new CanarySpec.TargetRef(f.requiredString("kind"), f.requiredString("name"));
    target =
        Optional.of(
            new ParsedPipeline.Target(ref.kind(), ref.name(), reading.source().at(f.node())));
    return ref;
  }

  private Optional<TrafficSpec> traffic(Fields f) {
    List<String> blocks = ROUTERS.stream().filter(f::has).toList();
    if (blocks.size() > 1) {
      f.problem("give exactly one router, found " + String.join(", ", blocks));
      return Optional.empty();
    }
    Optional<String> router = f.string("router");
    if (router.isPresent() && !ROUTERS.contains(router.get())) {
      String hint =
          Suggestions.closest(router.get(), ROUTERS)
              .map(s -> "did you mean '" + s + "'? ")
              .orElse("");
      f.problem(
          "router",
          "unknown router '"
              + Excerpt.of(router.get())
              + "'; "
              + hint
              + "known: "
              + String.join(", ", ROUTERS));
      return Optional.empty();
    }
    String kind = router.orElse(blocks.isEmpty() ? "replicas" : blocks.get(0));
    if (!blocks.isEmpty() && !blocks.get(0).equals(kind)) {
      f.problem("router", "says '" + kind + "' but the block given is '" + blocks.get(0) + "'");
      return Optional.empty();
    }
    if (!kind.equals("replicas") && blocks.isEmpty()) {
      f.problem("router '" + kind + "' needs its settings under '" + f.path(kind) + "'");
      return Optional.empty();
    }
    return switch (kind) {
      case "gatewayApi" ->
          f.mapping(kind, GATEWAY_API)
              .map(
                  g ->
                      new TrafficSpec.GatewayApi(
                          g.requiredString("httpRoute"),
                          g.requiredString("stableService"),
                          g.requiredString("canaryService")));
      case "istio" -> f.mapping(kind, ISTIO).map(this::istio);
      case "nginx" ->
          f.mapping(kind, NGINX).map(n -> new TrafficSpec.Nginx(n.requiredString("ingress")));
      default -> Optional.of(new TrafficSpec.Replicas());
    };
  }

  private TrafficSpec.Istio istio(Fields f) {
    String virtualService = f.requiredString("virtualService");
    for (String side : List.of("stable", "canary")) {
      if (f.has(side + "Subset") == f.has(side + "Host")) {
        f.problem("give exactly one of '" + side + "Subset' or '" + side + "Host'");
      }
    }
    return new TrafficSpec.Istio(
        virtualService,
        f.string("route"),
        f.string("stableSubset"),
        f.string("stableHost"),
        f.string("canarySubset"),
        f.string("canaryHost"));
  }

  /**
   * The steps; their weights never go down (a canary only gains traffic until promotion) and at
   * least one is above 0 (with no traffic the analysis measures nothing).
   */
  private List<StepSpec> steps(Fields canary) {
    List<StepSpec> steps = new ArrayList<>();
    int highest = -1;
    boolean complete = true;
    for (Fields.Item item : canary.list("steps")) {
      Optional<Fields> fields = Fields.of(item.node(), item.path(), reading, STEP);
      Optional<StepSpec> step = fields.flatMap(this::step);
      complete &= step.isPresent();
      if (step.orElse(null) instanceof StepSpec.SetWeight w
          && w.weight() >= 0
          && w.weight() <= 100) {
        if (w.weight() < highest) {
          fields
              .get()
              .problem(
                  "setWeight",
                  "goes down to "
                      + w.weight()
                      + " after "
                      + highest
                      + "; weights never go down (a canary only gains traffic until promotion)");
        }
        highest = Math.max(highest, w.weight());
      }
      step.ifPresent(steps::add);
    }
    if (complete && !steps.isEmpty() && highest <= 0) {
      canary.problem(
          "steps",
          "needs a setWeight above 0: with no traffic on the canary the analysis measures nothing");
    }
    return steps;
  }

  private Optional<StepSpec> step(Fields f) {
    List<String> kinds = STEP.stream().filter(f::has).sorted().toList();
    if (kinds.isEmpty() && f.hasUnknownFields()) {
      return Optional.empty();
    }
    if (kinds.size() != 1) {
      f.problem(
          "a step is exactly one of setWeight, analysis or pause"
              + (kinds.isEmpty() ? "" : ", found " + kinds));
      return Optional.empty();
    }
    switch (kinds.get(0)) {
      case "setWeight" -> {
        f.require("setWeight");
        return f.integer("setWeight")
            .map(
                w -> {
                  if (w < 0 || w > 100) {
                    f.problem("setWeight", "must be 0..100, was " + w);
                  }
                  return new StepSpec.SetWeight(w);
                });
      }
      case "analysis" -> {
        return f.requiredMapping("analysis", DURATION)
            .flatMap(
                a -> {
                  a.require("duration");
                  return a.duration("duration").map(StepSpec.Analysis::new);
                });
      }
      default -> {
        if (f.node("pause")
            .filter(n -> n instanceof ScalarNode s && s.getTag().equals(Tag.NULL))
            .isPresent()) {
          return Optional.of(new StepSpec.Pause(Optional.empty()));
        }
        return f.mapping("pause", DURATION).map(p -> new StepSpec.Pause(p.duration("duration")));
      }
    }
  }
}
