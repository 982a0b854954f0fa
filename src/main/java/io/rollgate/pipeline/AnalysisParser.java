package io.rollgate.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Reads {@code spec.production.canary.analysis}: limits, Prometheus, metrics; renders every query
 * once.
 */
final class AnalysisParser {
  static final Set<String> FIELDS =
      Set.of(
          "interval",
          "failureLimit",
          "inconclusiveLimit",
          "consecutiveErrorLimit",
          "prometheus",
          "metrics");
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
  static final int DEFAULT_CONSECUTIVE_ERROR_LIMIT = 4;
  private static final Set<String> PROMETHEUS =
      Set.of(
          "address",
          "bearerTokenEnv",
          "bearerTokenFile",
          "basicAuth",
          "headers",
          "caFile",
          "insecureSkipVerify",
          "timeout");
  private static final Set<String> BASIC_AUTH = Set.of("username", "passwordEnv");
  private static final Set<String> METRIC =
      Set.of(
          "name",
          "query",
          "min",
          "max",
          "noData",
          "minSamples",
          "compare",
          "failureLimit",
          "inconclusiveLimit",
          "consecutiveErrorLimit");
  private static final Set<String> MIN_SAMPLES = Set.of("query", "min");
  private static final Set<String> COMPARE = Set.of("against", "maxRatio", "maxIncrease");
  private static final List<String> NO_DATA = List.of("pass", "fail", "inconclusive");

  private final Reading reading;
  private final Path file;
  private final Map<String, String> templateValues;

  AnalysisParser(Reading reading, Path file, Map<String, String> templateValues) {
    this.reading = reading;
    this.file = file;
    this.templateValues = templateValues;
  }

  Optional<AnalysisSpec> parse(Fields f) {
    Duration interval = f.duration("interval", DEFAULT_INTERVAL);
    int failureLimit = f.integer("failureLimit", 0, 0, Integer.MAX_VALUE);
    int inconclusiveLimit = f.integer("inconclusiveLimit", 0, 0, Integer.MAX_VALUE);
    int errorLimit =
        f.integer("consecutiveErrorLimit", DEFAULT_CONSECUTIVE_ERROR_LIMIT, 0, Integer.MAX_VALUE);
    Optional<PrometheusSpec> prometheus =
        f.requiredMapping("prometheus", PROMETHEUS).flatMap(this::prometheus);
    f.require("metrics");
    List<MetricSpec> metrics = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Fields.Item item : f.list("metrics")) {
      Fields.of(item.node(), item.path(), reading, METRIC)
          .ifPresent(
              m -> {
                Optional<MetricSpec> metric = metric(m);
                metric
                    .filter(x -> !x.name().isEmpty() && !names.add(x.name()))
                    .ifPresent(
                        x ->
                            m.problem(
                                "name", "duplicate metric name '" + Excerpt.of(x.name()) + "'"));
                metric.ifPresent(metrics::add);
              });
    }
    if (f.has("metrics") && f.list("metrics").isEmpty()) {
      f.problem("metrics", "must hold at least one metric");
    }
    return prometheus.map(
        p -> new AnalysisSpec(interval, failureLimit, inconclusiveLimit, errorLimit, p, metrics));
  }

  private Optional<PrometheusSpec> prometheus(Fields f) {
    String address = f.requiredString("address");
    // the value is not echoed: an address may carry user:password@ (often from ${VAR})
    if (!address.isEmpty()) {
      Urls.problem(address).ifPresent(problem -> f.problem("address", problem));
    }
    Optional<String> tokenEnv = f.string("bearerTokenEnv");
    tokenEnv
        .filter(n -> !Variables.isName(n))
        .ifPresent(
            n ->
                f.problem(
                    "bearerTokenEnv",
                    "must name an environment variable, was '" + Excerpt.of(n) + "'"));
    long auths =
        List.of("bearerTokenEnv", "bearerTokenFile", "basicAuth").stream().filter(f::has).count();
    if (auths > 1) {
      f.problem("give at most one of 'bearerTokenEnv', 'bearerTokenFile' or 'basicAuth'");
    }
    Optional<PrometheusSpec.BasicAuth> basicAuth =
        f.mapping("basicAuth", BASIC_AUTH)
            .map(
                b ->
                    new PrometheusSpec.BasicAuth(
                        b.requiredString("username"), b.requiredString("passwordEnv")));
    return Optional.of(
        new PrometheusSpec(
            address,
            tokenEnv,
            f.string("bearerTokenFile").map(this::resolve),
            basicAuth,
            f.stringMap("headers"),
            f.string("caFile").map(this::resolve),
            f.bool("insecureSkipVerify", false),
            f.duration("timeout", PrometheusSpec.DEFAULT_TIMEOUT)));
  }

  private Path resolve(String entry) {
    return PipelinePaths.resolve(file, entry);
  }

  private Optional<MetricSpec> metric(Fields f) {
    String name = f.requiredString("name");
    if (!name.isEmpty() && !name.matches("[A-Za-z0-9_.:-]+")) {
      f.problem(
          "name", "must be letters, digits, '_', '.', ':' or '-', was '" + Excerpt.of(name) + "'");
    }
    String query = f.requiredString("query");
    f.scalar("query")
        .ifPresent(q -> TemplateCheck.check(q, f.path("query"), reading, templateValues));
    OptionalDouble min = f.number("min");
    OptionalDouble max = f.number("max");
    if (min.isPresent() && max.isPresent() && min.getAsDouble() > max.getAsDouble()) {
      f.problem("min", "is greater than max");
    }
    String noData = f.string("noData").orElse("inconclusive");
    if (!NO_DATA.contains(noData)) {
      f.problem(
          "noData",
          "must be one of " + String.join(", ", NO_DATA) + ", was '" + Excerpt.of(noData) + "'");
    }
    Optional<MetricSpec.MinSamples> minSamples =
        f.mapping("minSamples", MIN_SAMPLES).map(this::minSamples);
    Optional<MetricSpec.Compare> compare = f.mapping("compare", COMPARE).map(this::compare);
    // a max or min given but not a number has its own problem already
    if (min.isEmpty()
        && max.isEmpty()
        && !f.has("compare")
        && !givenButNotANumber(f, "max")
        && !givenButNotANumber(f, "min")) {
      f.problem("needs 'max', 'min' or 'compare'");
    }
    MetricSpec.NoDataPolicy policy =
        NO_DATA.contains(noData)
            ? MetricSpec.NoDataPolicy.valueOf(noData.toUpperCase(java.util.Locale.ROOT))
            : MetricSpec.NoDataPolicy.INCONCLUSIVE;
    MetricSpec.Limits limits =
        new MetricSpec.Limits(
            limit(f, "failureLimit"),
            limit(f, "inconclusiveLimit"),
            limit(f, "consecutiveErrorLimit"));
    return Optional.of(new MetricSpec(name, query, min, max, policy, minSamples, compare, limits));
  }

  /** A metric's own limit, overriding the analysis' one of the same name. */
  private static java.util.OptionalInt limit(Fields f, String key) {
    if (!f.has(key)) {
      return java.util.OptionalInt.empty();
    }
    return java.util.OptionalInt.of(f.integer(key, 0, 0, Integer.MAX_VALUE));
  }

  private MetricSpec.MinSamples minSamples(Fields f) {
    String query = f.requiredString("query");
    f.scalar("query")
        .ifPresent(q -> TemplateCheck.check(q, f.path("query"), reading, templateValues));
    f.require("min");
    return new MetricSpec.MinSamples(query, f.nonNegative("min").orElse(0));
  }

  private MetricSpec.Compare compare(Fields f) {
    String against = f.string("against").orElse("stable");
    if (!against.equals("stable")) {
      f.problem("against", "must be 'stable', was '" + Excerpt.of(against) + "'");
    }
    OptionalDouble maxRatio = f.nonNegative("maxRatio");
    OptionalDouble maxIncrease = f.number("maxIncrease");
    if (!f.has("maxRatio") && !f.has("maxIncrease")) {
      f.problem("needs 'maxRatio', 'maxIncrease' or both");
    }
    return new MetricSpec.Compare(against, maxRatio, maxIncrease);
  }

  /** A threshold given with a value that is no number: its own problem says so already. */
  private static boolean givenButNotANumber(Fields f, String key) {
    return f.has(key) && !f.isEmpty(key);
  }
}
